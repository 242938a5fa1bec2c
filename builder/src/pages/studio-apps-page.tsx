import { DeleteOutlined, EditOutlined, MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Dropdown, Empty, Row, Typography } from 'antd';
import { isApiError, type AppSummary } from '@tangram/client';
import { AppIcon, LoadError, Loading, pickText, useAsync, useClient, useServices } from '@tangram/runtime';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppDialog } from '../components/app-dialog';
import { basicsOf, newApp, withBasics, type AppBasics } from '../core/app-draft';

type Dialog = { mode: 'create' } | { mode: 'edit'; app: AppSummary } | null;

const EMPTY: AppBasics = { nameZh: '', nameEn: '', icon: 'appstore' };

/** The studio home: every app of the organisation, with create, rename and delete. */
export function StudioAppsPage() {
  const { t, i18n } = useTranslation('studio');
  const client = useClient();
  const { router } = useServices();
  const { message, modal } = App.useApp();
  const apps = useAsync(() => client.apps.list().then((r) => r.items), [client]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const lang = i18n.language;
  const initial = useMemo(() => (dialog?.mode === 'edit' ? basicsOf(dialog.app) : EMPTY), [dialog]);
  const fail = (e: unknown) =>
    void message.error(
      t('errors.generic', { ns: 'translation', message: e instanceof Error ? e.message : String(e) }),
    );

  const open = (id: string) => router.getState().navigate(`/apps/${encodeURIComponent(id)}`);

  const save = async (values: AppBasics) => {
    setBusy(true);
    try {
      if (dialog?.mode === 'edit') {
        const { app, version } = await client.apps.get(dialog.app.id);
        try {
          await client.apps.update(app.id, { app: withBasics(app, values), baseVersion: version });
        } catch (e) {
          if (isApiError(e) && e.status === 409) {
            void message.warning(t('dialog.stale'));
            apps.reload();
            return;
          }
          throw e;
        }
        void message.success(t('apps.saved'));
      } else {
        const { app } = await client.apps.create(newApp(values));
        void message.success(t('apps.created', { name: pickText(app.name, lang) }));
      }
      setDialog(null);
      apps.reload();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const confirmDelete = (app: AppSummary) => {
    const name = pickText(app.name, lang);
    modal.confirm({
      title: t('apps.deleteTitle', { name }),
      content: t('apps.deleteText'),
      okText: t('apps.delete'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await client.apps.remove(app.id);
          void message.success(t('apps.deleted', { name }));
          apps.reload();
        } catch (e) {
          fail(e);
        }
      },
    });
  };

  return (
    <div className="tg-page">
      <div className="tg-page-head">
        <div>
          <Typography.Title level={3}>{t('apps.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('apps.subtitle')}</Typography.Text>
        </div>
        {apps.data && apps.data.length > 0 ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'create' })}>
            {t('apps.create')}
          </Button>
        ) : null}
      </div>
      {apps.error ? (
        <LoadError error={apps.error} onRetry={apps.reload} />
      ) : !apps.data ? (
        <Loading />
      ) : apps.data.length === 0 ? (
        <div className="tg-empty">
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <Typography.Title level={5} style={{ marginTop: 0 }}>
                  {t('apps.emptyTitle')}
                </Typography.Title>
                <Typography.Text type="secondary">{t('apps.emptyText')}</Typography.Text>
              </>
            }
          >
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'create' })}>
              {t('apps.create')}
            </Button>
          </Empty>
        </div>
      ) : (
        <Row gutter={[16, 16]} data-testid="studio-app-list">
          {apps.data.map((app) => (
            <Col key={app.id} xs={24} sm={12} md={8} lg={6}>
              <Card
                hoverable
                className="tg-app-card"
                onClick={() => open(app.id)}
                data-testid="studio-app-card"
              >
                <AppIcon icon={app.icon} />
                <div className="tg-app-card-text">
                  <Typography.Text strong ellipsis style={{ fontSize: 15 }}>
                    {pickText(app.name, lang)}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('app.version', { version: app.version })}
                  </Typography.Text>
                </div>
                <div onClick={(e) => e.stopPropagation()}>
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: [
                        { key: 'edit', icon: <EditOutlined />, label: t('apps.rename') },
                        { type: 'divider' },
                        { key: 'delete', icon: <DeleteOutlined />, label: t('apps.delete'), danger: true },
                      ],
                      onClick: ({ key }) => {
                        if (key === 'edit') setDialog({ mode: 'edit', app });
                        if (key === 'delete') confirmDelete(app);
                      },
                    }}
                  >
                    <Button
                      type="text"
                      icon={<MoreOutlined />}
                      aria-label={t('apps.more')}
                      data-testid="app-actions"
                    />
                  </Dropdown>
                </div>
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <AppDialog
        open={dialog !== null}
        mode={dialog?.mode ?? 'create'}
        initial={initial}
        busy={busy}
        onSubmit={(v) => void save(v)}
        onCancel={() => setDialog(null)}
      />
    </div>
  );
}
