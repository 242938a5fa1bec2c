import { HistoryOutlined } from '@ant-design/icons';
import { isApiError } from '@tangram/client';
import { useAsync, useClient } from '@tangram/runtime';
import { App, Button, Drawer, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgDirectory } from '../directory';
import { useWorkflowEditor, useWorkflowStore } from '../store/context';
import { VersionView } from './version-view';

/**
 * The app's versions (every publish is one). Restoring goes through the existing restore endpoint,
 * which publishes a new version equal to the chosen one; running instances keep their snapshot.
 */
export function VersionsDrawer({
  open,
  onClose,
  directory,
}: {
  open: boolean;
  onClose(): void;
  directory: OrgDirectory;
}) {
  const { t, i18n } = useTranslation('workflow');
  const client = useClient();
  const store = useWorkflowStore();
  const { modal, message } = App.useApp();
  const appId = useWorkflowEditor((s) => s.app.id);
  const current = useWorkflowEditor((s) => s.baseVersion);
  const dirty = useWorkflowEditor((s) => s.dirty);
  const formId = useWorkflowEditor((s) => s.formId);
  const [viewing, setViewing] = useState<number | null>(null);
  const versions = useAsync(
    () => (open ? client.apps.versions(appId) : Promise.resolve(null)),
    [client, appId, open, current],
  );
  const items = [...(versions.data?.items ?? [])].sort((a, b) => b.version - a.version);
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  const restore = (version: number) =>
    modal.confirm({
      title: t('versions.restoreTitle', { version }),
      content: t('versions.restoreText', { version }),
      okText: t('versions.restore'),
      okButtonProps: { id: 'confirm-restore' },
      onOk: async () => {
        try {
          const restored = await client.apps.restore(appId, version);
          store.getState().reset(restored.app, restored.version);
          void message.success(t('versions.restored', { version: restored.version }));
          setViewing(null);
          onClose();
        } catch (e) {
          const text = isApiError(e) || e instanceof Error ? e.message : String(e);
          void message.error(t('publishFailed', { message: text }));
        }
      },
    });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={
        <span>
          <HistoryOutlined /> {t('versions.title')}
        </span>
      }
      width={380}
      data-testid="versions-drawer"
    >
      <Typography.Paragraph type="secondary">{t('versions.hint')}</Typography.Paragraph>
      <List
        loading={versions.loading}
        dataSource={items}
        renderItem={(v) => (
          <List.Item
            data-testid={`version-${v.version}`}
            actions={
              v.version === current
                ? [
                    <Tag key="current" color="blue" bordered={false}>
                      {t('versions.current')}
                    </Tag>,
                  ]
                : [
                    <Button
                      key="view"
                      size="small"
                      type="link"
                      onClick={() => setViewing(v.version)}
                      data-testid={`view-${v.version}`}
                    >
                      {t('versions.view')}
                    </Button>,
                    <Button
                      key="restore"
                      size="small"
                      disabled={dirty}
                      title={dirty ? t('versions.unsavedFirst') : undefined}
                      onClick={() => restore(v.version)}
                      data-testid={`restore-${v.version}`}
                    >
                      {t('versions.restore')}
                    </Button>,
                  ]
            }
          >
            <List.Item.Meta
              title={t('versionTag', { version: v.version })}
              description={t('versions.by', {
                time: fmt.format(new Date(v.createdAt)),
                user: directory.userName(v.createdBy),
              })}
            />
          </List.Item>
        )}
      />
      {viewing !== null ? (
        <VersionView
          appId={appId}
          formId={formId}
          version={viewing}
          directory={directory}
          onClose={() => setViewing(null)}
          onRestore={(version) => {
            if (dirty) void message.warning(t('versions.unsavedFirst'));
            else restore(version);
          }}
        />
      ) : null}
    </Drawer>
  );
}
