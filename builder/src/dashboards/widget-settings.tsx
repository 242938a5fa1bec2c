import { CloseOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import {
  Button,
  Checkbox,
  ColorPicker,
  Input,
  InputNumber,
  Popover,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
  type SelectProps,
} from 'antd';
import type {
  ChartWidget,
  FieldDefinition,
  FormDefinition,
  KpiComparison,
  NumberFormat,
  WidgetDimension,
  WidgetMeasure,
} from '@tangram/schema';
import { measureLabel, pickText } from '@tangram/runtime';
import type { EditorField } from '@tangram/formula';
import type { ReactNode } from 'react';
import { FormulaInput } from '../designer/formula/formula-input';
import { finer } from './chart-settings-commands';
import { DATE_TYPES, type DashboardCommand } from './dashboard-commands';
import { useEditorTexts, type DashboardEditorTexts } from './texts';

type Dispatch = (c: DashboardCommand) => void;
type Bucket = NonNullable<WidgetDimension['bucket']>;
const BUCKETS: Bucket[] = ['year', 'quarter', 'month', 'week', 'day'];
const RANGES: NonNullable<KpiComparison['range']>[] = [
  'today',
  'thisWeek',
  'lastWeek',
  'thisMonth',
  'lastMonth',
  'thisQuarter',
  'lastQuarter',
  'thisYear',
  'lastYear',
];
const DRILLABLE = new Set(['bar', 'line', 'area', 'pie', 'funnel']);

/** Series colour sets offered for `options.colors` (the first is ECharts' default, stored as none). */
const PALETTES = [
  { id: 'default', colors: [] as string[] },
  { id: 'ocean', colors: ['#1d4ed8', '#0891b2', '#059669', '#65a30d', '#7c3aed', '#db2777'] },
  { id: 'warm', colors: ['#ea580c', '#f59e0b', '#dc2626', '#d97706', '#be123c', '#a16207'] },
  { id: 'calm', colors: ['#64748b', '#94a3b8', '#0f766e', '#5eead4', '#475569', '#cbd5e1'] },
] as const;
const DEFAULT_SWATCH = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de'];
const DATE_SYSTEM = ['createdAt', 'updatedAt'];

const langKey = (lang: string) => (lang.startsWith('en') ? 'en' : 'zh-CN');

/** A labelled row of the properties panel (here and in the balance source's settings). */
export function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="tg-dbe-row">
      <Typography.Text type="secondary">{label}</Typography.Text>
      <div className="tg-dbe-row-control">{children}</div>
    </div>
  );
}

/** A labelled row whose control is one choice: a small select filling the row. */
export function SelectRow<V>({
  label,
  ...select
}: { label: string } & Omit<SelectProps<V>, 'size' | 'style'>) {
  return (
    <Row label={label}>
      <Select<V> size="small" style={{ width: '100%' }} {...select} />
    </Row>
  );
}

/** A titled group of settings. */
export function Section({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className="tg-dbe-section" data-testid={testId}>
      <Typography.Text strong>{title}</Typography.Text>
      {children}
    </div>
  );
}

