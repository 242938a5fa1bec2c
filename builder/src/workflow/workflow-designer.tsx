import {
  ApartmentOutlined,
  ArrowLeftOutlined,
  FormOutlined,
  HistoryOutlined,
  RocketOutlined,
  SafetyOutlined,
} from '@ant-design/icons';
import { isApiError } from '@tangram/client';
import { LoadError, Loading, pickText, useAsync, useClient, useServices } from '@tangram/runtime';
import { validateAppDefinition, type ValidationIssue } from '@tangram/schema';
import { Alert, Badge, Button, Empty, Result, Segmented, Space, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { guardedNavigate } from '../core/nav-guard';
import { FlowCanvas } from './canvas/flow-canvas';
import { FlowDnd } from './canvas/flow-dnd';
import { LayoutError, toFlowTree, type FlowTree } from './core/flow-tree';
import { issuesByTarget, placeWorkflowIssues, type PlacedIssue } from './core/issues';
import { localizeIssue } from './core/issue-text';
import { useOrgDirectory } from './directory';
import { createNodeTypes } from './node-types';
import { SidePanel } from './panel/side-panel';
import {
  selectForm,
  selectWorkflow,
  useWorkflowEditor,
  useWorkflowStore,
  WorkflowStoreProvider,
} from './store/context';
import { usePublish } from './use-publish';
import { VersionsDrawer } from './versions/versions-drawer';
import './workflow.css';
import { useDesignerShortcuts, useLeaveGuard } from '../core/designer-guards';
import { UndoRedoButtons } from '../core/undo-redo-buttons';

function TopBar({ onBack, onForm, onVersions }: { onBack(): void; onForm(): void; onVersions(): void }) {
  const { t, i18n } = useTranslation('workflow');
  const store = useWorkflowStore();
  const appName = useWorkflowEditor((s) => pickText(s.app.name, i18n.language));
  const formName = useWorkflowEditor((s) => pickText(selectForm(s).name, i18n.language));
  const hasWorkflow = useWorkflowEditor((s) => !!selectWorkflow(s));
  const dirty = useWorkflowEditor((s) => s.dirty);
  const version = useWorkflowEditor((s) => s.baseVersion);
  const { router } = useServices();
  const appId = useWorkflowEditor((s) => s.app.id);
  const formId = useWorkflowEditor((s) => s.formId);
  // The form's permissions tab, left like every way out (unpublished changes ask first).
  const openPermissions = () =>
    void guardedNavigate(() =>
      router
        .getState()
        .navigate(`/apps/${encodeURIComponent(appId)}/forms/${encodeURIComponent(formId)}/permissions`),
    );
  const { publish, publishing } = usePublish();
  useDesignerShortcuts(store, () => void publish());
  useLeaveGuard(store, 'workflow');
  return (
    <div className="tg-wfd-topbar">
      <div className="tg-wfd-topbar-left">
        <Button
          type="text"
          icon={<ArrowLeftOutlined />}
          onClick={onBack}
          aria-label={t('back')}
          data-testid="workflow-back"
        />
        <div className="tg-wfd-titles">
          <Typography.Text type="secondary" ellipsis className="tg-hide-xs">
            {appName}
          </Typography.Text>
          <Typography.Text strong ellipsis data-testid="workflow-form-name">
            {formName}
          </Typography.Text>
        </div>
      </div>
      <Segmented
        value="workflow"
        onChange={(v) => (v === 'form' ? onForm() : v === 'permissions' ? openPermissions() : undefined)}
        options={[
          {
            value: 'form',
            icon: <FormOutlined />,
            label: <span className="tg-hide-xs">{t('formTab')}</span>,
          },
          {
            value: 'workflow',
            icon: <ApartmentOutlined />,
            label: <span className="tg-hide-xs">{t('tab')}</span>,
          },
          {
            value: 'permissions',
            icon: <SafetyOutlined />,
            label: <span className="tg-hide-xs">{t('tab', { ns: 'permissions' })}</span>,
          },
        ]}
        data-testid="workflow-tabs"
      />
      <Space size={4} className="tg-wfd-topbar-right">
        <Tag bordered={false} data-testid="workflow-version" className="tg-hide-xs">
          {t('versionTag', { version })}
        </Tag>
        <UndoRedoButtons store={store} namespace="workflow" testIdPrefix="workflow-" />
        <Button icon={<HistoryOutlined />} onClick={onVersions} data-testid="workflow-versions">
          <span className="tg-hide-xs">{t('versions.button')}</span>
        </Button>
        <Tooltip title={dirty ? t('unsaved') : undefined}>
          <Badge dot={dirty} offset={[-4, 4]}>
            <Button
              type="primary"
              icon={<RocketOutlined />}
              loading={publishing}
              // Without a workflow there is nothing to publish, unless it was just turned off.
              disabled={!hasWorkflow && !dirty}
              onClick={() => void publish()}
              data-testid="workflow-publish"
            >
              {t('publish')}
            </Button>
          </Badge>
        </Tooltip>
      </Space>
    </div>
  );
}

/** The form has no workflow yet: explain and offer to create the default one. */
function EnableWorkflow() {
  const { t } = useTranslation('workflow');
  const store = useWorkflowStore();
  const formId = useWorkflowEditor((s) => s.formId);
  return (
    <div className="tg-wfd-enable">
      <Empty
        image={<ApartmentOutlined className="tg-wfd-enable-icon" />}
        description={
          <>
            <Typography.Title level={4}>{t('enable.title')}</Typography.Title>
            <Typography.Paragraph type="secondary" style={{ maxWidth: 460, margin: '0 auto 16px' }}>
              {t('enable.text')}
            </Typography.Paragraph>
          </>
        }
      >
        <Button
          type="primary"
          size="large"
          onClick={() => store.getState().dispatch({ type: 'enableWorkflow', formId })}
          data-testid="enable-workflow"
        >
          {t('enable.button')}
        </Button>
      </Empty>
    </div>
  );
}

const dedupe = (issues: ValidationIssue[]) => {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

function Designer({ onBack, onForm }: { onBack(): void; onForm(): void }) {
  const { t, i18n } = useTranslation('workflow');
  const store = useWorkflowStore();
  const app = useWorkflowEditor((s) => s.app);
  const form = useWorkflowEditor(selectForm);
  const wf = useWorkflowEditor(selectWorkflow);
  const selection = useWorkflowEditor((s) => s.selection);
  const serverIssues = useWorkflowEditor((s) => s.issues);
  const directory = useOrgDirectory();
  const [registry] = useState(createNodeTypes);
  const [versionsOpen, setVersionsOpen] = useState(false);

  const layout = useMemo((): { tree: FlowTree | null; error?: string } => {
    if (!wf) return { tree: null };
    try {
      return { tree: toFlowTree(wf) };
    } catch (e) {
      if (e instanceof LayoutError) return { tree: null, error: e.message };
      throw e;
    }
  }, [wf]);
  // The checks the server runs, run here on every change, plus what the server said last time.
  const localIssues = useMemo(() => {
    const checked = validateAppDefinition(app);
    return checked.ok ? [] : checked.issues;
  }, [app]);
  const issues = useMemo(() => {
    if (!wf) return new Map<string, PlacedIssue[]>();
    const placed = placeWorkflowIssues(app, wf.id, dedupe([...localIssues, ...serverIssues]));
    return issuesByTarget(placed.map((i) => ({ ...i, message: localizeIssue(i, t) })));
  }, [app, wf, localIssues, serverIssues, t]);

  const labelOf = (nodeId: string) => {
    const node = wf?.nodes.find((n) => n.id === nodeId);
    return node ? pickText(node.name, i18n.language) || t(`types.${node.type}`) : nodeId;
  };

  return (
    <div className="tg-wfd" data-testid="workflow-designer">
      <TopBar onBack={onBack} onForm={onForm} onVersions={() => setVersionsOpen(true)} />
      {!wf ? (
        <EnableWorkflow />
      ) : (
        <div className="tg-wfd-body">
          <main
            className="tg-wfd-center"
            onClick={(e) => {
              // A click on the empty canvas (no card, pill, "+" or button) shows the workflow's settings.
              const hit = (e.target as HTMLElement).closest(
                'button, [role=button], .tg-wfd-card, .tg-wfd-cond, .tg-wfd-pill',
              );
              if (!hit) store.getState().select(null);
            }}
          >
            {layout.error ? (
              <Alert
                type="error"
                showIcon
                message={t('notStructured', { message: layout.error })}
                style={{ margin: 24 }}
              />
            ) : null}
            {layout.tree?.orphans.length ? (
              <Alert
                type="warning"
                showIcon
                message={t('orphans', { count: layout.tree.orphans.length })}
                style={{ margin: '16px 24px 0' }}
              />
            ) : null}
            {layout.tree ? (
              <FlowDnd
                labelOf={labelOf}
                onMove={(nodeId, to) => {
                  store.getState().dispatch({ type: 'moveBlock', workflowId: wf.id, nodeId, to });
                }}
              >
                <FlowCanvas
                  tree={layout.tree}
                  form={form}
                  registry={registry}
                  names={directory}
                  issues={issues}
                  selection={selection}
                  workflowId={wf.id}
                  select={(s) => store.getState().select(s)}
                  dispatch={(cmd) => {
                    const result = store.getState().dispatch(cmd);
                    if (cmd.type === 'insertBlock' && result.ok) {
                      // Select what was just inserted: the node the new slot index now holds.
                      const s = store.getState();
                      const next = selectWorkflow(s);
                      if (!next) return;
                      const before = new Set(wf.nodes.map((n) => n.id));
                      const added = next.nodes.find((n) => !before.has(n.id) && n.type !== 'join');
                      if (added) s.select({ nodeId: added.id });
                    }
                  }}
                />
              </FlowDnd>
            ) : null}
          </main>
          <aside className="tg-wfd-right">
            <SidePanel
              wf={wf}
              tree={layout.tree}
              form={form}
              directory={directory}
              registry={registry}
              issues={issues}
              selection={selection}
            />
          </aside>
        </div>
      )}
      <VersionsDrawer open={versionsOpen} onClose={() => setVersionsOpen(false)} directory={directory} />
    </div>
  );
}

/** `/studio/apps/:appId/forms/:formId/workflow`: the form's workflow (流程设置). */
export function WorkflowDesignerPage({ appId, formId }: { appId: string; formId: string }) {
  const { t } = useTranslation('workflow');
  const client = useClient();
  const { router } = useServices();
  const result = useAsync(() => client.apps.get(appId), [client, appId]);
  const appPath = `/apps/${encodeURIComponent(appId)}`;
  const back = () => void guardedNavigate(() => router.getState().navigate(appPath));
  const toForm = () =>
    void guardedNavigate(() => router.getState().navigate(`${appPath}/forms/${encodeURIComponent(formId)}`));
  if (result.error) {
    if (isApiError(result.error) && result.error.status === 404)
      return (
        <Result status="404" title={t('notFound')} extra={<Button onClick={back}>{t('back')}</Button>} />
      );
    return <LoadError error={result.error} onRetry={result.reload} />;
  }
  if (!result.data) return <Loading />;
  const { app, version } = result.data;
  if (!app.forms.some((f) => f.id === formId))
    return <Result status="404" title={t('notFound')} extra={<Button onClick={back}>{t('back')}</Button>} />;
  return (
    <WorkflowStoreProvider app={app} version={version} formId={formId}>
      <Designer onBack={back} onForm={toForm} />
    </WorkflowStoreProvider>
  );
}
