import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  BellOutlined,
  DeleteOutlined,
  EditOutlined,
  ExperimentOutlined,
  FileAddOutlined,
  FilterOutlined,
  PlusOutlined,
  SendOutlined,
  SyncOutlined,
  CloseCircleOutlined,
} from '@ant-design/icons';
import type { AutomationAction, AutomationDefinition } from '@tangram/schema';
import { Alert, Button, Dropdown, Segmented, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgDirectory } from '../../workflow/directory';
import { automationsOf, MAX_ACTIONS } from '../core/commands';
import { ACTION_TYPES, actionKind, triggerFormId, type ActionType } from '../core/kinds';
import { actionSummary, namesIn } from '../core/summary';
import { useAutomations, useAutomationStore } from '../store/context';
import { useSaveAutomations } from '../use-save';
import { ActionEditor } from './action-editors';
import { TRIGGER_ICONS } from './automation-list';
import { ConditionEditor } from './condition-editor';
import { NameInputs } from './controls';
import { RunHistory } from './run-history';
import { TestRunDrawer } from './test-run';
import { TriggerEditor } from './trigger-editor';

export const ACTION_ICONS: Record<ActionType, ReactNode> = {
  create: <FileAddOutlined />,
  update: <EditOutlined />,
  upsert: <SyncOutlined />,
  delete: <CloseCircleOutlined />,
  notify: <BellOutlined />,
  webhook: <SendOutlined />,
};

type Tab = 'design' | 'runs';

/** One numbered step of the flow: trigger, conditions, each action. */
function Step({
  n,
  icon,
  title,
  extra,
  children,
  testId,
}: {
  n: number | string;
  icon: ReactNode;
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
  testId: string;
}) {
  return (
    <section className="tg-ad-step" data-testid={testId}>
      <header className="tg-ad-step-head">
        <span className="tg-ad-step-n">{n}</span>
        <span className="tg-ad-step-icon">{icon}</span>
        <span className="tg-ad-step-title">{title}</span>
        {extra ? <span className="tg-ad-step-extra">{extra}</span> : null}
      </header>
      <div className="tg-ad-step-body">{children}</div>
    </section>
  );
}

/**
 * The selected automation: its name, trigger -> conditions -> actions, a test run and its run
 * history. Every edit is a command of the shared store (undo/redo, one save for the app).
 */
