import { DeleteOutlined, ExclamationCircleFilled, StopOutlined } from '@ant-design/icons';
import { pickText } from '@tangram/runtime';
import type { FormDefinition, WorkflowDefinition } from '@tangram/schema';
import { Alert, App, Button, Checkbox, Form, Radio, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { I18nInput } from '../../designer/properties/controls';
import type { FlowTree } from '../core/flow-tree';
import type { PlacedIssue } from '../core/issues';
import type { OrgDirectory } from '../directory';
import { entryFor, type NodeTypeRegistry } from '../node-types';
import { useWorkflowStore } from '../store/context';
import type { Selection } from '../store/workflow-store';
import { PathPanel } from './node-panels';

function IssueList({ issues }: { issues: readonly PlacedIssue[] }) {
  if (!issues.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      icon={<ExclamationCircleFilled />}
      style={{ marginBottom: 12 }}
      data-testid="panel-issues"
      message={
        <ul className="tg-wfd-issue-list">
          {issues.map((i) => (
            // The message says what is wrong and the panel is the node's: the JSON pointer below
            // the node ("assignees/0/ids") is for machines and stays out of the text.
            <li key={`${i.path}-${i.message}`}>{i.message}</li>
          ))}
        </ul>
      }
    />
  );
}

type EditAfterApproval = NonNullable<NonNullable<WorkflowDefinition['settings']>['editAfterApproval']>;

/** The choices of the editAfterApproval setting, in the order shown, with their text keys. */
const EDIT_AFTER_APPROVAL = [
  ['locked', 'panel.editLocked'],
  ['reopen', 'panel.editReopen'],
  ['allow', 'panel.editAllow'],
] as const satisfies readonly (readonly [EditAfterApproval, string])[];

/** Nothing selected: the workflow's own name and settings, and every problem of the flow. */
function WorkflowSettingsPanel({
  wf,
  issues,
  onPick,
}: {
  wf: WorkflowDefinition;
  issues: Map<string, PlacedIssue[]>;
  onPick(sel: Selection): void;
}) {
  const { t, i18n } = useTranslation('workflow');
  const store = useWorkflowStore();
  const update = (
    patch: { name?: WorkflowDefinition['name']; settings?: WorkflowDefinition['settings'] },
    key?: string,
  ) =>
    store
      .getState()
      .dispatch({ type: 'updateWorkflow', workflowId: wf.id, patch }, key ? { coalesceKey: key } : undefined);
  const { modal } = App.useApp();
  const settings = wf.settings ?? {};
  const all = [...issues.entries()];
  const disable = () =>
    modal.confirm({
      title: t('panel.disableTitle'),
      content: t('panel.disableText'),
      okText: t('panel.disable'),
      okButtonProps: { danger: true, id: 'confirm-disable' },
      onOk: () => {
        store.getState().dispatch({ type: 'disableWorkflow', formId: wf.form });
      },
    });
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('panel.workflow')}
      </Typography.Title>
      <Form layout="vertical" component="div">
        <Form.Item label={t('panel.name')} style={{ marginBottom: 14 }}>
          <I18nInput
            value={wf.name}
            onChange={(name) => update({ name: name ?? {} }, 'wf-name')}
            testId="workflow-name"
          />
        </Form.Item>
      </Form>
      <div className="tg-wfd-checks" style={{ marginBottom: 16 }}>
        <Checkbox
          checked={settings.allowWithdraw ?? true}
          onChange={(e) => update({ settings: { ...settings, allowWithdraw: e.target.checked } })}
        >
          {t('panel.allowWithdraw')}
        </Checkbox>
        <Checkbox
          checked={!!settings.autoApproveSameUser}
          onChange={(e) =>
            update({ settings: { ...settings, autoApproveSameUser: e.target.checked || undefined } })
          }
        >
          {t('panel.autoApproveSameUser')}
        </Checkbox>
        <Checkbox
          checked={!!settings.forbidSelfApproval}
          onChange={(e) =>
            update({ settings: { ...settings, forbidSelfApproval: e.target.checked || undefined } })
          }
          data-testid="workflow-forbid-self-approval"
        >
          {t('panel.forbidSelfApproval')}
        </Checkbox>
      </div>
      <Form layout="vertical" component="div">
        <Form.Item label={t('panel.editAfterApproval')} style={{ marginBottom: 16 }}>
          {/* locked is the default and is stored as the setting's absence. */}
          <Radio.Group
            value={settings.editAfterApproval ?? 'locked'}
            onChange={(e) => {
              const value = e.target.value as EditAfterApproval;
              update({
                settings: { ...settings, editAfterApproval: value === 'locked' ? undefined : value },
              });
            }}
            data-testid="workflow-edit-after-approval"
            style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
          >
            {EDIT_AFTER_APPROVAL.map(([value, key]) => (
              <Radio key={value} value={value} data-testid={`workflow-edit-after-approval-${value}`}>
                {t(key)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
      </Form>
      <Typography.Title level={5}>{t('panel.issues')}</Typography.Title>
      {all.length === 0 ? (
        <Typography.Text type="secondary">{t('panel.noIssues')}</Typography.Text>
      ) : (
        <ul className="tg-wfd-issue-index" data-testid="workflow-issues">
          {all.flatMap(([key, list]) =>
            list.map((i) => {
              const node = wf.nodes.find((n) => n.id === i.nodeId);
              return (
                <li key={`${key}-${i.path}-${i.message}`}>
                  {i.nodeId ? (
                    <Typography.Link onClick={() => onPick({ nodeId: i.nodeId as string, pathId: i.pathId })}>
                      {pickText(node?.name, i18n.language) || i.nodeId}
                    </Typography.Link>
                  ) : null}{' '}
                  {i.message}
                </li>
              );
            }),
          )}
        </ul>
      )}
      <div className="tg-wfd-danger">
        <Button danger icon={<StopOutlined />} onClick={disable} data-testid="disable-workflow">
          {t('panel.disable')}
        </Button>
        <Typography.Paragraph type="secondary" className="tg-wfd-hint" style={{ marginTop: 6 }}>
          {t('panel.disableHint')}
        </Typography.Paragraph>
      </div>
    </>
  );
}

/** The right-hand panel: the selected node's (or branch path's) properties, or the workflow's. */
export function SidePanel({
  wf,
  tree,
  form,
  directory,
  registry,
  issues,
  selection,
}: {
  wf: WorkflowDefinition;
  tree: FlowTree | null;
  form: FormDefinition;
  directory: OrgDirectory;
  registry: NodeTypeRegistry;
  issues: Map<string, PlacedIssue[]>;
  selection: Selection | null;
}) {
  const { t, i18n } = useTranslation('workflow');
  const store = useWorkflowStore();
  const node = selection ? wf.nodes.find((n) => n.id === selection.nodeId) : undefined;
  if (!selection || !node)
    return <WorkflowSettingsPanel wf={wf} issues={issues} onPick={(s) => store.getState().select(s)} />;
  const entry = entryFor(registry, node);
  const removable = !!tree && node.type !== 'start' && node.type !== 'end' && node.type !== 'join';
  const ownIssues = issues.get(selection.pathId ? `${node.id}/${selection.pathId}` : node.id) ?? [];
  const Panel = entry.Panel;
  const typeName = t(`types.${node.type}`);
  const title = selection.pathId
    ? pickText(
        node.type === 'branch' ? node.branches.find((b) => b.id === selection.pathId)?.name : undefined,
        i18n.language,
      ) || t('panel.condition')
    : pickText(node.name, i18n.language) || typeName;
  return (
    <div data-testid="node-panel" data-node-id={node.id}>
      <div className="tg-wfd-panel-head" style={{ '--wf-color': entry.color } as CSSProperties}>
        <span className="tg-wfd-panel-icon">{entry.icon}</span>
        <Typography.Text strong ellipsis style={{ flex: 1 }}>
          {title}
        </Typography.Text>
        {title !== typeName ? <Typography.Text type="secondary">{typeName}</Typography.Text> : null}
        {removable && !selection.pathId ? (
          <Button
            type="text"
            danger
            size="small"
            icon={<DeleteOutlined />}
            aria-label={t('panel.remove')}
            onClick={() =>
              store.getState().dispatch({ type: 'removeBlock', workflowId: wf.id, nodeId: node.id })
            }
          />
        ) : null}
      </div>
      <IssueList issues={ownIssues} />
      <Form layout="vertical" component="div">
        {selection.pathId && node.type === 'branch' ? (
          <PathPanel key={selection.pathId} node={node} pathId={selection.pathId} form={form} />
        ) : (
          <Panel key={node.id} node={node} form={form} directory={directory} />
        )}
      </Form>
    </div>
  );
}
