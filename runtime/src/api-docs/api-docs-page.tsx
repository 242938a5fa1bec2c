import { DownloadOutlined, KeyOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../components/status-views';
import { pickText } from '../core/i18n-text';
import { useClient, useRouter } from '../react/context';
import { useAsync } from '../react/use-async';

// The viewer is large: loaded only when this page opens (decision 0046).
const SwaggerView = lazy(() => import('./swagger-view'));

/** The API reference of one app, generated for the signed-in user, with requests to try with a key. */
export function ApiDocsPage({ appId }: { appId: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const navigate = useRouter((s) => s.navigate);
  const doc = useAsync(() => client.apiKeys.openApi(appId), [client, appId, i18n.language]);
  const info = doc.data?.info as { title?: string } | undefined;
  return (
    <div className="tg-page" data-testid="api-docs-page">
      <div className="tg-page-head">
        <Typography.Title level={3}>
          {t('apiDocs.title', { app: info?.title ?? pickText(appId, i18n.language) })}
        </Typography.Title>
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={client.apiKeys.openApiUrl(appId)} target="_blank">
            {t('apiDocs.openapi')}
          </Button>
          <Button icon={<DownloadOutlined />} href={client.apiKeys.typesUrl(appId)} target="_blank">
            {t('apiDocs.types')}
          </Button>
          <Button icon={<KeyOutlined />} onClick={() => navigate('/api-keys')}>
            {t('apiDocs.keys')}
          </Button>
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('apiDocs.intro')}</Typography.Paragraph>
      {doc.error ? (
        <LoadError error={doc.error} onRetry={doc.reload} />
      ) : !doc.data ? (
        <Loading />
      ) : (
        <Suspense fallback={<Loading />}>
          <SwaggerView spec={doc.data} />
        </Suspense>
      )}
    </div>
  );
}
