import { ArrowLeftOutlined, ExportOutlined, FileTextOutlined, FormOutlined } from '@ant-design/icons';
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
          <div style={{ minWidth: 0 }}>
            <Typography.Title level={4} ellipsis data-testid="studio-app-title">
              {pickText(app.name, lang)}
            </Typography.Title>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('app.version', { version })}
            </Typography.Text>
          </div>
        </div>
        <Button href={`/apps/${encodeURIComponent(app.id)}`} icon={<ExportOutlined />}>
          <span className="tg-hide-xs">{t('app.openInPlayer')}</span>
        </Button>
      </div>
      <Card title={t('app.forms')} extra={<Tag>{t('app.designerSoon')}</Tag>}>
        {app.forms.length === 0 ? (
          <Empty
            image={<FormOutlined style={{ fontSize: 48, color: '#adb5bd' }} />}
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
