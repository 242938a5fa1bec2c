import { Checkbox, InputNumber, Typography } from 'antd';
import type { AppDefinition } from '@tangram/client';
import type {
  AggregateDefinition,
  AggregateWidgetSource,
  BalanceHaving,
  ChartWidget,
  FormDefinition,
} from '@tangram/schema';
import { FilterEditor, pickText, useAsync, useClient } from '@tangram/runtime';
import { useState } from 'react';
import type { DashboardCommand } from './dashboard-commands';
import { Row, Section, SelectRow } from './widget-settings';
import { useEditorTexts } from './texts';

type Dispatch = (c: DashboardCommand) => void;
type Op = BalanceHaving['op'];
type AggregateKey = AggregateDefinition['keys'][number];

// Kept beside the feature, as the other editor parts keep theirs in texts.ts.
const TEXTS = {
  'zh-CN': {
    title: '余额条件',
    having: '只显示余额满足条件的行',
    measure: '数值',
    op: '比较',
    bound: '比较对象',
    boundValue: '固定值',
    boundField: '键记录的字段',
    key: '键',
    field: '字段',
    noRecordKey: '把一个记录键拖入维度后，才能与它的记录字段比较',
    keyFilter: '只统计键记录满足条件的余额',
    keyFilterHint: '条件作用于键所指记录的字段（例如发票的到期日在最近 30 天内）',
    loading: '正在读取键表单…',
    ops: { lt: '小于', lte: '小于等于', gt: '大于', gte: '大于等于', eq: '等于', neq: '不等于' },
  },
  en: {
    title: 'Balance conditions',
    having: 'Only rows whose balance matches',
    measure: 'Measure',
    op: 'Compare',
    bound: 'With',
    boundValue: 'A fixed value',
    boundField: "A field of the key's record",
    key: 'Key',
    field: 'Field',
    noRecordKey: 'Add a record key to the dimensions to compare with a field of its record',
    keyFilter: "Only balances whose key's record matches",
    keyFilterHint: "The condition reads the fields of the record the key names (e.g. an invoice's due date)",
    loading: 'Reading the key form…',
    ops: {
      lt: 'less than',
      lte: 'at most',
      gt: 'more than',
      gte: 'at least',
      eq: 'equal to',
      neq: 'not equal to',
    },
  },
} as const;
const OPS: Op[] = ['lt', 'lte', 'gt', 'gte', 'eq', 'neq'];
const NUMERIC = new Set(['number', 'money', 'percent', 'formula', 'lookup']);

const numeric = (form: FormDefinition | undefined) => (form?.fields ?? []).filter((f) => NUMERIC.has(f.type));
/** The first number field of a key form, proposed when comparing with a field (empty: none yet). */
const firstNumeric = (form: FormDefinition | undefined) => numeric(form)[0]?.id ?? '';

/** The record keys of an aggregate table (the ones `having` and `keyFilter` can name). */
export function recordKeys(aggregate: AggregateDefinition): AggregateKey[] {
  return aggregate.keys.filter((k) => k.type === 'record' && Boolean(k.form));
}

/**
 * The other apps the record keys live in (stock keyed by master data's products): their forms
 * are read to offer fields; the current app's are at hand.
 */
function useKeyForms(app: AppDefinition, keys: readonly AggregateKey[]) {
  const client = useClient();
  const others = [...new Set(keys.map((k) => k.app).filter((a): a is string => !!a && a !== app.id))];
  const loaded = useAsync(
    () => Promise.all(others.map((id) => client.apps.get(id).then((r) => r.app))),
    [client, others.join(',')],
  );
  const loading = others.length > 0 && !loaded.data && !loaded.error;
  const formOf = (key: AggregateKey | undefined): FormDefinition | undefined => {
    if (!key?.form) return undefined;
    const owner = !key.app || key.app === app.id ? app : loaded.data?.find((a) => a.id === key.app);
    return owner?.forms.find((f) => f.id === key.form);
  };
  return { formOf, loading };
}

/**
 * A balances widget's conditions (decision 0051), edited instead of typed as JSON: `having` keeps
 * the grouped rows whose summed measure compares with a fixed value or with a field of the record
 * a grouped key names ("on hand < the product's reorder point"); `keyFilter` counts only the
 * balances whose key record matches a filter ("invoices due in the last 30 days"). The server
 * checks both on save and when the widget runs (the key form may be another app's).
 */
