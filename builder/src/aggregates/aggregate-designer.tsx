import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons';
import { isApiError } from '@tangram/client';
import { LoadError, Loading, pickText, useAsync, useClient, useServices } from '@tangram/runtime';
import { Badge, Button, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDesignerShortcuts, useLeaveGuard } from '../core/designer-guards';
import { guardedNavigate } from '../core/nav-guard';
import { useAppSave } from '../core/use-app-save';
import { AggregateStoreProvider, useAggregates, useAggregateStore } from './store/context';
import { AggregateEditor } from './ui/aggregate-editor';
import { AggregateList } from './ui/aggregate-list';
import './aggregates.css';
import { UndoRedoButtons } from '../core/undo-redo-buttons';

function TopBar({ onBack }: { onBack(): void }) {
  const { t, i18n } = useTranslation('aggregates');
  const store = useAggregateStore();
  const appName = useAggregates((s) => pickText(s.app.name, i18n.language));
  const dirty = useAggregates((s) => s.dirty);
  // The studio's one save path; the server's validation issues land in the store (shown as a list).
  const { save, saving } = useAppSave(store, { failedText: (message) => t('saveFailed', { message }) });
  useDesignerShortcuts(store, () => void save());
  useLeaveGuard(store, 'aggregates');
  return (
    <div className="tg-ag-topbar">
      <div className="tg-ag-topbar-left">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t('back')} />
        <div className="tg-ag-titles">
          <Typography.Text type="secondary" ellipsis>
            {appName}
          </Typography.Text>
          <Typography.Text strong ellipsis>
            {t('title')}
          </Typography.Text>
        </div>
      </div>
      <Space size={4}>
        <UndoRedoButtons store={store} namespace="aggregates" testIdPrefix="aggregates-" />
        <Badge dot={dirty} offset={[-4, 4]}>
          <Button
            type="primary"
            icon={<SaveOutlined />}
            loading={saving}
            onClick={() => void save()}
            data-testid="aggregates-save"
          >
            {t('save')}
          </Button>
        </Badge>
      </Space>
    </div>
  );
}

/**
 * `/studio/apps/:appId/aggregates[/:aggregateId]`: the app's aggregate tables (decision 0028) on
 * the studio's shared document store and save path.
 */
export function AggregateDesignerPage({ appId, aggregateId }: { appId: string; aggregateId?: string }) {
  const { t } = useTranslation('aggregates');
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
  return (
    <AggregateStoreProvider
      app={result.data.app}
      version={result.data.version}
      selected={aggregateId ?? null}
    >
      <div className="tg-ag" data-testid="aggregate-designer">
        <TopBar onBack={back} />
        <div className="tg-ag-body">
          <AggregateList />
          <AggregateEditor />
        </div>
      </div>
    </AggregateStoreProvider>
  );
}
