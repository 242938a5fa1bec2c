import {
  ArrowLeftOutlined,
  CodeOutlined,
  DesktopOutlined,
  AppstoreOutlined,
  EditOutlined,
  NodeIndexOutlined,
  PrinterOutlined,
  SafetyOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import { isApiError } from '@tangram/client';
import { LoadError, Loading, pickText, useAsync, useClient, useServices } from '@tangram/runtime';
import type { FieldType } from '@tangram/schema';
import { Badge, Button, Result, Segmented, Space, Tooltip, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { guardedNavigate } from '../core/nav-guard';
import { Canvas } from './canvas/canvas';
import { DesignerDnd } from './dnd/designer-dnd';
import { Palette } from './palette/palette';
import { Preview } from './preview/preview';
import { PropertyPanel } from './properties/property-panel';
import { useSave } from './save/use-save';
import { newField, nextFieldId } from './store/commands';
import { EditorStoreProvider, selectForm, useEditor, useEditorStore } from './store/context';
import { treeOf } from './store/layout';
import { addContainer } from './dnd/containers';
import './designer.css';
import { useDesignerShortcuts, useLeaveGuard } from '../core/designer-guards';
import { UndoRedoButtons } from '../core/undo-redo-buttons';

const JsonView = lazy(() => import('./json/json-view'));

type View = 'design' | 'json' | 'preview';

function TopBar({ view, onView, onBack }: { view: View; onView(v: View): void; onBack(): void }) {
  const { t, i18n } = useTranslation('designer');
  const store = useEditorStore();
  const appName = useEditor((s) => pickText(s.app.name, i18n.language));
  const formName = useEditor((s) => pickText(selectForm(s).name, i18n.language));
  const dirty = useEditor((s) => s.dirty);
  const appId = useEditor((s) => s.app.id);
  const formId = useEditor((s) => selectForm(s).id);
  const { router } = useServices();
  // The form's workflow page (流程设置); unsaved changes ask first, like every way out.
  const openWorkflow = () =>
    void guardedNavigate(() =>
      router
        .getState()
        .navigate(`/apps/${encodeURIComponent(appId)}/forms/${encodeURIComponent(formId)}/workflow`),
    );
  // The form's permission groups (权限设置), reached the same way.
  const openPermissions = () =>
    void guardedNavigate(() =>
      router
        .getState()
        .navigate(`/apps/${encodeURIComponent(appId)}/forms/${encodeURIComponent(formId)}/permissions`),
    );
  // The form's print templates (decision 0045).
  const openPrint = () =>
    void guardedNavigate(() =>
      router
        .getState()
        .navigate(`/apps/${encodeURIComponent(appId)}/forms/${encodeURIComponent(formId)}/print`),
    );
  // The form's shared views (decision 0056).
  const openViews = () =>
    void guardedNavigate(() =>
      router
        .getState()
        .navigate(`/apps/${encodeURIComponent(appId)}/forms/${encodeURIComponent(formId)}/views`),
    );
  const { save, saving } = useSave();
  useDesignerShortcuts(store, () => void save());
  useLeaveGuard(store, 'designer');
  return (
    <div className="tg-dz-topbar">
      <div className="tg-dz-topbar-left">
        <Button
          type="text"
          icon={<ArrowLeftOutlined />}
          onClick={onBack}
          aria-label={t('back')}
          data-testid="designer-back"
        />
        <div className="tg-dz-titles">
          <Typography.Text type="secondary" ellipsis className="tg-hide-xs">
            {appName}
          </Typography.Text>
          <Typography.Text strong ellipsis data-testid="designer-form-name">
            {formName}
          </Typography.Text>
        </div>
      </div>
      <Segmented<View>
        value={view}
        onChange={onView}
        options={[
          {
            value: 'design',
            icon: <EditOutlined />,
            label: <span className="tg-hide-xs">{t('view.design')}</span>,
          },
          {
            value: 'preview',
            icon: <DesktopOutlined />,
            label: <span className="tg-hide-xs">{t('view.preview')}</span>,
          },
          {
            value: 'json',
            icon: <CodeOutlined />,
            label: <span className="tg-hide-xs">{t('view.json')}</span>,
          },
        ]}
        data-testid="designer-view"
      />
      <Space size={4}>
        <UndoRedoButtons store={store} namespace="designer" testIdPrefix="" />
        <Tooltip title={t('workflow')}>
          <Button icon={<NodeIndexOutlined />} onClick={openWorkflow} data-testid="designer-workflow">
            <span className="tg-hide-xs">{t('workflow')}</span>
          </Button>
        </Tooltip>
        <Tooltip title={t('tab', { ns: 'permissions' })}>
          <Button icon={<SafetyOutlined />} onClick={openPermissions} data-testid="designer-permissions">
            <span className="tg-hide-xs">{t('tab', { ns: 'permissions' })}</span>
          </Button>
        </Tooltip>
        <Tooltip title={t('tab', { ns: 'print' })}>
          <Button icon={<PrinterOutlined />} onClick={openPrint} data-testid="designer-print">
            <span className="tg-hide-xs">{t('tab', { ns: 'print' })}</span>
          </Button>
        </Tooltip>
        <Tooltip title={t('tab', { ns: 'studioViews' })}>
          <Button icon={<AppstoreOutlined />} onClick={openViews} data-testid="designer-views">
            <span className="tg-hide-xs">{t('tab', { ns: 'studioViews' })}</span>
          </Button>
        </Tooltip>
        <Badge dot={dirty} offset={[-4, 4]}>
          <Button
            type="primary"
            icon={<SaveOutlined />}
            loading={saving}
            onClick={() => void save()}
            data-testid="designer-save"
          >
            {t('save.button')}
          </Button>
        </Badge>
      </Space>
    </div>
  );
}

function Designer({ onBack }: { onBack(): void }) {
  const { t } = useTranslation('designer');
  const store = useEditorStore();
  const [view, setView] = useState<View>('design');
  const append = (type: FieldType) => {
    const s = store.getState();
    const form = selectForm(s);
    const field = newField(type, nextFieldId(form, type));
    if (
      s.dispatch({
        type: 'addField',
        formId: form.id,
        field,
        at: { kind: 'row', index: treeOf(form).length },
      }).ok
    )
      s.select(field.id);
  };
  return (
    <div className="tg-dz" data-testid="form-designer">
      <TopBar view={view} onView={setView} onBack={onBack} />
      {view === 'design' ? (
        <DesignerDnd>
          <div className="tg-dz-body">
            <aside className="tg-dz-left">
              <Palette
                onAdd={append}
                onAddContainer={(kind) => {
                  const s = store.getState();
                  addContainer(s, kind, treeOf(selectForm(s)).length);
                }}
              />
            </aside>
            <main className="tg-dz-center">
              <Canvas />
            </main>
            <aside className="tg-dz-right">
              <PropertyPanel />
            </aside>
          </div>
        </DesignerDnd>
      ) : view === 'json' ? (
        <Suspense fallback={<Loading />}>
          <JsonView />
        </Suspense>
      ) : (
        <Preview />
      )}
      <span hidden>{t('dnd.instructions')}</span>
    </div>
  );
}

/** `/studio/apps/:appId/forms/:formId`: loads the app and designs one of its forms. */
export function FormDesignerPage({ appId, formId }: { appId: string; formId: string }) {
  const { t } = useTranslation('designer');
  const client = useClient();
  const { router } = useServices();
  const result = useAsync(() => client.apps.get(appId), [client, appId]);
  const back = () =>
    void guardedNavigate(() => router.getState().navigate(`/apps/${encodeURIComponent(appId)}`));
  if (result.error) {
    if (isApiError(result.error) && result.error.status === 404) {
      return (
        <Result status="404" title={t('notFound')} extra={<Button onClick={back}>{t('back')}</Button>} />
      );
    }
    return <LoadError error={result.error} onRetry={result.reload} />;
  }
  if (!result.data) return <Loading />;
  const { app, version } = result.data;
  if (!app.forms.some((f) => f.id === formId)) {
    return <Result status="404" title={t('notFound')} extra={<Button onClick={back}>{t('back')}</Button>} />;
  }
  return (
    <EditorStoreProvider app={app} version={version} formId={formId}>
      <Designer onBack={back} />
    </EditorStoreProvider>
  );
}
