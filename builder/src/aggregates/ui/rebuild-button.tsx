import { ReloadOutlined } from '@ant-design/icons';
import type { RebuildReport } from '@tangram/client';
import { pickText, useClient } from '@tangram/runtime';
import { Alert, App, Button, Modal, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { aggregatesOf } from '../core/commands';
import { useAggregates } from '../store/context';

/** Balance pages read for key titles (500 balances each). */
const MAX_TITLE_PAGES = 10;

/**
 * Rebuild (app admins): a dry run first, which lists what differs between the stored balances and
 * what the sources add up to; only "correct" writes. It uses the saved definition, so unsaved
 * edits disable it (a rebuild of what the editor shows but the server does not have would mislead).
 */
export function RebuildButton({ aggregateId }: { aggregateId: string }) {
  const { t, i18n } = useTranslation('aggregates');
  const client = useClient();
  const { message } = App.useApp();
  const appId = useAggregates((s) => s.app.id);
  const saved = useAggregates((s) => aggregatesOf(s.saved).find((a) => a.id === aggregateId));
  const dirty = useAggregates((s) => s.dirty);
  const [report, setReport] = useState<RebuildReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [titles, setTitles] = useState<Map<string, string>>(new Map());

  /**
   * Record keys read by their titles: the balance pages carry them (through the caller's read
   * door). A key with no stored balance yet, or beyond the pages read, shows its id.
   */
  const keyTitles = async (r: RebuildReport): Promise<Map<string, string>> => {
    const out = new Map<string, string>();
    const wanted = new Set(r.differences.flatMap((d) => Object.values(d.key)));
    let cursor: string | undefined;
    for (let page = 0; page < MAX_TITLE_PAGES && wanted.size > out.size; page++) {
      const next = await client.aggregates.balances(appId, aggregateId, { limit: 500, cursor });
      for (const row of next.items)
        for (const [keyId, title] of Object.entries(row.titles)) {
          const value = row.key[keyId];
          if (value !== undefined && wanted.has(value)) out.set(value, title);
        }
      if (!next.nextCursor) break;
      cursor = next.nextCursor;
    }
    return out;
  };

  const run = async (dryRun: boolean) => {
    setBusy(true);
    try {
      const next = await client.aggregates.rebuild(appId, aggregateId, { dryRun });
      if (dryRun) {
        setTitles(await keyTitles(next));
        setReport(next);
      } else {
        setReport(null);
        void message.success(t('rebuild.applied', { count: next.differenceCount }));
      }
    } catch (e) {
      void message.error(t('rebuild.failed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  const blocked = !saved || dirty;
  const lang = i18n.language;
  const keyText = (key: Record<string, string>) =>
    (saved?.keys ?? [])
      .map((k) => {
        const value = key[k.id] ?? '';
        return titles.get(value) ?? value;
      })
      .join(' / ');
  const measureName = (id: string) =>
    pickText(saved?.measures.find((m) => m.id === id)?.label ?? {}, lang) || id;
  return (
    <>
      <Tooltip title={blocked ? t('rebuild.unsaved') : t('rebuild.hint')}>
        <Button
          size="small"
          icon={<ReloadOutlined />}
          disabled={blocked}
          loading={busy && !report}
          onClick={() => void run(true)}
          data-testid="aggregate-rebuild"
        >
          {t('rebuild.button')}
        </Button>
      </Tooltip>
      <Modal
        open={!!report}
        title={t('rebuild.title', { name: saved ? pickText(saved.name, lang) : aggregateId })}
        onCancel={() => setReport(null)}
        width={720}
        footer={[
          <Button key="close" onClick={() => setReport(null)}>
            {t('rebuild.close')}
          </Button>,
          report && report.differenceCount > 0 ? (
            <Button
              key="apply"
              type="primary"
              danger
              loading={busy}
              onClick={() => void run(false)}
              data-testid="aggregate-rebuild-apply"
            >
              {t('rebuild.apply')}
            </Button>
          ) : null,
        ]}
      >
        {report ? (
          <div data-testid="aggregate-rebuild-report">
            {report.differenceCount === 0 ? (
              <Alert
                type="success"
                showIcon
                title={t('rebuild.clean', { records: report.records, balances: report.balances })}
              />
            ) : (
              <>
                <Alert
                  type="warning"
                  showIcon
                  title={t('rebuild.found', { count: report.differenceCount, records: report.records })}
                />
                {report.differences.length < report.differenceCount ? (
                  <Typography.Paragraph type="secondary">
                    {t('rebuild.listed', { count: report.differences.length })}
                  </Typography.Paragraph>
                ) : null}
                <Table
                  size="small"
                  style={{ marginTop: 12 }}
                  rowKey={(d) => `${JSON.stringify(d.key)}:${d.measure}`}
                  dataSource={report.differences}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  columns={[
                    { title: t('rebuild.key'), render: (_, d) => keyText(d.key) },
                    { title: t('rebuild.measure'), render: (_, d) => measureName(d.measure) },
                    { title: t('rebuild.stored'), dataIndex: 'stored', align: 'right' },
                    { title: t('rebuild.computed'), dataIndex: 'computed', align: 'right' },
                  ]}
                />
              </>
            )}
          </div>
        ) : null}
      </Modal>
    </>
  );
}
