import { ArrowLeftOutlined, RobotOutlined, SaveOutlined, WarningOutlined } from '@ant-design/icons';
import { isApiError } from '@tangram/client';
import { LoadError, Loading, pickText, useAsync, useClient, useServices } from '@tangram/runtime';
import { Badge, Button, Empty, Grid, Result, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesignerShortcuts, useLeaveGuard } from '../core/designer-guards';
import { guardedNavigate } from '../core/nav-guard';
import { useOrgDirectory } from '../workflow/directory';
import {
  AutomationStoreProvider,
  selectAutomation,
  useAutomations,
  useAutomationStore,
} from './store/context';
import { AutomationEditor } from './ui/automation-editor';
import { AutomationList } from './ui/automation-list';
import { DeadLetterDrawer } from './ui/dead-letters';
import { useAutomationServerState } from './ui/server-state';
import { useSaveAutomations } from './use-save';
import './automations.css';
import { UndoRedoButtons } from '../core/undo-redo-buttons';

function TopBar({ onBack }: { onBack(): void }) {
  const { t, i18n } = useTranslation('automations');
  const store = useAutomationStore();
  const appName = useAutomations((s) => pickText(s.app.name, i18n.language));
  const dirty = useAutomations((s) => s.dirty);
  const { save, saving } = useSaveAutomations();
  useDesignerShortcuts(store, () => void save());
  useLeaveGuard(store, 'automations');
  const [deadOpen, setDeadOpen] = useState(false);
  return (
    <div className="tg-ad-topbar">
      <div className="tg-ad-topbar-left">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t('back')} />
        <div className="tg-ad-titles">
          <Typography.Text type="secondary" ellipsis className="tg-hide-xs">
            {appName}
          </Typography.Text>
          <Typography.Text strong ellipsis>
            <RobotOutlined /> {t('title')}
          </Typography.Text>
        </div>
      </div>
      <Space size={4}>
        <Button
          type="text"
          icon={<WarningOutlined />}
          onClick={() => setDeadOpen(true)}
          data-testid="open-dead-letters"
          aria-label={t('deadLetters.open')}
        >
          <span className="tg-hide-xs">{t('deadLetters.open')}</span>
        </Button>
        <DeadLetterDrawer open={deadOpen} onClose={() => setDeadOpen(false)} />
        <UndoRedoButtons store={store} namespace="automations" testIdPrefix="automations-" />
        <Badge dot={dirty} offset={[-4, 4]}>
          <Button
            type="primary"
            icon={<SaveOutlined />}
            loading={saving}
            onClick={() => void save()}
            data-testid="automations-save"
          >
            {t('save')}
          </Button>
        </Badge>
      </Space>
    </div>
  );
}

function Designer({ onBack }: { onBack(): void }) {
  const { t } = useTranslation('automations');
  const store = useAutomationStore();
  const directory = useOrgDirectory();
  const screens = Grid.useBreakpoint();
  const appId = useAutomations((s) => s.app.id);
  const version = useAutomations((s) => s.baseVersion);
  const automation = useAutomations(selectAutomation);
  const server = useAutomationServerState(appId, version);
  // On a phone the list and the editor take turns; on a wide screen they sit side by side.
  const narrow = !screens.md;
  const select = (id: string | null) => store.getState().select(id);
  return (
    <div className="tg-ad" data-testid="automation-designer">
      <TopBar onBack={onBack} />
      <div className={`tg-ad-body${narrow ? ' is-narrow' : ''}`}>
        {!narrow || !automation ? <AutomationList server={server} onOpen={select} /> : null}
        {automation ? (
          <div className="tg-ad-main">
            {narrow ? (
              <Button
                type="link"
                icon={<ArrowLeftOutlined />}
                onClick={() => select(null)}
                className="tg-ad-back"
                data-testid="automation-back-to-list"
              >
                {t('list.title')}
              </Button>
            ) : null}
            <AutomationEditor
              key={automation.id}
              automation={automation}
              directory={directory}
              onRunsChanged={server.reload}
            />
          </div>
        ) : !narrow ? (
          <div className="tg-ad-main tg-ad-placeholder">
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pickOne')} />
          </div>
        ) : null}
      </div>
    </div>
  );
}

/**
 * `/studio/apps/:appId/automations[/:automationId]`: the app's automations (智能助手), the list and
 * the selected one's editor, saved with the rest of the app.
 */
export function AutomationDesignerPage({ appId, automationId }: { appId: string; automationId?: string }) {
  const { t } = useTranslation('automations');
  const client = useClient();
  const { router } = useServices();
  const result = useAsync(() => client.apps.get(appId), [client, appId]);
  const back = () =>
    void guardedNavigate(() => router.getState().navigate(`/apps/${encodeURIComponent(appId)}`));
  if (result.error) {
    if (isApiError(result.error) && result.error.status === 404)
      return (
        <Result status="404" title={t('notFound')} extra={<Button onClick={back}>{t('back')}</Button>} />
      );
    return <LoadError error={result.error} onRetry={result.reload} />;
  }
  if (!result.data) return <Loading />;
  const { app, version } = result.data;
  return (
    <AutomationStoreProvider app={app} version={version} selected={automationId ?? null}>
      <Designer onBack={back} />
    </AutomationStoreProvider>
  );
}
