import { RightOutlined, RobotOutlined } from '@ant-design/icons';
import { pickText, useServices } from '@tangram/runtime';
import type { AppDefinition } from '@tangram/schema';
import { Button, Card, Empty, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { TRIGGER_ICONS } from './ui/automation-list';
import { namesIn, triggerSummary } from './core/summary';

/** The studio app page's entry to the automation designer: the automations and what starts each. */
export function AutomationsCard({ app }: { app: AppDefinition }) {
  const { t, i18n } = useTranslation('automations');
  const { router } = useServices();
  const automations = app.automations ?? [];
  const names = namesIn(app, i18n.language);
  const open = (id?: string) =>
    router
      .getState()
      .navigate(`/apps/${encodeURIComponent(app.id)}/automations${id ? `/${encodeURIComponent(id)}` : ''}`);
  return (
    <Card
      title={
        <span>
          <RobotOutlined /> {t('title')}
        </span>
      }
      style={{ marginTop: 16 }}
      data-testid="studio-automations"
      extra={
        <Button onClick={() => open()} disabled={app.forms.length === 0} data-testid="open-automations">
          {t('card.open')}
        </Button>
      }
    >
      {automations.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('card.none')} />
      ) : (
        <List
          dataSource={automations}
          renderItem={(a) => (
            <List.Item
              style={{ cursor: 'pointer' }}
              onClick={() => open(a.id)}
              actions={[<RightOutlined key="go" />]}
              data-testid="studio-automation-item"
            >
              <List.Item.Meta
                avatar={TRIGGER_ICONS[a.trigger.type]}
                title={pickText(a.name, i18n.language) || a.id}
                description={
                  <Typography.Text type="secondary">{triggerSummary(a.trigger, t, names)}</Typography.Text>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