/** Decimals, thousands, percent, prefix and suffix; an empty format is removed. */
function NumberFormatEditor({
  value,
  onChange,
  testId,
}: {
  value: NumberFormat | undefined;
  onChange(v: NumberFormat | undefined): void;
  testId?: string;
}) {
  const { tx } = useEditorTexts();
  const set = (patch: Partial<NumberFormat>) => {
    const next: Record<string, unknown> = { ...value, ...patch };
    for (const [k, v] of Object.entries(next)) if (v === undefined || v === '' || v === null) delete next[k];
    onChange(Object.keys(next).length ? (next as NumberFormat) : undefined);
  };
  return (
    <div className="tg-dbe-format" data-testid={testId}>
      <Row label={tx.decimals}>
        <InputNumber
          size="small"
          min={0}
          max={6}
          value={value?.decimals ?? null}
          onChange={(v) => set({ decimals: typeof v === 'number' ? v : undefined })}
          data-testid={testId ? `${testId}-decimals` : undefined}
        />
      </Row>
      <Space wrap size={12}>
        <Checkbox
          checked={value?.thousands ?? true}
          onChange={(e) => set({ thousands: e.target.checked ? undefined : false })}
        >
          {tx.thousands}
        </Checkbox>
        <Checkbox
          checked={value?.percent ?? false}
          onChange={(e) => set({ percent: e.target.checked || undefined })}
          data-testid={testId ? `${testId}-percent` : undefined}
        >
          {tx.percent}
        </Checkbox>
      </Space>
      <Space size={8}>
        <Input
          size="small"
          placeholder={tx.prefix}
          maxLength={10}
          value={value?.prefix ?? ''}
          onChange={(e) => set({ prefix: e.target.value || undefined })}
          style={{ width: 100 }}
        />
        <Input
          size="small"
          placeholder={tx.suffix}
          maxLength={10}
          value={value?.suffix ?? ''}
          onChange={(e) => set({ suffix: e.target.value || undefined })}
          style={{ width: 100 }}
          data-testid={testId ? `${testId}-suffix` : undefined}
        />
      </Space>
    </div>
  );
}

