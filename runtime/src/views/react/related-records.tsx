import { ArrowRightOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import type {
  FormDefinition,
  RecordDto,
  RelatedBalance,
  RelatedGroup,
  RelatedRecords as RelatedAnswer,
} from '@tangram/client';
import { fieldRegistry, recordTitle as fieldTitle } from '@tangram/fields';
import { pickText } from '../../core/i18n-text';
import { useClient } from '../../react/context';
import { Link } from '../../react/link';
import { useAsync } from '../../react/use-async';
import { formatCell, type Directory } from '../core/format-cell';
import { filteredLink, groupDigits, linksToFilter, recordLink } from '../core/record-link';
import { FieldValue } from './field-value';
import { useViewTexts } from './texts';

// The tab's few texts live here so the shared view text table stays untouched.
const texts = {
  zh: {
    tab: '关联记录',
    empty: '没有关联到这条记录的数据',
    viewAll: '查看全部',
    atLeast: '{{count}}+',
    omitted: '还有 {{count}} 类关联数据未显示',
    balances: '余额',
    failed: '关联记录加载失败：{{message}}',
    via: '通过“{{field}}”',
  },
  en: {
    tab: 'Related',
    empty: 'No records link to this one',
    viewAll: 'View all',
    atLeast: '{{count}}+',
    omitted: '{{count}} more kinds of related records are not shown',
    balances: 'Balances',
    failed: 'Could not load the related records: {{message}}',
    via: 'via “{{field}}”',
  },
};

type RelatedTexts = (typeof texts)['en'];

/** The texts of the tab in the UI language (the drawer uses `tab` for its label). */
export function useRelatedTexts(): RelatedTexts {
  const { lang } = useViewTexts();
  return lang.startsWith('en') ? texts.en : texts.zh;
}

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));

/**
 * A record's "Related" tab (decision 0060): the balances keyed by it as statistic cards, then one
 * card per form of any app whose relation links to it, with the total the reader may see, the
 * newest rows (each opening that record in its own form) and "view all" (that form's data view
 * filtered by the relation). What is listed is what the server's read door lets the reader see.
 */
export function RelatedRecords({
  appId,
  form,
  record,
  directory,
}: {
  appId: string;
  form: FormDefinition;
  record: RecordDto;
  directory: Directory;
}) {
  const client = useClient();
  const t = useRelatedTexts();
  const ref = useMemo(() => ({ appId, formId: form.id }), [appId, form.id]);
  // Re-read after the record was saved: a workflow or automation may have linked new records.
  const answer = useAsync(
    () => client.records.related(ref, record.id),
    [client, ref, record.id, record.version],
  );
  if (answer.error)
    return <Alert type="error" showIcon title={fill(t.failed, { message: answer.error.message })} />;
  if (!answer.data) return <Skeleton active data-testid="related-loading" />;
  return <RelatedList appId={appId} answer={answer.data} directory={directory} recordId={record.id} />;
}

function RelatedList({
  appId,
  answer,
  directory,
  recordId,
}: {
  appId: string;
  answer: RelatedAnswer;
  directory: Directory;
  recordId: string;
}) {
  const t = useRelatedTexts();
  // A form that links here through two fields (an order's customer and its payer) names the field.
  const formKey = (g: RelatedGroup) => `${g.appId}/${g.formId}`;
  const twice = new Set(answer.groups.map(formKey).filter((k, i, all) => all.indexOf(k) !== i));
  if (answer.groups.length === 0 && answer.balances.length === 0)
    return <Empty description={t.empty} data-testid="related-empty" />;
  return (
    <div data-testid="related-records">
      {answer.balances.length ? <Balances balances={answer.balances} /> : null}
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {answer.groups.map((g) => (
          <Group
            key={`${g.appId}/${g.formId}/${g.fieldId}`}
            group={g}
            ownApp={g.appId === appId}
            showField={twice.has(formKey(g))}
            directory={directory}
            recordId={recordId}
          />
        ))}
      </Space>
      {answer.omitted > 0 ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {fill(t.omitted, { count: answer.omitted })}
        </Typography.Text>
      ) : null}
    </div>
  );
}

