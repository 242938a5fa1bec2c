import { DatabaseOutlined, EditOutlined } from '@ant-design/icons';
import { pickText, useServices } from '@tangram/runtime';
import type { AppDefinition } from '@tangram/schema';
import { Button, Card, Empty, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** The studio app page's aggregate tables: each opens the designer, which also creates them. */
export function AggregatesCard({ app }: { app: AppDefinition }) {
  const { t, i18n } = useTranslation('aggregates');
  const { router } = useServices();
  const aggregates = app.aggregates ?? [];
  const open = (id?: string) =>
    router
      .getState()
      .navigate(`/apps/${encodeURIComponent(app.id)}/aggregates${id ? `/${encodeURIComponent(id)}` : ''}`);
  return (
    <Card
      title={t('title')}
      style={{ marginTop: 16 }}
      data-testid="studio-aggregates"
      extra={
        <Button
          icon={<EditOutlined />}
          onClick={() => open()}
          disabled={app.forms.length === 0}
          data-testid="open-aggregates"
        >
          {t('open')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('cardHint')}</Typography.Paragraph>
      {aggregates.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} />
      ) : (
        <List
          dataSource={aggregates}
          renderItem={(a) => (
            <List.Item
              data-testid="studio-aggregate-item"
              actions={[
                <Button
                  key="design"
                  type="link"
                  onClick={() => open(a.id)}
                  data-testid={`design-aggregate-${a.id}`}
                >
                  {t('design')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                avatar={<DatabaseOutlined style={{ fontSize: 20, color: '#4263eb', marginTop: 4 }} />}
                title={
                  <Typography.Link onClick={() => open(a.id)}>
                    {pickText(a.name, i18n.language)}
                  </Typography.Link>
                }
                description={t('count', {
                  count: a.keys.length,
                  measures: a.measures.length,
                  sources: a.sources.length,
                })}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
