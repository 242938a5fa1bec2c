import { FilterEditor } from '@tangram/runtime';
import type {
  ApproveNode,
  AutomationNode,
  BranchNode,
  CcNode,
  EndNode,
  FillNode,
  Filter,
  FormDefinition,
  ForkNode,
  I18NText,
  JoinNode,
  NodeTimeout,
  StartNode,
} from '@tangram/schema';
import { Checkbox, Form, Input, Radio, Select, Switch, Tabs, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { I18nInput } from '../../designer/properties/controls';
import type { Access } from '../core/commands';
import { ALWAYS } from '../core/node-factory';
import type { OrgDirectory } from '../directory';
import { selectWorkflow, useWorkflowEditor, useWorkflowStore } from '../store/context';
import { AssigneeEditor } from './assignee-editor';
import { DurationInput } from './duration-input';
import { FieldAccessGrid } from './field-access-grid';
import { useNodeUpdate } from './use-node-update';

export interface PanelProps<N> {
  node: N;
  form: FormDefinition;
  directory: OrgDirectory;
}

function Prop({ label, children, help }: { label: ReactNode; children: ReactNode; help?: ReactNode }) {
  return (
    <Form.Item label={label} help={help} style={{ marginBottom: help ? 22 : 14 }}>
      {children}
    </Form.Item>
  );
}

function NameProp({ nodeId, value }: { nodeId: string; value: StartNode['name'] }) {
  const { t } = useTranslation('workflow');
  const update = useNodeUpdate(nodeId);
  return (
    <Prop label={t('panel.name')}>
      <I18nInput value={value} onChange={(name) => update({ name }, 'name')} testId="node-name" />
    </Prop>
  );
}

/** Field permissions of a node, wired to the set-access commands. */
function AccessTab({
  node,
  form,
}: {
  node: StartNode | ApproveNode | FillNode | CcNode;
  form: FormDefinition;
}) {
  const { t } = useTranslation('workflow');
  const store = useWorkflowStore();
  const workflowId = useWorkflowEditor((s) => selectWorkflow(s)?.id ?? '');
  const dispatch = store.getState().dispatch;
  return (
    <>
      <Typography.Paragraph type="secondary" className="tg-wfd-hint">
        {t(node.type === 'start' ? 'panel.startFields' : 'panel.nodeFields')}
      </Typography.Paragraph>
      <FieldAccessGrid
        form={form}
        value={node.fields}
        nodeType={node.type}
        onSet={(fieldId: string, access: Access) =>
          dispatch({ type: 'setFieldAccess', workflowId, nodeId: node.id, fieldId, access })
        }
        onAll={(fieldIds: string[], access: Access) =>
          dispatch({ type: 'setAllFieldAccess', workflowId, nodeId: node.id, fieldIds, access })
        }
      />
    </>
  );
}

export function StartPanel({ node, form }: PanelProps<StartNode>) {
  return (
    <>
      <NameProp nodeId={node.id} value={node.name} />
      <AccessTab node={node} form={form} />
    </>
  );
}

const ACTIONS = ['reject', 'transfer', 'addApprover', 'sign'] as const;
const REJECT_TARGETS = ['end', 'start', 'previous', 'chosen'] as const;

/** Timeouts: remind after, remind every, act after with approve / reject / escalate to. */
function TimeoutProps({ node, form, directory }: PanelProps<ApproveNode | FillNode>) {
  const { t } = useTranslation('workflow');
  const update = useNodeUpdate(node.id);
  const timeout = node.timeout;
  const set = (patch: Partial<NodeTimeout>) => {
    const next = Object.fromEntries(
      Object.entries({ ...timeout, ...patch }).filter(([, v]) => v !== undefined),
    );
    update({ timeout: next }, 'timeout');
  };
  return (
    <>
      <Prop label={t('panel.timeout')}>
        <Switch
          checked={!!timeout}
          onChange={(on) => update({ timeout: on ? { remindAfterMinutes: 1440 } : undefined })}
          data-testid="timeout-switch"
        />
        <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
          {t('panel.timeoutOn')}
        </Typography.Text>
      </Prop>
      {timeout ? (
        <div className="tg-wfd-subsection">
          <Prop label={t('panel.remindAfter')}>
            <DurationInput
              value={timeout.remindAfterMinutes}
              onChange={(v) => set({ remindAfterMinutes: v })}
            />
          </Prop>
          <Prop label={t('panel.remindEvery')}>
            <DurationInput
              value={timeout.remindEveryMinutes}
              min={5}
              onChange={(v) => set({ remindEveryMinutes: v })}
            />
          </Prop>
          <Prop label={t('panel.actAfter')}>
            <DurationInput value={timeout.actAfterMinutes} onChange={(v) => set({ actAfterMinutes: v })} />
          </Prop>
          <Prop label={t('panel.action')}>
            <Select
              allowClear
              data-testid="timeout-action"
              value={timeout.action}
              style={{ width: '100%' }}
              onChange={(action: NodeTimeout['action']) =>
                set({
                  action,
                  escalateTo: action === 'escalate' ? (timeout.escalateTo ?? []) : undefined,
                })
              }
              options={(['approve', 'reject', 'escalate'] as const).map((a) => ({
                value: a,
                label: t(`panel.actions2.${a}`),
              }))}
            />
          </Prop>
          {timeout.action === 'escalate' ? (
            <Prop label={t('panel.escalateTo')}>
              <AssigneeEditor
                value={timeout.escalateTo ?? []}
                onChange={(escalateTo) => set({ escalateTo })}
                form={form}
                directory={directory}
                testId="escalate-to"
              />
            </Prop>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

/** Approve and fill nodes: handlers, mode, field permissions, actions and timeouts. */
export function HandlerPanel({ node, form, directory }: PanelProps<ApproveNode | FillNode>) {
  const { t } = useTranslation('workflow');
  const update = useNodeUpdate(node.id);
  const approve = node.type === 'approve';
  // Reject is allowed at approve nodes unless a given list omits it (the schema's default).
  const actions = node.actions ?? (approve ? ['reject'] : []);
  const rejectTo = node.rejectTo ?? ['end'];
  const basic = (
    <>
      <NameProp nodeId={node.id} value={node.name} />
      <Prop label={t(approve ? 'panel.assignees' : 'panel.handlers')}>
        <AssigneeEditor
          value={node.assignees}
          onChange={(assignees) => update({ assignees })}
          form={form}
          directory={directory}
          testId="assignees"
        />
      </Prop>
      <Prop label={t(approve ? 'panel.mode' : 'panel.fillMode')}>
        <Radio.Group
          value={node.mode ?? 'any'}
          onChange={(e) => update({ mode: e.target.value })}
          className="tg-wfd-radios"
          data-testid="mode"
          options={(['any', 'all', 'sequence'] as const).map((m) => ({ value: m, label: t(`modes.${m}`) }))}
        />
      </Prop>
    </>
  );
  const advanced = (
    <>
      <Prop label={t('panel.actions')}>
        <Checkbox.Group
          value={actions}
          onChange={(v) => update({ actions: v })}
          options={ACTIONS.map((a) => ({ value: a, label: t(`panel.actionNames.${a}`) }))}
          data-testid="actions"
        />
      </Prop>
      {actions.includes('reject') ? (
        <Prop label={t('panel.rejectTo')} help={t('panel.rejectHint')}>
          <Select
            mode="multiple"
            value={rejectTo}
            style={{ width: '100%' }}
            onChange={(v: string[]) => update({ rejectTo: v.length ? v : undefined })}
            options={REJECT_TARGETS.map((r) => ({ value: r, label: t(`panel.rejectTargets.${r}`) }))}
            data-testid="reject-to"
          />
        </Prop>
      ) : null}
      <Prop label={t('panel.requirements')}>
        <div className="tg-wfd-checks">
          <Checkbox
            checked={!!node.commentRequired}
            onChange={(e) => update({ commentRequired: e.target.checked || undefined })}
          >
            {t('panel.commentRequired')}
          </Checkbox>
          <Checkbox
            checked={!!node.signatureRequired}
            onChange={(e) => update({ signatureRequired: e.target.checked || undefined })}
          >
            {t('panel.signatureRequired')}
          </Checkbox>
        </div>
      </Prop>
      <Prop label={t('panel.whenNoAssignee')}>
        <Radio.Group
          value={node.whenNoAssignee ?? 'pass'}
          onChange={(e) => update({ whenNoAssignee: e.target.value })}
          options={(['pass', 'admin'] as const).map((p) => ({ value: p, label: t(`panel.noAssignee.${p}`) }))}
        />
      </Prop>
      <TimeoutProps node={node} form={form} directory={directory} />
    </>
  );
  return (
    <Tabs
      size="small"
      items={[
        { key: 'basic', label: t('panel.tabs.basic'), children: basic },
        { key: 'fields', label: t('panel.tabs.fields'), children: <AccessTab node={node} form={form} /> },
        { key: 'advanced', label: t('panel.tabs.advanced'), children: advanced },
      ]}
    />
  );
}

export function CcPanel({ node, form, directory }: PanelProps<CcNode>) {
  const { t } = useTranslation('workflow');
  const update = useNodeUpdate(node.id);
  return (
    <Tabs
      size="small"
      items={[
        {
          key: 'basic',
          label: t('panel.tabs.basic'),
          children: (
            <>
              <NameProp nodeId={node.id} value={node.name} />
              <Prop label={t('panel.recipients')}>
                <AssigneeEditor
                  value={node.recipients}
                  onChange={(recipients) => update({ recipients })}
                  form={form}
                  directory={directory}
                  testId="recipients"
                />
              </Prop>
            </>
          ),
        },
        { key: 'fields', label: t('panel.tabs.fields'), children: <AccessTab node={node} form={form} /> },
      ]}
    />
  );
}

export function AutomationPanel({ node }: PanelProps<AutomationNode>) {
  const { t } = useTranslation('workflow');
  const update = useNodeUpdate(node.id);
  return (
    <>
      <NameProp nodeId={node.id} value={node.name} />
      <Prop label={t('panel.hook')} help={t('panel.hookHint')}>
        <Input
          value={node.hook}
          maxLength={100}
          onChange={(e) => update({ hook: e.target.value }, 'hook')}
          data-testid="hook"
        />
      </Prop>
    </>
  );
}

function Described({ nodeId, name, text }: { nodeId: string; name: StartNode['name']; text: string }) {
  return (
    <>
      <NameProp nodeId={nodeId} value={name} />
      <Typography.Paragraph type="secondary" className="tg-wfd-hint">
        {text}
      </Typography.Paragraph>
    </>
  );
}

export function BranchPanel({ node }: PanelProps<BranchNode>) {
  const { t } = useTranslation('workflow');
  return <Described nodeId={node.id} name={node.name} text={t('panel.branch')} />;
}
export function ForkPanel({ node }: PanelProps<ForkNode>) {
  const { t } = useTranslation('workflow');
  return <Described nodeId={node.id} name={node.name} text={t('panel.fork')} />;
}
export function JoinPanel({ node }: PanelProps<JoinNode>) {
  const { t } = useTranslation('workflow');
  return <Described nodeId={node.id} name={node.name} text={t('panel.join')} />;
}
export function EndPanel({ node }: PanelProps<EndNode>) {
  const { t } = useTranslation('workflow');
  return <Described nodeId={node.id} name={node.name} text={t('panel.end')} />;
}

/** Fields a branch condition cannot test (the definition checks refuse them). */
const NOT_TESTABLE = new Set(['description', 'divider', 'subform']);

/** One conditional path of a branch: its name and condition (the data views' filter builder). */
export function PathPanel({
  node,
  pathId,
  form,
}: {
  node: BranchNode;
  pathId: string;
  form: FormDefinition;
}) {
  const { t } = useTranslation('workflow');
  const store = useWorkflowStore();
  const workflowId = useWorkflowEditor((s) => selectWorkflow(s)?.id ?? '');
  const path = node.branches.find((b) => b.id === pathId);
  if (!path) return null;
  const update = (patch: { name?: I18NText; condition?: Filter }, key?: string) =>
    store
      .getState()
      .dispatch(
        { type: 'updatePath', workflowId, nodeId: node.id, pathId, patch },
        key ? { coalesceKey: `${pathId}:${key}` } : undefined,
      );
  return (
    <>
      <Prop label={t('panel.pathName')}>
        <I18nInput value={path.name} onChange={(name) => update({ name }, 'name')} testId="path-name" />
      </Prop>
      <Prop label={t('panel.condition')} help={t('panel.conditionHint')}>
        <FilterEditor
          form={form}
          value={path.condition}
          fields={form.fields.filter((f) => !NOT_TESTABLE.has(f.type)).map((f) => f.id)}
          onChange={(condition) => update({ condition: condition ?? ALWAYS }, 'condition')}
          testId="path-condition"
        />
      </Prop>
    </>
  );
}
