import { ApiOutlined, RedoOutlined } from '@ant-design/icons';
import type { WebhookDelivery } from '@tangram/client';
import { useClient } from '@tangram/runtime';
import { App, Button, Collapse, Drawer, Empty, Grid, List, Space, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { namesIn } from '../core/summary';
import { useAutomations } from '../store/context';

const PAGE = 20;

/**
 * The app's dead-letter list (decision 0030): outgoing webhook calls that failed after their last
 * retry, newest first, each with its last answer, attempt log and body, and a Replay that queues
 * it again with a fresh set of attempts (app admins; the server checks and audits it).
 */
export function DeadLetterDrawer({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t, i18n } = useTranslation('automations');
  const client = useClient();
  const { message } = App.useApp();
  const app = useAutomations((s) => s.app);
  const names = namesIn(app, i18n.language);
  const screens = Grid.useBreakpoint();
  const [items, setItems] = useState<WebhookDelivery[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(
    async (after?: string) => {
      try {
        const page = await client.automations.deliveries(app.id, {
          status: 'dead',
          limit: PAGE,
          ...(after ? { cursor: after } : {}),
        });
        setItems((list) => (after ? [...(list ?? []), ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        setItems((list) => list ?? []);
        void message.error((e as Error).message);
      }
    },
    [client, app.id, message],
  );
  useEffect(() => {
    if (open) void load();
  }, [open, load]);

  const replay = async (d: WebhookDelivery) => {
    setBusy(d.id);
    try {
      await client.automations.replayDelivery(app.id, d.id);
      void message.success(t('deadLetters.replayed'));
      setItems((list) => (list ?? []).filter((x) => x.id !== d.id));
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const automationName = (id: string) =>
    names.text((app.automations ?? []).find((a) => a.id === id)?.name) || id;
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language) : '—');

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('deadLetters.title')}
      width={screens.md ? 640 : '100%'}
      destroyOnHidden
      data-testid="dead-letters"
    >
      <Typography.Paragraph type="secondary">{t('deadLetters.intro')}</Typography.Paragraph>
      {items === null ? (
        <div style={{ textAlign: 'center', padding: 32 }}>
          <Spin />
        </div>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deadLetters.none')} />
      ) : (
        <List
          // Actions under the text, not beside it: errors are long and phones narrow.
          itemLayout="vertical"
          dataSource={items}
          rowKey="id"
          loadMore={
            cursor ? (
              <div style={{ textAlign: 'center', marginTop: 12 }}>
                <Button onClick={() => void load(cursor)}>{t('deadLetters.loadMore')}</Button>
              </div>
            ) : null
          }
          renderItem={(d) => (
            <List.Item
              key={d.id}
              data-testid="dead-letter"
              actions={[
                <Button
                  key="replay"
                  icon={<RedoOutlined />}
                  loading={busy === d.id}
                  onClick={() => void replay(d)}
                  data-testid="dead-letter-replay"
                >
                  {t('deadLetters.replay')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                avatar={<ApiOutlined style={{ fontSize: 18, color: '#cf1322' }} />}
                title={
                  <Space size={6} wrap>
                    <Typography.Text strong>{automationName(d.automationId)}</Typography.Text>
                    <Tag bordered={false} color="red">
                      {d.lastStatus !== null
                        ? t('deadLetters.lastStatus', { status: d.lastStatus })
                        : t('deadLetters.noAnswer')}
                    </Tag>
                    {d.replays > 0 ? (
                      <Tag bordered={false}>{t('deadLetters.replays', { count: d.replays })}</Tag>
                    ) : null}
                  </Space>
                }
                description={
                  <div className="tg-ad-dead-meta">
                    <Typography.Text code ellipsis style={{ maxWidth: '100%' }}>
                      {d.method} {d.url}
                    </Typography.Text>
                    {d.lastError ? (
                      <Typography.Text type="danger" className="tg-ad-dead-error">
                        {d.lastError}
                      </Typography.Text>
                    ) : null}
                    <Typography.Text type="secondary">
                      {t('deadLetters.attempts', { attempts: d.attempts })} ·{' '}
                      {t('deadLetters.deadAt', { at: when(d.deadAt) })}
                    </Typography.Text>
                    <Collapse
                      size="small"
                      ghost
                      items={[
                        {
                          key: 'log',
                          label: t('deadLetters.log'),
                          children: (
                            <ul className="tg-ad-dead-log">
                              {d.attemptLog.map((a) => (
                                <li key={`${a.attempt}-${a.at}`}>
                                  #{a.attempt} {when(a.at)} ·{' '}
                                  {a.status !== null ? `HTTP ${a.status}` : t('deadLetters.noAnswer')}
                                  {a.error ? ` · ${a.error}` : ''}
                                </li>
                              ))}
                            </ul>
                          ),
                        },
                        {
                          key: 'body',
                          label: t('deadLetters.body'),
                          children: <pre className="tg-ad-dead-body">{d.body}</pre>,
                        },
                      ]}
                    />
                  </div>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Drawer>
  );
}