export function AutomationEditor({
  automation,
  directory,
  onRunsChanged,
}: {
  automation: AutomationDefinition;
  directory: OrgDirectory;
  onRunsChanged(): void;
}) {
  const { t, i18n } = useTranslation('automations');
  const store = useAutomationStore();
  const app = useAutomations((s) => s.app);
  const saved = useAutomations((s) => s.saved);
  const issues = useAutomations((s) => s.issues);
  const [tab, setTab] = useState<Tab>('design');
  const [testing, setTesting] = useState(false);
  const names = namesIn(app, i18n.language);
  const id = automation.id;
  const dispatch = store.getState().dispatch;
  const { save, saving } = useSaveAutomations();

  const savedOne = useMemo(() => automationsOf(saved).find((a) => a.id === id), [saved, id]);
  // Server operations (test run, runs, secrets) use the saved definition: say when it differs.
  const isSaved = savedOne !== undefined;
  const upToDate = isSaved && JSON.stringify(savedOne) === JSON.stringify(automation);
  const index = automationsOf(app).findIndex((a) => a.id === id);
  const mine = issues.filter(
    (i) => i.path === `/automations/${index}` || i.path.startsWith(`/automations/${index}/`),
  );
  const formId = triggerFormId(automation.trigger, app);
  const triggerForm = app.forms.find((f) => f.id === formId) ?? null;

  // A test run reads the saved definition: unsaved edits are saved first (the one save path).
  const test = async () => {
    if (!upToDate && (await save()) === null) return;
    setTesting(true);
  };

  const addAction = (type: ActionType) => {
    const action = actionKind(type).make(app, formId);
    if (action) dispatch({ type: 'addAction', id, action });
  };

  return (
    <div className="tg-ad-editor" data-testid="automation-editor">
      <div className="tg-ad-editor-head">
        <div className="tg-ad-editor-name">
          <NameInputs
            value={automation.name}
            onChange={(name) =>
              dispatch({ type: 'renameAutomation', id, name }, { coalesceKey: `name:${id}` })
            }
            testId="automation-name"
          />
        </div>
        <div className="tg-ad-editor-tools">
          <Segmented<Tab>
            value={tab}
            onChange={setTab}
            options={[
              { value: 'design', label: t('editor.design') },
              {
                value: 'runs',
                label: <span data-testid="tab-runs">{t('editor.runs')}</span>,
                disabled: !isSaved,
              },
            ]}
            data-testid="editor-tabs"
          />
          <Tooltip title={upToDate ? t('test.tooltip') : t('test.saveFirst')}>
            <Button
              icon={<ExperimentOutlined />}
              loading={saving}
              onClick={() => void test()}
              data-testid="test-run"
            >
              {upToDate ? t('test.button') : t('test.saveAndTest')}
            </Button>
          </Tooltip>
        </div>
      </div>
      {mine.length ? (
        <Alert
          type="error"
          showIcon
          title={t('issues', { count: mine.length })}
          description={
            <ul className="tg-ad-issues">
              {mine.map((i) => (
                <li key={`${i.path}:${i.message}`}>
                  <Typography.Text code>
                    {i.path.slice(`/automations/${index}`.length) || '/'}
                  </Typography.Text>{' '}
                  {i.message}
                </li>
              ))}
            </ul>
          }
          data-testid="automation-issues"
        />
      ) : null}
      {tab === 'runs' && isSaved ? (
        <RunHistory automation={savedOne} directory={directory} onChanged={onRunsChanged} />
      ) : (
        <div className="tg-ad-flow">
          <Step
            n={1}
            icon={TRIGGER_ICONS[automation.trigger.type]}
            title={t('steps.trigger')}
            testId="step-trigger"
          >
            <TriggerEditor
              app={app}
              trigger={automation.trigger}
              onChange={(trigger) =>
                dispatch({ type: 'setTrigger', id, trigger }, { coalesceKey: `trigger:${id}` })
              }
              automationId={id}
              saved={isSaved}
            />
          </Step>
          <Step
            n={2}
            icon={<FilterOutlined />}
            title={t('steps.condition')}
            extra={automation.condition ? null : <Tag bordered={false}>{t('condition.always')}</Tag>}
            testId="step-condition"
          >
            <ConditionEditor
              form={triggerForm}
              trigger={automation.trigger}
              condition={automation.condition}
              onChange={(side, filter) => dispatch({ type: 'setCondition', id, side, filter })}
            />
          </Step>
          {automation.actions.map((action: AutomationAction, i) => (
            <Step
              key={i}
              n={i + 3}
              icon={ACTION_ICONS[action.type]}
              title={
                <>
                  <Typography.Text strong>{t(`action.types.${action.type}`)}</Typography.Text>
                  <Typography.Text type="secondary" ellipsis className="tg-ad-step-summary">
                    {actionSummary(action, t, names)}
                  </Typography.Text>
                </>
              }
              extra={
                <>
                  <Button
                    type="text"
                    size="small"
                    icon={<ArrowUpOutlined />}
                    disabled={i === 0}
                    onClick={() => dispatch({ type: 'moveAction', id, index: i, to: i - 1 })}
                    aria-label={t('action.up')}
                  />
                  <Button
                    type="text"
                    size="small"
                    icon={<ArrowDownOutlined />}
                    disabled={i === automation.actions.length - 1}
                    onClick={() => dispatch({ type: 'moveAction', id, index: i, to: i + 1 })}
                    aria-label={t('action.down')}
                  />
                  <Button
                    type="text"
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    disabled={automation.actions.length === 1}
                    onClick={() => dispatch({ type: 'removeAction', id, index: i })}
                    aria-label={t('action.remove')}
                    data-testid={`action-${i}-remove`}
                  />
                </>
              }
              testId={`step-action-${i}`}
            >
              <ActionEditor
                app={app}
                action={action}
                triggerForm={triggerForm}
                earlier={automation.actions.slice(0, i)}
                directory={directory}
                automationId={id}
                saved={isSaved}
                onChange={(next, key) =>
                  dispatch(
                    { type: 'setAction', id, index: i, action: next },
                    key ? { coalesceKey: `${id}:${i}:${key}` } : undefined,
                  )
                }
                onMapping={(at, field, value) =>
                  dispatch(
                    { type: 'setMapping', id, index: i, at, field, value },
                    { coalesceKey: `${id}:${i}:${at}:${field}:${value?.kind ?? 'none'}` },
                  )
                }
                testId={`action-${i}`}
              />
            </Step>
          ))}
          <Dropdown
            trigger={['click']}
            disabled={automation.actions.length >= MAX_ACTIONS}
            menu={{
              items: ACTION_TYPES.map((type) => ({
                key: type,
                icon: ACTION_ICONS[type],
                label: <span data-testid={`add-action-${type}`}>{t(`action.types.${type}`)}</span>,
                disabled: actionKind(type).make(app, formId) === null,
              })),
              onClick: ({ key }) => addAction(key as ActionType),
            }}
          >
            <Button block type="dashed" icon={<PlusOutlined />} data-testid="add-action">
              {t('action.add')}
            </Button>
          </Dropdown>
        </div>
      )}
      {isSaved ? (
        <TestRunDrawer
          automation={automation}
          open={testing}
          onClose={() => setTesting(false)}
          directory={directory}
        />
      ) : null}
    </div>
  );
}
