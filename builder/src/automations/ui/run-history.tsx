import { ReloadOutlined, RedoOutlined } from '@ant-design/icons';
import type { AutomationRun } from '@tangram/client';
import { useClient } from '@tangram/runtime';
import type { AutomationDefinition } from '@tangram/schema';
import { Alert, App, Button, Descriptions, Drawer, Empty, Grid, List, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgDirectory } from '../../workflow/directory';
import { actionSummary, namesIn } from '../core/summary';
import { useAutomations } from '../store/context';
import { JsonBlock } from './controls';
import { ActionOutcome } from './outcome-view';

const PAGE = 20;

const STATUS_COLOR: Record<AutomationRun['status'], string> = {
  succeeded: 'green',
  failed: 'red',
  running: 'blue',
};

export function RunStatusTag({ status }: { status: AutomationRun['status'] }) {
  const { t } = useTranslation('automations');
  return (
    <Tag color={STATUS_COLOR[status]} bordered={false} data-testid="run-status">
      {t(`runs.status.${status}`)}
    </Tag>
  );
}

const duration = (ms: number | null) =>
  ms === null ? '—' : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;

/** The runs of one automation, newest first, with "load more" over the keyset cursor. */
export function RunHistory({
  automation,
  directory,
  onChanged,
}: {
  automation: AutomationDefinition;
  directory: OrgDirectory;
  /** A run was retried: the list's "last run" should be read again. */
  onChanged(): void;
}) {
  const { t, i18n } = useTranslation('automations');
  const client = useClient();
  const appId = useAutomations((s) => s.app.id);
  const [runs, setRuns] = useState<AutomationRun[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<AutomationRun | null>(null);

  const load = useCallback(
    async (from: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const page = await client.automations.runs(appId, automation.id, {
          limit: PAGE,
          ...(from ? { cursor: from } : {}),
        });
        setRuns((prev) => (from ? [...prev, ...page.runs] : page.runs));
        setCursor(page.nextCursor);
        // The list beside shows each automation's last run: a fresh first page may have a newer one.
        if (!from) onChanged();
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setLoading(false);
      }
    },
    [client, appId, automation.id, onChanged],
  );
  useEffect(() => void load(null), [load]);

  return (
    <div className="tg-ad-runs" data-testid="run-history">
      <div className="tg-ad-runs-head">
        <Typography.Text type="secondary">{t('runs.hint')}</Typography.Text>
        <Button
          icon={<ReloadOutlined />}
          onClick={() => void load(null)}
          loading={loading}
          data-testid="runs-refresh"
        >
          {t('runs.refresh')}
        </Button>
      </div>
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {runs.length === 0 && !loading ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('runs.none')} />
      ) : (
        <List
          dataSource={runs}
          loading={loading && runs.length === 0}
          renderItem={(run) => (
            <List.Item
              className="tg-ad-run"
              onClick={() => setOpen(run)}
              data-testid="run-item"
              actions={[
                <Typography.Text key="d" type="secondary">
                  {duration(run.durationMs)}
                </Typography.Text>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space size={8} wrap>
                    <RunStatusTag status={run.status} />
                    <span>{new Date(run.startedAt).toLocaleString(i18n.language)}</span>
                  </Space>
                }
                description={
                  run.error ? (
                    <Typography.Text type="danger" ellipsis>
                      {run.error}
                    </Typography.Text>
                  ) : (
                    t(`runs.topics.${topicKey(run.trigger.topic)}`, { topic: run.trigger.topic })
                  )
                }
              />
            </List.Item>
          )}
        />
      )}
      {cursor ? (
        <Button block onClick={() => void load(cursor)} loading={loading} style={{ marginTop: 8 }}>
          {t('runs.more')}
        </Button>
      ) : null}
      <RunDetail
        run={open}
        automation={automation}
        directory={directory}
        onClose={() => setOpen(null)}
        onRetried={(run) => {
          setOpen(run);
          setRuns((prev) => prev.map((r) => (r.id === run.id ? run : r)));
          onChanged();
        }}
      />
    </div>
  );
}

