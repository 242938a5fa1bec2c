import { AppstoreAddOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { AppIcon } from '../components/app-icon';
import { LoadError, Loading } from '../components/status-views';
import { pickText } from '../core/i18n-text';
import { useClient, useRouter, useSession } from '../react/context';
import { useState } from 'react';
import { Link } from '../react/link';
import { useAsync } from '../react/use-async';
import { DemoInstall, demoRequested } from '../templates/demo-install';
import { TemplateGallery } from '../templates/template-gallery';

/** The apps of the organisation, as cards. */
export function AppListPage() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const isAdmin = useSession((s) => s.session?.user.isAdmin ?? false);
  const apps = useAsync(() => client.apps.list().then((r) => r.items), [client]);
  const navigate = useRouter((s) => s.navigate);
  const [demo, setDemo] = useState(demoRequested);
  const dateFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });

  return (
    <div className="tg-page">
      <div className="tg-page-head">
        <Typography.Title level={3}>{t('apps.title')}</Typography.Title>
        {apps.data && apps.data.length > 0 ? (
          <Typography.Text type="secondary">{t('apps.count', { count: apps.data.length })}</Typography.Text>
        ) : null}
      </div>
      {apps.error ? (
        <LoadError error={apps.error} onRetry={apps.reload} />
      ) : !apps.data ? (
        <Loading />
      ) : apps.data.length === 0 && isAdmin && demo ? (
        <DemoInstall
          onDone={() => {
            setDemo(false);
            apps.reload();
          }}
        />
      ) : apps.data.length === 0 ? (
        <>
          <div className="tg-empty" data-testid="apps-empty">
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                <>
                  <Typography.Title level={5} style={{ marginTop: 0 }}>
                    {t('apps.emptyTitle')}
                  </Typography.Title>
                  <Typography.Text type="secondary">
                    {isAdmin ? t('apps.emptyAdmin') : t('apps.emptyMember')}
                  </Typography.Text>
                </>
              }
            >
              {isAdmin ? (
                <Button type="primary" href="/studio/" icon={<AppstoreAddOutlined />}>
                  {t('apps.openStudio')}
                </Button>
              ) : null}
            </Empty>
          </div>
          {isAdmin ? (
            <section className="tg-template-section" data-testid="home-templates">
              <Typography.Title level={4}>{t('templates.galleryTitle')}</Typography.Title>
              <Typography.Paragraph type="secondary">{t('templates.gallerySubtitle')}</Typography.Paragraph>
              <TemplateGallery
                onInstalled={() => apps.reload()}
                onOpen={(id) => navigate(`/apps/${encodeURIComponent(id)}`)}
              />
            </section>
          ) : null}
        </>
      ) : (
        <Row gutter={[16, 16]} data-testid="app-list">
          {apps.data.map((app) => (
            <Col key={app.id} xs={12} sm={12} md={8} lg={6}>
              <Link to={`/apps/${encodeURIComponent(app.id)}`} style={{ display: 'block', height: '100%' }}>
                <Card hoverable className="tg-app-card tg-app-card-stack" data-testid="app-card">
                  <AppIcon icon={app.icon} />
                  <div className="tg-app-card-text">
                    <Typography.Text strong ellipsis style={{ fontSize: 15 }}>
                      {pickText(app.name, i18n.language)}
                    </Typography.Text>
                    <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                      {t('apps.updatedAt', { date: safeDate(dateFormat, app.updatedAt) })}
                    </Typography.Text>
                  </div>
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      )}
    </div>
  );
}

function safeDate(format: Intl.DateTimeFormat, iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : format.format(date);
}
