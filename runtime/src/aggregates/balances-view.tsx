import type { BalanceRow, FormDefinition } from '@tangram/client';
import type { AggregateDefinition, AggregateKey, AppDefinition } from '@tangram/schema';
import { Alert, Button, Card, Empty, Grid, Input, Select, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../components/status-views';
import { pickText } from '../core/i18n-text';
import { useClient } from '../react/context';
import { appendPage, isNegative, keyFilters, keyText, rowKey } from './balance-rows';

const PAGE = 100;

/** A record key's filter: search the key form's records by text, pick one. */
function RecordKeyFilter({
  appId,
  form,
  keyDef,
  value,
  onChange,
}: {
  appId: string;
  form: FormDefinition | undefined;
  keyDef: AggregateKey;
  value: string | undefined;
  onChange(v: string | undefined): void;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const label = pickText(keyDef.label, i18n.language);
  useEffect(() => {
    if (!form) return;
    let live = true;
    client.records
      .list({ appId, formId: form.id }, { q: q || undefined, limit: 20 })
      .then((page) => {
        if (!live) return;
        const title = form.titleField;
        setOptions(
          page.items.map((r) => ({
            value: r.id,
            label: title && typeof r.data[title] === 'string' ? (r.data[title] as string) : r.id,
          })),
        );
      })
      // The key form may be hidden from the reader: they can still see every balance unfiltered.
      .catch(() => live && setOptions([]));
    return () => {
      live = false;
    };
  }, [client, appId, form, q]);
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      placeholder={t('balances.filter', { key: label })}
      aria-label={t('balances.filter', { key: label })}
      options={options}
      onChange={(v: string | undefined) => onChange(v)}
      style={{ minWidth: 200 }}
      data-testid={`balance-filter-${keyDef.id}`}
    />
  );
}

/**
 * An aggregate table's balances, read only: keyset pages of key titles and measure values with a
 * filter per key; a table on wide screens, cards on a phone. Every app member may read them; a
 * record key whose title the reader may not see shows its id (the server decides).
 */
export function BalancesView({
  appId,
  app,
  aggregate,
}: {
  appId: string;
  app: AppDefinition;
  aggregate: AggregateDefinition;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const lang = i18n.language;
  const wide = Grid.useBreakpoint().md ?? true;
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const [rows, setRows] = useState<BalanceRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const request = useRef(0);
  const applied = useMemo(() => keyFilters(filters), [filters]);

  const load = (after: string | null) => {
    const id = ++request.current;
    setLoading(true);
    setError(null);
    client.aggregates
      .balances(appId, aggregate.id, { limit: PAGE, cursor: after ?? undefined, keys: applied })
      .then((page) => {
        // A newer request (another filter) wins; this answer is for a list no longer shown.
        if (id !== request.current) return;
        setRows((shown) => (after ? appendPage(shown, page.items, aggregate.keys) : page.items));
        setCursor(page.nextCursor);
      })
      .catch((e: unknown) => id === request.current && setError(e))
      .finally(() => id === request.current && setLoading(false));
  };
  // Reload from the first page when the aggregate or the filters change (filters compared by content).
  useEffect(() => load(null), [client, appId, aggregate.id, JSON.stringify(applied)]);

  const forms = new Map(app.forms.map((f) => [f.id, f]));
  const setFilter = (key: string, v: string | undefined) => setFilters((f) => ({ ...f, [key]: v }));
  const filterBar = (
    <Space wrap style={{ marginBottom: 12 }} data-testid="balance-filters">
      {aggregate.keys.map((k) =>
        k.type === 'record' ? (
          <RecordKeyFilter
            key={k.id}
            appId={appId}
            form={k.form ? forms.get(k.form) : undefined}
            keyDef={k}
            value={filters[k.id]}
            onChange={(v) => setFilter(k.id, v)}
          />
        ) : (
          <Input.Search
            key={k.id}
            allowClear
            placeholder={t('balances.filter', { key: pickText(k.label, lang) })}
            aria-label={t('balances.filter', { key: pickText(k.label, lang) })}
            onSearch={(v) => setFilter(k.id, v)}
            style={{ width: 200 }}
            data-testid={`balance-filter-${k.id}`}
          />
        ),
      )}
    </Space>
  );
  const value = (row: BalanceRow, measureId: string) => {
    const v = row.values[measureId];
    return (
      <span className="tg-balance-value" style={isNegative(v) ? { color: '#e03131' } : undefined}>
        {v ?? ''}
      </span>
    );
  };
  const more = cursor ? (
    <div style={{ textAlign: 'center', marginTop: 12 }}>
      <Button loading={loading} onClick={() => load(cursor)} data-testid="balances-more">
        {t('balances.more')}
      </Button>
    </div>
  ) : rows.length ? (
    <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
      {t('balances.loadedAll', { count: rows.length })}
    </Typography.Text>
  ) : null;

  if (error) return <LoadError error={error as Error} onRetry={() => load(null)} />;
  return (
    <div data-testid="balances-view">
      <Typography.Paragraph type="secondary">{t('balances.readOnly')}</Typography.Paragraph>
      {filterBar}
      {!loading && rows.length === 0 ? (
        <Empty description={t('balances.empty')} />
      ) : wide ? (
        <Table<BalanceRow>
          size="middle"
          loading={loading && rows.length === 0}
          rowKey={(r) => rowKey(r, aggregate.keys)}
          dataSource={rows}
          pagination={false}
          data-testid="balances-table"
          columns={[
            ...aggregate.keys.map((k) => ({
              key: k.id,
              title: pickText(k.label, lang),
              render: (_: unknown, r: BalanceRow) => keyText(r, k),
            })),
            ...aggregate.measures.map((m) => ({
              key: m.id,
              title: pickText(m.label, lang),
              align: 'right' as const,
              render: (_: unknown, r: BalanceRow) => value(r, m.id),
            })),
          ]}
        />
      ) : (
        <div data-testid="balances-cards" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
          {rows.map((r) => (
            <Card key={rowKey(r, aggregate.keys)} size="small" data-testid="balance-card">
              <Typography.Text strong>{aggregate.keys.map((k) => keyText(r, k)).join(' / ')}</Typography.Text>
              {aggregate.measures.map((m) => (
                <div key={m.id} style={{ display: 'flex', justifyContent: 'space-between', marginTop: 4 }}>
                  <Typography.Text type="secondary">{pickText(m.label, lang)}</Typography.Text>
                  {value(r, m.id)}
                </div>
              ))}
            </Card>
          ))}
        </div>
      )}
      {more}
    </div>
  );
}

/** Shown when the navigation names an aggregate the app no longer has. */
export function BalancesNotFound() {
  const { t } = useTranslation();
  return <Alert type="info" showIcon title={t('balances.notFound')} />;
}