const KNOWN_TOPICS = [
  'record.created',
  'record.updated',
  'record.deleted',
  'workflow',
  'button',
  'schedule',
  'webhook',
];

/** The text key of a trigger topic (`workflow.finished` reads as "workflow"); unknown ones show as is. */
function topicKey(topic: string): string {
  if (KNOWN_TOPICS.includes(topic)) return topic.replace('.', '_');
  const head = topic.split('.')[0] ?? topic;
  if (head === 'automation') return topic.split('.')[1] ?? 'other';
  return KNOWN_TOPICS.includes(head) ? head : 'other';
}

/** One run: what fired it, its inputs, each action's result or error, its duration; retry when failed. */
function RunDetail({
  run,
  automation,
  directory,
  onClose,
  onRetried,
}: {
  run: AutomationRun | null;
  automation: AutomationDefinition;
  directory: OrgDirectory;
  onClose(): void;
  onRetried(run: AutomationRun): void;
}) {
  const { t, i18n } = useTranslation('automations');
  const client = useClient();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const app = useAutomations((s) => s.saved);
  const [retrying, setRetrying] = useState(false);
  const names = namesIn(app, i18n.language);
  const retry = async () => {
    if (!run) return;
    setRetrying(true);
    try {
      const next = await client.automations.retry(run.id);
      onRetried(next);
      void message[next.status === 'succeeded' ? 'success' : 'warning'](t(`runs.retried.${next.status}`));
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setRetrying(false);
    }
  };
  return (
    <Drawer
      open={run !== null}
      onClose={onClose}
      size={screens.md ? 620 : '100%'}
      title={t('runs.detail')}
      destroyOnHidden
      data-testid="run-detail"
      extra={
        run?.status === 'failed' ? (
          <Button
            type="primary"
            icon={<RedoOutlined />}
            loading={retrying}
            onClick={() => void retry()}
            data-testid="run-retry"
          >
            {t('runs.retry')}
          </Button>
        ) : null
      }
    >
      {run ? (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Descriptions
            size="small"
            column={1}
            bordered
            styles={{ label: { width: 120 } }}
            items={[
              { key: 's', label: t('runs.statusLabel'), children: <RunStatusTag status={run.status} /> },
              {
                key: 't',
                label: t('runs.trigger'),
                children: (
                  <Space size={8} wrap>
                    {t(`runs.topics.${topicKey(run.trigger.topic)}`, { topic: run.trigger.topic })}
                    <Typography.Text type="secondary" code>
                      {run.trigger.topic}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                key: 'a',
                label: t('runs.startedAt'),
                children: new Date(run.startedAt).toLocaleString(i18n.language),
              },
              { key: 'd', label: t('runs.duration'), children: duration(run.durationMs) },
              { key: 'n', label: t('runs.attempts'), children: run.attempts },
              ...(run.trigger.recordId
                ? [{ key: 'r', label: t('runs.record'), children: run.trigger.recordId }]
                : []),
            ]}
          />
          {run.error ? <Alert type="error" showIcon title={run.error} data-testid="run-error" /> : null}
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('runs.actions')}
          </Typography.Title>
          {run.actions.length === 0 ? (
            <Typography.Text type="secondary">{t('runs.noActions')}</Typography.Text>
          ) : (
            run.actions.map((o) => {
              const action = automation.actions[o.index];
              return (
                <ActionOutcome
                  key={o.index}
                  app={app}
                  outcome={o}
                  label={`${o.index + 1}. ${action ? actionSummary(action, t, names) : o.type}`}
                  directory={directory}
                  testId={`run-outcome-${o.index}`}
                />
              );
            })
          )}
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('runs.inputs')}
          </Typography.Title>
          <JsonBlock
            value={{
              record: run.trigger.record,
              ...(run.trigger.old ? { old: run.trigger.old } : {}),
              ...(run.trigger.detail ? { detail: run.trigger.detail } : {}),
            }}
            testId="run-inputs"
          />
        </Space>
      ) : null}
    </Drawer>
  );
}