/** Each measure of each balance as a statistic card, exact decimal text with grouped digits. */
function Balances({ balances }: { balances: readonly RelatedBalance[] }) {
  const { lang } = useViewTexts();
  const cards = balances.flatMap((b) =>
    b.measures.map((m) => ({
      key: `${b.appId}/${b.aggregateId}/${m.id}`,
      title:
        b.measures.length > 1
          ? `${pickText(b.name, lang)} · ${pickText(m.label, lang)}`
          : pickText(m.label, lang),
      source: `${pickText(b.appName, lang)} · ${pickText(b.name, lang)}`,
      value: m.value,
    })),
  );
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, marginBottom: 12 }}>
      {cards.map((c) => (
        <Card
          key={c.key}
          size="small"
          style={{ flex: '1 1 160px', minWidth: 0 }}
          data-testid={`related-balance-${c.key.replace(/\//g, '-')}`}
        >
          <Statistic
            title={c.title}
            value={groupDigits(c.value)}
            styles={{ content: { fontSize: 20, color: c.value.startsWith('-') ? '#e03131' : undefined } }}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.source}
          </Typography.Text>
        </Card>
      ))}
    </div>
  );
}

function Group({
  group,
  ownApp,
  showField,
  directory,
  recordId,
}: {
  group: RelatedGroup;
  ownApp: boolean;
  showField: boolean;
  directory: Directory;
  recordId: string;
}) {
  const { lang, tx } = useViewTexts();
  const t = useRelatedTexts();
  const form = group.form as FormDefinition;
  const columns = group.columns
    .map((id) => form.fields.find((f) => f.id === id))
    .filter((f) => f !== undefined);
  const name = pickText(group.formName, lang);
  const total = group.totalKind === 'atLeast' ? fill(t.atLeast, { count: group.total }) : String(group.total);
  const all = filteredLink(group.appId, group.formId, linksToFilter(group.fieldId, group.multiple, recordId));
  return (
    <Card
      size="small"
      data-testid={`related-group-${group.appId}-${group.formId}-${group.fieldId}`}
      title={
        <Space size={6} wrap>
          <span>{name}</span>
          <Tag data-testid="related-total">{total}</Tag>
          {ownApp ? null : (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
              {pickText(group.appName, lang)}
            </Typography.Text>
          )}
        </Space>
      }
      extra={
        <Link to={all} data-testid="related-view-all">
          {t.viewAll} <ArrowRightOutlined />
        </Link>
      }
      styles={{ body: { padding: '4px 12px' } }}
    >
      {showField ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="related-via">
          {fill(t.via, { field: pickText(group.fieldLabel, lang) })}
        </Typography.Text>
      ) : null}
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {group.items.map((r, i) => (
          <li
            key={r.id}
            style={{ padding: '6px 0', borderTop: i > 0 ? '1px solid rgba(5,5,5,0.06)' : undefined }}
            data-testid="related-row"
          >
            <Link to={recordLink(group.appId, group.formId, r.id)} data-testid="related-row-link">
              {rowTitle(form, r, lang, directory, tx.noAccess)}
            </Link>
            {columns.length ? (
              <div style={{ display: 'flex', flexWrap: 'wrap', columnGap: 16, fontSize: 12 }}>
                {columns.map((f) => (
                  <Typography.Text key={f.id} type="secondary" style={{ fontSize: 12 }}>
                    {pickText(f.label, lang)}:{' '}
                    <FieldValue field={f} record={r} directory={directory} mode="cell" />
                  </Typography.Text>
                ))}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}

/**
 * A row's name: its title field (a relation's linked titles from `display`), else the serial
 * number or a summary of its short fields, as the drawer names a record.
 */
function rowTitle(form: FormDefinition, record: RecordDto, lang: string, dir: Directory, noAccess: string) {
  const field = form.fields.find((f) => f.id === form.titleField);
  if (field?.type === 'relation') {
    const value = record.data[field.id];
    const ids = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    const shown = record.display?.[field.id] ?? {};
    const titles = ids
      .map((id) => (shown[id] === null ? noAccess : shown[id]))
      .filter((x): x is string => !!x);
    if (titles.length) return titles.join('、');
  }
  const text = field && field.type !== 'relation' ? formatCell(field, record.data[field.id], lang, dir) : '';
  if (text) return text;
  // Relation values are ids: never summarized.
  const named = { ...form, titleField: undefined, fields: form.fields.filter((f) => f.type !== 'relation') };
  return fieldTitle(named, record.data, fieldRegistry, { locale: lang }) ?? `#${record.id.slice(-6)}`;
}