/** A dimension in its slot: the field's name and bucket, with a settings popover and remove. */
export function DimensionTag({
  widget,
  index,
  field,
  name,
  dispatch,
}: {
  widget: ChartWidget;
  index: number;
  field: FieldDefinition | undefined;
  name: string;
  dispatch: Dispatch;
}) {
  const { tx, lang } = useEditorTexts();
  const d = widget.dimensions[index]!;
  const isDate = (field && DATE_TYPES.has(field.type)) || DATE_SYSTEM.includes(d.field);
  const set = (patch: Partial<Omit<WidgetDimension, 'field'>>) =>
    dispatch({ kind: 'setDimension', id: widget.id, index, patch });
  const top = d.top;
  const content = (
    <div className="tg-dbe-popover" data-testid={`dimension-settings-${d.field}`}>
      {isDate ? (
        <SelectRow
          label={tx.bucket}
          value={d.bucket ?? 'none'}
          options={[
            { value: 'none', label: '—' },
            ...BUCKETS.map((b) => ({ value: b, label: tx.buckets[b] })),
          ]}
          onChange={(b: Bucket | 'none') => set({ bucket: b === 'none' ? undefined : b })}
          data-testid="dimension-bucket"
        />
      ) : null}
      <Row label={tx.label}>
        <Input
          size="small"
          value={d.label ? pickText(d.label, lang) : ''}
          placeholder={name}
          onChange={(e) =>
            set({ label: e.target.value ? { ...d.label, [langKey(lang)]: e.target.value } : undefined })
          }
        />
      </Row>
      {widget.type !== 'pivot' && widget.type !== 'scatter' ? (
        <>
          <Checkbox
            checked={top !== undefined}
            onChange={(e) => set({ top: e.target.checked ? { n: 5, others: true } : undefined })}
            data-testid="dimension-top"
          >
            {tx.topN}
          </Checkbox>
          {top ? (
            <div className="tg-dbe-indent">
              <Row label={tx.topNCount}>
                <InputNumber
                  size="small"
                  min={1}
                  max={100}
                  value={top.n}
                  onChange={(n) => typeof n === 'number' && set({ top: { ...top, n } })}
                  data-testid="dimension-top-n"
                />
              </Row>
              <SelectRow
                label={tx.topDir}
                value={top.dir ?? 'desc'}
                options={[
                  { value: 'desc', label: tx.topDesc },
                  { value: 'asc', label: tx.topAsc },
                ]}
                onChange={(dir: 'asc' | 'desc') =>
                  set({ top: { ...top, ...(dir === 'asc' ? { dir } : { dir: undefined }) } })
                }
              />
              <Checkbox
                checked={top.others ?? false}
                onChange={(e) => set({ top: { ...top, others: e.target.checked || undefined } })}
              >
                {tx.topOthers}
              </Checkbox>
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
  return (
    <Popover trigger="click" placement="left" title={name} content={content}>
      <Tag
        className="tg-dbe-chip"
        closable
        closeIcon={<CloseOutlined />}
        onClose={(e) => {
          e.preventDefault();
          e.stopPropagation();
          dispatch({ kind: 'removeDimension', id: widget.id, index });
        }}
        data-testid={`dimension-${d.field}`}
      >
        {d.label ? pickText(d.label, lang) : name}
        {d.bucket ? ` · ${tx.buckets[d.bucket]}` : ''}
        {top ? ` · Top ${top.n}` : ''}
      </Tag>
    </Popover>
  );
}

/**
 * A measure: its name, the operation (or, for a calculated measure, the formula in Monaco with
 * the other measures as `{alias}` completions), a settings popover (label, format, colour,
 * hidden) and remove.
 */
export function MeasureRow({
  widget,
  index,
  form,
  name,
  ops,
  dispatch,
}: {
  widget: ChartWidget;
  index: number;
  form: FormDefinition | undefined;
  name: string;
  ops: readonly WidgetMeasure['op'][];
  dispatch: Dispatch;
}) {
  const { tx, lang } = useEditorTexts();
  const m = widget.measures[index]!;
  const set = (patch: Partial<Omit<WidgetMeasure, 'as' | 'op'>>) =>
    dispatch({ kind: 'setMeasure', id: widget.id, index, patch });
  const settings = (
    <div className="tg-dbe-popover" data-testid={`measure-settings-${m.as}`}>
      <Row label={tx.label}>
        <Input
          size="small"
          value={m.label ? pickText(m.label, lang) : ''}
          placeholder={measureLabel(m, form, lang)}
          onChange={(e) =>
            set({ label: e.target.value ? { ...m.label, [langKey(lang)]: e.target.value } : undefined })
          }
          data-testid="measure-label"
        />
      </Row>
      <Typography.Text type="secondary">{tx.numberFormat}</Typography.Text>
      <NumberFormatEditor value={m.format} onChange={(format) => set({ format })} testId="measure-format" />
      <Row label={tx.color}>
        <Space>
          <ColorPicker
            size="small"
            value={m.color ?? null}
            allowClear
            disabledAlpha
            onChangeComplete={(c) => set({ color: c.toHexString().slice(0, 7) })}
            onClear={() => set({ color: undefined })}
          />
        </Space>
      </Row>
      <Checkbox checked={m.hidden ?? false} onChange={(e) => set({ hidden: e.target.checked || undefined })}>
        {tx.hidden}
      </Checkbox>
    </div>
  );
  const others: EditorField[] = widget.measures
    .filter((x, i) => i !== index && (x.op !== 'formula' || i < index))
    .map((x) => ({ id: x.as, label: measureLabel(x, form, lang), type: 'number' }));
  return (
    <div
      className={`tg-dbe-measure${m.op === 'formula' ? ' tg-dbe-measure-formula' : ''}`}
      data-testid={`measure-${m.as}`}
    >
      <div className="tg-dbe-measure-line">
        <span
          className="tg-dbe-measure-name"
          style={m.color ? { borderLeft: `3px solid ${m.color}`, paddingLeft: 6 } : undefined}
        >
          {m.label ? pickText(m.label, lang) : m.op === 'formula' ? m.as : name}
        </span>
        {m.op !== 'formula' ? (
          <Select
            size="small"
            value={m.op}
            style={{ width: 104 }}
            options={ops
              .filter((op) => op !== 'formula' && (m.field ? true : op === 'count'))
              .map((op) => ({
                value: op,
                label: tx.ops[op],
              }))}
            onChange={(op: WidgetMeasure['op']) =>
              dispatch({ kind: 'setMeasureOp', id: widget.id, index, op })
            }
            data-testid={`measure-op-${index}`}
          />
        ) : (
          <Tag color="purple">{tx.ops.formula}</Tag>
        )}
        <Popover trigger="click" placement="left" title={tx.settings} content={settings}>
          <Button
            size="small"
            type="text"
            icon={<SettingOutlined />}
            aria-label={tx.settings}
            data-testid={`measure-settings-button-${index}`}
          />
        </Popover>
        <Button
          size="small"
          type="text"
          icon={<CloseOutlined />}
          aria-label={tx.delete}
          onClick={() => dispatch({ kind: 'removeMeasure', id: widget.id, index })}
        />
      </div>
      {m.op === 'formula' ? (
        <FormulaInput
          value={m.formula ?? ''}
          onChange={(formula) => set({ formula: formula || undefined })}
          fields={others}
          height={48}
          testId={`measure-formula-${index}`}
        />
      ) : null}
    </div>
  );
}

/** Options that depend on the chart type; only those that apply are offered. */
export function OptionsSection({ widget, dispatch }: { widget: ChartWidget; dispatch: Dispatch }) {
  const { tx } = useEditorTexts();
  const o = widget.options ?? {};
  const set = (patch: Parameters<typeof setOptions>[2]) => setOptions(dispatch, widget.id, patch);
  const flag = (
    key: 'stacked' | 'horizontal' | 'smooth' | 'donut' | 'showLabels' | 'showLegend',
    label: string,
  ) => (
    <Checkbox
      key={key}
      checked={o[key] ?? false}
      onChange={(e) => set({ [key]: e.target.checked || undefined })}
      data-testid={`option-${key}`}
    >
      {label}
    </Checkbox>
  );
  const t = widget.type;
  const flags = [
    t === 'bar' || t === 'area' ? flag('stacked', tx.stacked) : null,
    t === 'bar' ? flag('horizontal', tx.horizontal) : null,
    t === 'line' || t === 'area' ? flag('smooth', tx.smooth) : null,
    t === 'pie' ? flag('donut', tx.donut) : null,
    ['bar', 'line', 'area', 'pie'].includes(t) ? flag('showLabels', tx.showLabels) : null,
    ['bar', 'line', 'area', 'pie', 'funnel', 'scatter'].includes(t)
      ? flag('showLegend', tx.showLegend)
      : null,
  ].filter(Boolean);
  return (
    <Section title={tx.chartOptions} testId="chart-options">
      {flags.length ? <div className="tg-dbe-flags">{flags}</div> : null}
      {t === 'funnel' ? (
        <SelectRow
          label={tx.funnelSort}
          value={o.funnelSort ?? 'desc'}
          options={[
            { value: 'desc', label: tx.funnelDesc },
            { value: 'definition', label: tx.funnelDefinition },
          ]}
          onChange={(v: 'desc' | 'definition') => set({ funnelSort: v === 'desc' ? undefined : v })}
        />
      ) : null}
      {t === 'gauge' ? (
        <Space size={8} wrap>
          {(['min', 'max', 'target'] as const).map((k) => (
            <div key={k}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {k === 'min' ? tx.gaugeMin : k === 'max' ? tx.gaugeMax : tx.gaugeTarget}
              </Typography.Text>
              <InputNumber
                size="small"
                style={{ width: 76 }}
                value={o.gauge?.[k] ?? null}
                onChange={(v) => {
                  const g = { min: 0, max: 100, ...o.gauge };
                  if (k === 'target' && typeof v !== 'number') {
                    const { target: _drop, ...rest } = g;
                    set({ gauge: rest });
                  } else if (typeof v === 'number') set({ gauge: { ...g, [k]: v } });
                }}
                data-testid={`gauge-${k}`}
              />
            </div>
          ))}
        </Space>
      ) : null}
      {t !== 'pivot' && t !== 'gauge' ? (
        <Row label={tx.palette}>
          <div className="tg-dbe-palettes" role="radiogroup" aria-label={tx.palette}>
            {PALETTES.map((p) => {
              const on = (o.colors?.join() ?? '') === p.colors.join();
              return (
                <button
                  key={p.id}
                  type="button"
                  role="radio"
                  aria-checked={on}
                  aria-label={tx.palettes[p.id]}
                  title={tx.palettes[p.id]}
                  className={`tg-dbe-palette${on ? ' tg-dbe-palette-on' : ''}`}
                  onClick={() => set({ colors: p.colors.length ? [...p.colors] : undefined })}
                  data-testid={`palette-${p.id}`}
                >
                  {(p.colors.length ? p.colors : DEFAULT_SWATCH).slice(0, 5).map((c) => (
                    <span key={c} style={{ background: c }} />
                  ))}
                </button>
              );
            })}
          </div>
        </Row>
      ) : null}
      <Typography.Text type="secondary">{tx.numberFormat}</Typography.Text>
      <NumberFormatEditor
        value={o.numberFormat}
        onChange={(numberFormat) => set({ numberFormat })}
        testId="widget-format"
      />
    </Section>
  );
}

function setOptions(dispatch: Dispatch, id: string, patch: NonNullable<ChartWidget['options']>) {
  dispatch({ kind: 'setOptions', id, patch });
}

/** Pivot totals. */
export function PivotTotals({ widget, dispatch }: { widget: ChartWidget; dispatch: Dispatch }) {
  const { tx } = useEditorTexts();
  const p = widget.pivot ?? { columns: [] };
  const flag = (key: 'rowSubtotals' | 'columnSubtotals' | 'grandTotals', label: string) => (
    <Checkbox
      checked={p[key] ?? false}
      onChange={(e) =>
        dispatch({ kind: 'setPivot', id: widget.id, patch: { [key]: e.target.checked || undefined } })
      }
      data-testid={`pivot-${key}`}
    >
      {label}
    </Checkbox>
  );
  return (
    <div className="tg-dbe-flags">
      {flag('grandTotals', tx.grandTotals)}
      {flag('rowSubtotals', tx.rowSubtotals)}
      {flag('columnSubtotals', tx.columnSubtotals)}
    </div>
  );
}

/** The date fields of a form (and the system dates), for comparisons and drill levels. */
function dateFields(form: FormDefinition | undefined, lang: string, tx: DashboardEditorTexts) {
  const system = {
    createdAt: lang.startsWith('en') ? 'Created at' : '提交时间',
    updatedAt: lang.startsWith('en') ? 'Updated at' : '更新时间',
  };
  return [
    ...(form?.fields ?? [])
      .filter((f) => DATE_TYPES.has(f.type))
      .map((f) => ({ value: f.id, label: pickText(f.label, lang) })),
    ...DATE_SYSTEM.map((id) => ({ value: id, label: system[id as keyof typeof system] ?? id })),
  ].map((o) => ({ ...o, title: o.label || tx.compareField }));
}

/** KPI comparison with the previous period or last year, over a date field. */
export function CompareSection({
  widget,
  form,
  dispatch,
}: {
  widget: ChartWidget;
  form: FormDefinition | undefined;
  dispatch: Dispatch;
}) {
  const { tx, lang } = useEditorTexts();
  const fields = dateFields(form, lang, tx);
  const c = widget.compare;
  const set = (compare: KpiComparison | undefined) =>
    dispatch({ kind: 'setCompare', id: widget.id, compare });
  return (
    <Section title={tx.compare} testId="compare-settings">
      <Switch
        size="small"
        checked={c !== undefined}
        disabled={fields.length === 0}
        onChange={(on) => set(on && fields[0] ? { field: fields[0].value, period: 'previous' } : undefined)}
        data-testid="compare-toggle"
      />
      {c ? (
        <>
          <SelectRow
            label={tx.compareField}
            value={c.field}
            options={fields}
            onChange={(field: string) => set({ ...c, field })}
            data-testid="compare-field"
          />
          <SelectRow
            label={tx.comparePeriod}
            value={c.period}
            options={[
              { value: 'previous', label: tx.periodPrevious },
              { value: 'lastYear', label: tx.periodLastYear },
            ]}
            onChange={(period: KpiComparison['period']) => set({ ...c, period })}
            data-testid="compare-period"
          />
          <SelectRow
            label={tx.compareRange}
            value={c.range ?? 'thisMonth'}
            options={RANGES.map((r) => ({ value: r, label: tx.ranges[r] }))}
            onChange={(range: NonNullable<KpiComparison['range']>) => {
              const { range: _drop, ...rest } = c;
              set(range === 'thisMonth' ? rest : { ...rest, range });
            }}
            data-testid="compare-range"
          />
        </>
      ) : null}
    </Section>
  );
}

/**
 * The drill hierarchy of the first dimension: the levels after it, each a field (and a bucket
 * for dates). A date dimension proposes the next finer bucket of the same field.
 */
export function DrillSection({
  widget,
  form,
  fieldLabel,
  dispatch,
}: {
  widget: ChartWidget;
  form: FormDefinition | undefined;
  fieldLabel: (id: string) => string;
  dispatch: Dispatch;
}) {
  const { tx, lang } = useEditorTexts();
  if (!DRILLABLE.has(widget.type) || widget.dimensions.length === 0) return null;
  const levels = widget.drill?.levels ?? [];
  const last = levels[levels.length - 1] ?? widget.dimensions[0]!;
  const choices = (form?.fields ?? [])
    .filter(
      (f) =>
        ![
          'subform',
          'description',
          'divider',
          'tabs',
          'section',
          'attachment',
          'image',
          'signature',
          'richtext',
        ].includes(f.type),
    )
    .map((f) => ({ value: f.id, label: pickText(f.label, lang) }));
  const isDate = (id: string) =>
    DATE_SYSTEM.includes(id) || DATE_TYPES.has(form?.fields.find((f) => f.id === id)?.type ?? '');
  const add = () => {
    const bucket = isDate(last.field) ? finer(last.bucket) : undefined;
    if (isDate(last.field) && bucket)
      dispatch({ kind: 'addDrillLevel', id: widget.id, level: { field: last.field, bucket } });
    else {
      const next = choices.find((c) => c.value !== last.field && !levels.some((l) => l.field === c.value));
      if (next) dispatch({ kind: 'addDrillLevel', id: widget.id, level: { field: next.value } });
    }
  };
  return (
    <Section title={tx.drill} testId="drill-settings">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {tx.drillHint}
      </Typography.Text>
      <div className="tg-dbe-levels">
        <Tag>
          {fieldLabel(widget.dimensions[0]!.field)}
          {widget.dimensions[0]!.bucket ? ` · ${tx.buckets[widget.dimensions[0]!.bucket]}` : ''}
        </Tag>
        {levels.map((l, i) => (
          <Tag
            key={i}
            closable
            closeIcon={<CloseOutlined />}
            onClose={(e) => {
              e.preventDefault();
              dispatch({ kind: 'removeDrillLevel', id: widget.id, index: i });
            }}
            data-testid={`drill-level-${i}`}
          >
            › {fieldLabel(l.field)}
            {l.bucket ? ` · ${tx.buckets[l.bucket]}` : ''}
          </Tag>
        ))}
      </div>
      {levels.length < 4 ? (
        <Space.Compact style={{ width: '100%' }}>
          <Select
            size="small"
            style={{ flex: 1 }}
            placeholder={tx.levelField}
            value={null}
            options={choices}
            onChange={(field: string) =>
              dispatch({
                kind: 'addDrillLevel',
                id: widget.id,
                level: isDate(field)
                  ? { field, bucket: finer(field === last.field ? last.bucket : undefined) ?? 'month' }
                  : { field },
              })
            }
            data-testid="drill-add-field"
          />
          <Button size="small" icon={<PlusOutlined />} onClick={add} data-testid="drill-add">
            {tx.addLevel}
          </Button>
        </Space.Compact>
      ) : null}
    </Section>
  );
}