export function BalanceSourceSection({
  widget,
  app,
  dispatch,
}: {
  widget: ChartWidget;
  app: AppDefinition;
  dispatch: Dispatch;
}) {
  const { lang } = useEditorTexts();
  const tx = lang.startsWith('en') ? TEXTS.en : TEXTS['zh-CN'];
  const source = widget.source as AggregateWidgetSource;
  const aggregate = (app.aggregates ?? []).find((a) => a.id === source.aggregate);
  const keys = aggregate ? recordKeys(aggregate) : [];
  const { formOf, loading } = useKeyForms(app, keys);
  // The key filter stays open while its first condition is being written (only a complete
  // filter is stored).
  const [filterKey, setFilterKey] = useState<string | undefined>(source.keyFilter?.key);
  if (!aggregate) return null;

  const set = (patch: Partial<Omit<AggregateWidgetSource, 'aggregate'>>) =>
    dispatch({ kind: 'setBalanceSource', id: widget.id, patch });
  const having = source.having;
  const setHaving = (patch: Partial<BalanceHaving>) => set({ having: { ...having!, ...patch } });
  const grouped = keys.filter((k) => widget.dimensions.some((d) => d.field === k.id));
  const label = (k: AggregateKey) => pickText(k.label, lang);
  const byValue = having?.value !== undefined;
  const havingForm = formOf(keys.find((k) => k.id === having?.key));
  const numericFields = numeric(havingForm);
  const keyFilterKey = source.keyFilter?.key ?? filterKey;
  const filterForm = formOf(keys.find((k) => k.id === keyFilterKey));
  const pivot = widget.type === 'pivot';

  return (
    <Section title={tx.title} testId="balance-source">
      {!pivot ? (
        <Checkbox
          checked={having !== undefined}
          onChange={(e) =>
            set({
              having: e.target.checked
                ? { measure: aggregate.measures[0]!.id, op: 'lt', value: 0 }
                : undefined,
            })
          }
          data-testid="having-on"
        >
          {tx.having}
        </Checkbox>
      ) : null}
      {having && !pivot ? (
        <div className="tg-dbe-indent" data-testid="having">
          <SelectRow
            label={tx.measure}
            value={having.measure}
            options={aggregate.measures.map((m) => ({ value: m.id, label: pickText(m.label, lang) }))}
            onChange={(measure: string) => setHaving({ measure })}
            data-testid="having-measure"
          />
          <SelectRow
            label={tx.op}
            value={having.op}
            options={OPS.map((op) => ({ value: op, label: tx.ops[op] }))}
            onChange={(op: Op) => setHaving({ op })}
            data-testid="having-op"
          />
          <SelectRow
            label={tx.bound}
            value={byValue ? 'value' : 'field'}
            options={[
              { value: 'value', label: tx.boundValue },
              { value: 'field', label: tx.boundField, disabled: grouped.length === 0 },
            ]}
            onChange={(bound: 'value' | 'field') =>
              set({
                having:
                  bound === 'value'
                    ? { measure: having.measure, op: having.op, value: 0 }
                    : {
                        measure: having.measure,
                        op: having.op,
                        key: grouped[0]!.id,
                        field: firstNumeric(formOf(grouped[0])),
                      },
              })
            }
            data-testid="having-bound"
          />
          {grouped.length === 0 ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {tx.noRecordKey}
            </Typography.Text>
          ) : null}
          {byValue ? (
            <Row label={tx.boundValue}>
              <InputNumber
                size="small"
                style={{ width: '100%' }}
                value={having.value}
                onChange={(v) => typeof v === 'number' && setHaving({ value: v })}
                data-testid="having-value"
              />
            </Row>
          ) : (
            <>
              <SelectRow
                label={tx.key}
                value={having.key}
                options={grouped.map((k) => ({ value: k.id, label: label(k) }))}
                onChange={(key: string) =>
                  setHaving({ key, field: firstNumeric(formOf(keys.find((k) => k.id === key))) })
                }
                data-testid="having-key"
              />
              <SelectRow
                label={tx.field}
                loading={loading}
                value={having.field || undefined}
                placeholder={loading ? tx.loading : undefined}
                options={numericFields.map((f) => ({ value: f.id, label: pickText(f.label, lang) }))}
                onChange={(field: string) => setHaving({ field })}
                data-testid="having-field"
              />
            </>
          )}
        </div>
      ) : null}
      <Checkbox
        checked={keyFilterKey !== undefined}
        disabled={keys.length === 0}
        onChange={(e) => {
          setFilterKey(e.target.checked ? keys[0]!.id : undefined);
          if (!e.target.checked) set({ keyFilter: undefined });
        }}
        data-testid="key-filter-on"
      >
        {tx.keyFilter}
      </Checkbox>
      {keyFilterKey !== undefined ? (
        <div className="tg-dbe-indent" data-testid="key-filter">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {tx.keyFilterHint}
          </Typography.Text>
          <SelectRow
            label={tx.key}
            value={keyFilterKey}
            options={keys.map((k) => ({ value: k.id, label: label(k) }))}
            onChange={(key: string) => {
              setFilterKey(key);
              // A filter reads one key form's fields: another key starts empty.
              set({ keyFilter: undefined });
            }}
            data-testid="key-filter-key"
          />
          {filterForm ? (
            <FilterEditor
              key={`${keyFilterKey}:${filterForm.id}`}
              form={filterForm}
              value={source.keyFilter?.filter}
              onChange={(filter) => set({ keyFilter: filter ? { key: keyFilterKey, filter } : undefined })}
              testId="key-filter-editor"
            />
          ) : (
            <Typography.Text type="secondary">{tx.loading}</Typography.Text>
          )}
        </div>
      ) : null}
    </Section>
  );
}
