import { ArrowLeftOutlined, ExportOutlined, FileTextOutlined } from '@ant-design/icons';
import { Button, Card, Empty, List, Result, Tag, Typography } from 'antd';
import { isApiError } from '@tangram/client';
import { AppIcon, LoadError, Loading, pickText, useAsync, useClient, useServices } from '@tangram/runtime';
import { useTranslation } from 'react-i18next';

/** One app in the studio: its forms (the form designer comes with a later issue). */
export function StudioAppPage({ appId }: { appId: string }) {
  const { t, i18n } = useTranslation('studio');
  const client = useClient();
  const { router } = useServices();
  const result = useAsync(() => client.apps.get(appId), [client, appId]);
  const lang = i18n.language;
  const back = () => router.getState().navigate('/');

  if (result.error) {
    if (isApiError(result.error) && result.error.status === 404) {
      return (
        <Result
          status="404"
          title={t('app.notFound', { ns: 'translation' })}
          extra={<Button onClick={back}>{t('common.back', { ns: 'translation' })}</Button>}
        />
      );
    }
    return <LoadError error={result.error} onRetry={result.reload} />;
  }
  if (!result.data) return <Loading />;
  const { app, version } = result.data;

  return (
    <div className="tg-page">
      <div className="tg-page-head" style={{ flexWrap: 'nowrap' }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 10, minWidth: 0 }}>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={back} aria-label={t('apps.title')} />
          <AppIcon icon={app.icon} size={40} />
          <Typography.Title level={4} ellipsis style={{ minWidth: 0 }} data-testid="studio-app-title">
            {pickText(app.name, lang)}
          </Typography.Title>
          <Tag bordered={false} className="tg-hide-xs">
            {t('app.version', { version })}
          </Tag>
        </div>
        <Button href={`/apps/${encodeURIComponent(app.id)}`} icon={<ExportOutlined />}>
          <span className="tg-hide-xs">{t('app.openInPlayer')}</span>
        </Button>
      </div>
      <Card title={t('app.forms')} extra={<Tag>{t('app.designerSoon')}</Tag>}>
        {app.forms.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <Typography.Title level={5} style={{ marginTop: 0 }}>
                  {t('app.noForms')}
                </Typography.Title>
                <Typography.Text type="secondary">{t('app.noFormsText')}</Typography.Text>
              </>
            }
          />
        ) : (
          <List
            dataSource={app.forms}
            renderItem={(form) => (
              <List.Item>
                <List.Item.Meta
                  avatar={<FileTextOutlined style={{ fontSize: 20, color: '#4263eb', marginTop: 4 }} />}
                  title={pickText(form.name, lang)}
                  description={t('app.fields', { count: form.fields.length })}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </div>
  );
}
