import type { AuditItem, AuditQuery, Member } from '@tangram/client';
import { LoadError, pickText, useAsync, useClient } from '@tangram/runtime';
import { Button, Card, DatePicker, Empty, Grid, Select, Space, Table, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditDetail, changeCount } from './audit-detail';
import { actionLabel, actionOptions, targetTypeLabel } from './audit-labels';
import './audit.css';

const PAGE_SIZE = 50;

type Filters = Pick<AuditQuery, 'actor' | 'action' | 'from' | 'to'>;

interface Loaded {
  items: AuditItem[];
  nextCursor: string | null;
  retentionDays: number | null;
}

/**
 * The org's audit log (admins only, like the whole studio): newest first, filtered by who, what and
 * when, one page at a time ("load more" follows the server's keyset cursor). A table on wide
 * screens, cards on a phone; each row opens to its full detail (the diff summary of a save).
 */
export function AuditPage() {
  const { t } = useTranslation('audit');
  const client = useClient();
  const screens = Grid.useBreakpoint();
  const [filters, setFilters] = useState<Filters>({});
  const [loaded, setLoaded] = useState<Loaded>({ items: [], nextCursor: null, retentionDays: null });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  // The date range picker keeps its own value: clearing the filters remounts it.
  const [resetCount, setResetCount] = useState(0);
  const members = useAsync(() => client.org.members().then((r) => r.items), [client]);
  // Answers to an older filter are dropped: only the latest request may fill the list.
  const request = useRef(0);

  const load = useCallback(
    async (cursor?: string) => {
      const id = ++request.current;
      setLoading(true);
      setError(null);
      try {
        const page = await client.audit.list({ ...filters, limit: PAGE_SIZE, cursor });
        if (id !== request.current) return;
        setLoaded((prev) => ({
          items: cursor ? [...prev.items, ...page.items] : page.items,
          nextCursor: page.nextCursor,
          retentionDays: page.retentionDays,
        }));
      } catch (e) {
        if (id === request.current) setError(e instanceof Error ? e : new Error(String(e)));
      } finally {
        if (id === request.current) setLoading(false);
      }
    },
    [client, filters],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const setFilter = (patch: Filters) => setFilters((f) => ({ ...f, ...patch }));
  const isPhone = !screens.md;

  return (
    <div className="tg-page tg-audit" data-testid="audit-page">
      <div className="tg-page-head">
        <div>
          <Typography.Title level={3}>{t('title')}</Typography.Title>
          <Typography.Text type="secondary">{t('subtitle')}</Typography.Text>
        </div>
        {loaded.retentionDays !== null ? (
          <Tag bordered={false} data-testid="audit-retention">
            {t('retention', { days: loaded.retentionDays })}
          </Tag>
        ) : null}
      </div>

      <AuditFilters
        key={resetCount}
        filters={filters}
        members={members.data ?? []}
        onChange={setFilter}
        onClear={() => {
          setFilters({});
          setResetCount((n) => n + 1);
        }}
      />

      {error ? (
        <LoadError error={error} onRetry={() => void load()} />
      ) : isPhone ? (
        <AuditCards items={loaded.items} loading={loading} />
      ) : (
        <AuditTable items={loaded.items} loading={loading} />
      )}

      <div className="tg-audit-more">
        {loaded.nextCursor ? (
          <Button
            onClick={() => void load(loaded.nextCursor ?? undefined)}
            loading={loading}
            data-testid="audit-load-more"
          >
            {t('loadMore')}
          </Button>
        ) : loaded.items.length > 0 && !loading ? (
          <Typography.Text type="secondary" data-testid="audit-end">
            {t('end')}
          </Typography.Text>
        ) : null}
      </div>
    </div>
  );
}

function AuditFilters({
  filters,
  members,
  onChange,
  onClear,
}: {
  filters: Filters;
  members: Member[];
  onChange: (patch: Filters) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation('audit');
  const options = useMemo(() => actionOptions(t), [t]);
  return (
    <div className="tg-audit-filters" role="search">
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        placeholder={t('filters.who')}
        aria-label={t('filters.who')}
        value={filters.actor}
        onChange={(actor?: string) => onChange({ actor })}
        options={members.map((m) => ({ value: m.id, label: `${m.name} <${m.email}>` }))}
        data-testid="audit-filter-who"
      />
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        placeholder={t('filters.what')}
        aria-label={t('filters.what')}
        value={filters.action}
        onChange={(action?: string) => onChange({ action })}
        options={options}
        data-testid="audit-filter-what"
      />
      <DatePicker.RangePicker
        aria-label={t('filters.when')}
        allowEmpty={[true, true]}
        onChange={(_dates, [from, to]) => onChange({ from: from || undefined, to: to || undefined })}
        format="YYYY-MM-DD"
        data-testid="audit-filter-when"
      />
      {Object.values(filters).some((v) => v !== undefined) ? (
        <Button type="link" onClick={onClear} data-testid="audit-filter-clear">
          {t('filters.clear')}
        </Button>
      ) : null}
    </div>
  );
}

function useCells() {
  const { t, i18n } = useTranslation('audit');
  const lang = i18n.language;
  return {
    time: (item: AuditItem) => new Date(item.at).toLocaleString(lang),
    actor: (item: AuditItem) =>
      item.actor ? (
        (item.actor.name ?? item.actor.id)
      ) : (
        <Typography.Text type="secondary">{t('nobody')}</Typography.Text>
      ),
    action: (item: AuditItem) => (
      <Tag color={colorOf(item.action)} bordered={false} data-testid="audit-action">
        {actionLabel(t, item.action)}
      </Tag>
    ),
    object: (item: AuditItem) => objectText(t, lang, item),
    summary: (item: AuditItem) => summaryText(t, item),
  };
}

function AuditTable({ items, loading }: { items: AuditItem[]; loading: boolean }) {
  const { t } = useTranslation('audit');
  const cell = useCells();
  return (
    <Table<AuditItem>
      rowKey="id"
      size="middle"
      loading={loading}
      pagination={false}
      dataSource={items}
      locale={{ emptyText: <Empty description={t('empty')} /> }}
      expandable={{ expandedRowRender: (item) => <AuditDetail item={item} /> }}
      columns={[
        { key: 'time', title: t('columns.time'), width: 190, render: (_, item) => cell.time(item) },
        { key: 'actor', title: t('columns.actor'), width: 160, render: (_, item) => cell.actor(item) },
        { key: 'action', title: t('columns.action'), width: 170, render: (_, item) => cell.action(item) },
        { key: 'object', title: t('columns.object'), render: (_, item) => cell.object(item) },
        {
          key: 'details',
          title: t('columns.details'),
          render: (_, item) => <Typography.Text type="secondary">{cell.summary(item)}</Typography.Text>,
        },
      ]}
      data-testid="audit-table"
    />
  );
}

function AuditCards({ items, loading }: { items: AuditItem[]; loading: boolean }) {
  const { t } = useTranslation('audit');
  const cell = useCells();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  if (!loading && items.length === 0) return <Empty description={t('empty')} />;
  return (
    <Space direction="vertical" size={8} style={{ width: '100%' }} data-testid="audit-cards">
      {items.map((item) => (
        <Card key={item.id} size="small" data-testid="audit-card">
          <div className="tg-audit-card-head">
            {cell.action(item)}
            <Typography.Text type="secondary">{cell.time(item)}</Typography.Text>
          </div>
          <div className="tg-audit-card-line">
            <strong>{cell.actor(item)}</strong> · {cell.object(item)}
          </div>
          {cell.summary(item) ? (
            <Typography.Text type="secondary">{cell.summary(item)}</Typography.Text>
          ) : null}
          <div>
            <Button type="link" size="small" onClick={() => toggle(item.id)} style={{ paddingInline: 0 }}>
              {open.has(item.id) ? t('hideDetails') : t('showDetails')}
            </Button>
          </div>
          {open.has(item.id) ? <AuditDetail item={item} /> : null}
        </Card>
      ))}
      {loading ? <Card loading size="small" /> : null}
    </Space>
  );
}

/** Red for refusals and removals, orange for permission changes, blue for the rest. */
function colorOf(action: string): string {
  if (action.endsWith('_failed') || action.endsWith('.delete') || action.endsWith('bulk_delete'))
    return 'red';
  if (action.startsWith('permissions.')) return 'orange';
  if (action.endsWith('.export')) return 'purple';
  return 'blue';
}

function objectText(t: TFunction<'audit'>, lang: string, item: AuditItem): string {
  const type = targetTypeLabel(t, item.target.type);
  const named = item.target.name ?? item.detail.name;
  const name =
    typeof named === 'string' ? named : named !== undefined ? pickText(named as never, lang) : undefined;
  const what = name || item.target.id || (typeof item.detail.email === 'string' ? item.detail.email : '');
  return what ? `${type} · ${what}` : type;
}

function summaryText(t: TFunction<'audit'>, item: AuditItem): string {
  const d = item.detail;
  if (typeof d.reason === 'string')
    return `${typeof d.email === 'string' ? `${d.email} · ` : ''}${
      Object.hasOwn(t('reasons', { returnObjects: true }) as object, d.reason)
        ? t(`reasons.${d.reason as 'inactive'}`)
        : d.reason
    }`;
  const count = changeCount(d);
  if (count > 0) return t('summary.changes', { count });
  if (typeof d.rows === 'number') return t('summary.rows', { count: d.rows });
  return item.ip ?? '';
}
