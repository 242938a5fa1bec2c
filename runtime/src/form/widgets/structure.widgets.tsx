import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Divider, Grid, Select, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { fieldRegistry } from '@tangram/fields';
import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import { useEffect, useMemo, useRef, useState } from 'react';
import { pickText } from '../../core/i18n-text';
import { useCellErrors, useFieldValue, useFormEnv } from '../react/form-context';
import type { WidgetProps } from './widget';

type Row = Record<string, unknown>;

/** A value as tables show it (the registry's formatter), or the empty dash. */
export function formatted(field: FieldDefinition, value: unknown, lang: string): string {
  if (value === null || value === undefined) return '';
  return fieldRegistry.of(field).format(value as never, field as never, lang);
}

function ReadOnlyValue({ text, placeholder, id }: { text: string; placeholder: string; id: string }) {
  return (
    <div id={id} className="tg-readonly-value">
      {text === '' ? <Typography.Text type="secondary">{placeholder}</Typography.Text> : text}
    </div>
  );
}

export function FormulaWidget({ field, value, id }: WidgetProps<'formula'>) {
  const { lang, texts } = useFormEnv();
  return <ReadOnlyValue id={id} text={formatted(field, value, lang)} placeholder={texts.computed} />;
}

export function SerialWidget({ value, id }: WidgetProps<'serial'>) {
  const { texts } = useFormEnv();
  return (
    <ReadOnlyValue id={id} text={typeof value === 'string' ? value : ''} placeholder={texts.assignedOnSave} />
  );
}

export function DescriptionWidget({ field, id }: WidgetProps<'description'>) {
  const { lang } = useFormEnv();
  return (
    <Typography.Paragraph id={id} type="secondary" style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
      {pickText(field.config.content, lang)}
    </Typography.Paragraph>
  );
}

export function DividerWidget({ field, id }: WidgetProps<'divider'>) {
  const { lang } = useFormEnv();
  const title = pickText(field.config?.title, lang);
  return (
    <div id={id}>
      <Divider titlePlacement="start" style={{ margin: '8px 0' }}>
        {title || null}
      </Divider>
    </div>
  );
}

/** The form a relation points at, when it is in the app being rendered. */
function useTargetForm(appId: string | undefined, formId: string): FormDefinition | undefined {
  const { app } = useFormEnv();
  return appId && appId !== app.id ? undefined : (app.forms ?? []).find((f) => f.id === formId);
}

function recordLabel(
  target: FormDefinition | undefined,
  displayField: string | undefined,
  data: Row,
  id: string,
  lang: string,
) {
  const fieldId = displayField ?? target?.titleField;
  const field = target?.fields.find((f) => f.id === fieldId) ?? target?.fields.find((f) => f.type === 'text');
  const text = field ? formatted(field, data[field.id], lang) : '';
  return text || id;
}

/** Links to records of another form: server-side search (`q`), honouring the field's filter. */
export function RelationWidget({ field, value, onChange, id, disabled, invalid }: WidgetProps<'relation'>) {
  const { client, app, lang, texts } = useFormEnv();
  const config = field.config;
  const ref = useMemo(
    () => ({ appId: config.app ?? app.id, formId: config.form }),
    [config.app, config.form, app.id],
  );
  const target = useTargetForm(config.app, config.form);
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [loading, setLoading] = useState(false);
  const [q, setQ] = useState('');
  const selected = config.multiple
    ? Array.isArray(value)
      ? (value as string[])
      : []
    : typeof value === 'string'
      ? [value]
      : [];

  useEffect(() => {
    if (!client) return;
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      client.records
        .list(ref, { q: q || undefined, filter: config.filter, limit: 20 })
        .then((page) => {
          if (!live) return;
          const next = page.items.map((r) => ({
            value: r.id,
            label: recordLabel(target, config.displayField, r.data, r.id, lang),
          }));
          setOptions(next);
          setLabels((l) => ({ ...l, ...Object.fromEntries(next.map((o) => [o.value, o.label])) }));
        })
        .catch(() => live && setOptions([]))
        .finally(() => live && setLoading(false));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, ref, q, config.filter, config.displayField, target, lang]);

  // Labels of linked records that are not in the current search page.
  const missing = selected.filter((s) => labels[s] === undefined).join(',');
  useEffect(() => {
    if (!client || !missing) return;
    for (const recordId of missing.split(',')) {
      void client.records
        .get(ref, recordId)
        .then((r) =>
          setLabels((l) => ({
            ...l,
            [recordId]: recordLabel(target, config.displayField, r.data, r.id, lang),
          })),
        )
        .catch(() => setLabels((l) => ({ ...l, [recordId]: recordId })));
    }
  }, [client, ref, missing, target, config.displayField, lang]);

  const all = [
    ...options,
    ...selected
      .filter((s) => !options.some((o) => o.value === s))
      .map((s) => ({ value: s, label: labels[s] ?? s })),
  ];
  return (
    <Select
      id={id}
      mode={config.multiple ? 'multiple' : undefined}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={texts.search}
      loading={loading}
      style={{ width: '100%' }}
      value={config.multiple ? selected : selected[0]}
      options={all}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      onChange={(v: string | string[] | undefined) =>
        onChange(Array.isArray(v) ? (v.length ? v : null) : (v ?? null))
      }
    />
  );
}

/** Read-only: a field of the linked record(s), or an aggregate over them. */
export function LookupWidget({ field, value, id }: WidgetProps<'lookup'>) {
  const { client, app, form, lang, texts } = useFormEnvWithForm();
  const relation = form.fields.find((f) => f.id === field.config.relation);
  const linked = useFieldValue(field.config.relation);
  const [text, setText] = useState('');
  const ids = Array.isArray(linked) ? (linked as string[]) : typeof linked === 'string' ? [linked] : [];
  const key = ids.join(',');
  const relationConfig = relation?.type === 'relation' ? relation.config : undefined;
  const target = useTargetForm(relationConfig?.app, relationConfig?.form ?? '');
  useEffect(() => {
    if (!client || !relationConfig || key === '') return setText('');
    const targetField = target?.fields.find((f) => f.id === field.config.field);
    const ref = { appId: relationConfig.app ?? app.id, formId: relationConfig.form };
    let live = true;
    void Promise.all(key.split(',').map((rid) => client.records.get(ref, rid).catch(() => null))).then(
      (records) => {
        if (!live) return;
        const values = records.filter((r) => r !== null).map((r) => r.data[field.config.field]);
        const agg = field.config.aggregate ?? 'none';
        if (agg === 'none') {
          setText(
            values
              .map((v) => (targetField ? formatted(targetField, v, lang) : String(v ?? '')))
              .filter(Boolean)
              .join(', '),
          );
          return;
        }
        const nums = values.filter((v): v is number => typeof v === 'number');
        const result =
          agg === 'count'
            ? values.length
            : agg === 'sum'
              ? nums.reduce((a, b) => a + b, 0)
              : agg === 'avg'
                ? nums.length
                  ? nums.reduce((a, b) => a + b, 0) / nums.length
                  : null
                : agg === 'min'
                  ? nums.length
                    ? Math.min(...nums)
                    : null
                  : nums.length
                    ? Math.max(...nums)
                    : null;
        setText(result === null ? '' : String(result));
      },
    );
    return () => {
      live = false;
    };
  }, [client, key, relationConfig, target, field.config.field, field.config.aggregate, app.id, lang]);
  const shown = key === '' && value !== undefined && value !== null ? String(value) : text;
  return <ReadOnlyValue id={id} text={shown} placeholder={texts.computed} />;
}

function useFormEnvWithForm() {
  const env = useFormEnv();
  return { ...env, form: env.store.model.form };
}

const NUMERIC = new Set(['number', 'money', 'percent']);
const isNumeric = (f: FieldDefinition) =>
  NUMERIC.has(f.type) || (f.type === 'formula' && f.config.resultType === 'number');

let keySeq = 0;
const newKey = () => `row-${++keySeq}`;

/** Editable rows: add, remove, move up/down, each cell with its own widget; totals for number columns. */
export function SubformWidget({ field, value, onChange, id, disabled }: WidgetProps<'subform'>) {
  const { widgets, texts, lang } = useFormEnv();
  const phone = Grid.useBreakpoint().md === false;
  const rows = useMemo(() => (Array.isArray(value) ? (value as Row[]) : []), [value]);
  const cellErrors = JSON.parse(useCellErrors(field.id)) as Record<string, string>;
  const keys = useRef<string[]>([]);
  // Stable row keys (inputs keep focus while typing); rebuilt when rows change from outside.
  if (keys.current.length !== rows.length) keys.current = rows.map(() => newKey());
  const columns = field.config.fields;
  const maxRows = field.config.maxRows ?? 10000;

  const setRows = (next: Row[], nextKeys: string[]) => {
    keys.current = nextKeys;
    onChange(next.length ? next : null);
  };
  const setCell = (index: number, col: string, v: unknown) =>
    setRows(
      rows.map((r, i) => (i === index ? { ...r, [col]: v } : r)),
      keys.current,
    );
  const add = () => setRows([...rows, {}], [...keys.current, newKey()]);
  const remove = (index: number) =>
    setRows(
      rows.filter((_, i) => i !== index),
      keys.current.filter((_, i) => i !== index),
    );
  const move = (index: number, delta: number) => {
    const j = index + delta;
    if (j < 0 || j >= rows.length) return;
    const r = [...rows];
    const k = [...keys.current];
    [r[index], r[j]] = [r[j]!, r[index]!];
    [k[index], k[j]] = [k[j]!, k[index]!];
    setRows(r, k);
  };

  const tableColumns: ColumnsType<{ key: string; index: number }> = [
    { key: '#', title: '#', width: 40, render: (_, r) => r.index + 1 },
    ...columns.map((col) => ({
      key: col.id,
      title: (
        <span>
          {col.required ? <span className="tg-required">*</span> : null}
          {pickText(col.label, lang)}
        </span>
      ),
      width: col.type === 'textarea' || col.type === 'richtext' ? 260 : 180,
      render: (_: unknown, r: { key: string; index: number }) => {
        const W = widgets[col.type] as React.ComponentType<WidgetProps>;
        const err = cellErrors[`${r.index}/${col.id}`];
        const readOnly = !fieldRegistry.of(col).writable || col.readOnly === true;
        return (
          <div className="tg-cell">
            <W
              field={col}
              id={`${id}-${r.index}-${col.id}`}
              value={rows[r.index]?.[col.id] ?? null}
              onChange={(v) => setCell(r.index, col.id, v)}
              disabled={disabled || readOnly}
              invalid={!!err}
            />
            {err ? (
              <div className="tg-field-error" role="alert">
                {err}
              </div>
            ) : null}
          </div>
        );
      },
    })),
    ...(disabled
      ? []
      : [
          {
            key: 'actions',
            width: 112,
            fixed: phone ? undefined : ('right' as const),
            render: (_: unknown, r: { key: string; index: number }) => (
              <Space size={0}>
                <Tooltip title={texts.moveUp}>
                  <Button
                    type="text"
                    size="small"
                    icon={<ArrowUpOutlined />}
                    aria-label={texts.moveUp}
                    disabled={r.index === 0}
                    onClick={() => move(r.index, -1)}
                  />
                </Tooltip>
                <Tooltip title={texts.moveDown}>
                  <Button
                    type="text"
                    size="small"
                    icon={<ArrowDownOutlined />}
                    aria-label={texts.moveDown}
                    disabled={r.index === rows.length - 1}
                    onClick={() => move(r.index, 1)}
                  />
                </Tooltip>
                <Tooltip title={texts.removeRow}>
                  <Button
                    type="text"
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={texts.removeRow}
                    onClick={() => remove(r.index)}
                  />
                </Tooltip>
              </Space>
            ),
          },
        ]),
  ];
  const numeric = columns.filter(isNumeric);
  return (
    <div id={id} className="tg-subform">
      <Table
        size="small"
        bordered
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={tableColumns}
        dataSource={rows.map((_, index) => ({ key: keys.current[index]!, index }))}
        locale={{ emptyText: texts.noRows }}
        summary={() =>
          numeric.length && rows.length ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <span style={{ whiteSpace: 'nowrap' }}>{texts.total}</span>
              </Table.Summary.Cell>
              {columns.map((col, i) => (
                <Table.Summary.Cell key={col.id} index={i + 1}>
                  {isNumeric(col) ? (
                    <span data-testid={`total-${field.id}-${col.id}`}>
                      {formatted(col, sumColumn(rows, col.id), lang)}
                    </span>
                  ) : null}
                </Table.Summary.Cell>
              ))}
              {disabled ? null : <Table.Summary.Cell index={columns.length + 1} />}
            </Table.Summary.Row>
          ) : null
        }
      />
      {numeric.length && rows.length ? (
        // Shown at phone width (form.css), where the table's total row may be scrolled out of view.
        <div className="tg-subform-totals" data-testid={`totals-${field.id}`}>
          <span>{texts.total}</span>
          {numeric.map((col) => (
            <span key={col.id}>
              {pickText(col.label, lang)}: <b>{formatted(col, sumColumn(rows, col.id), lang)}</b>
            </span>
          ))}
        </div>
      ) : null}
      {disabled || rows.length >= maxRows ? null : (
        <Button type="dashed" block icon={<PlusOutlined />} onClick={add} style={{ marginTop: 8 }}>
          {texts.addRow}
        </Button>
      )}
    </div>
  );
}

/** Sum of a number column, exact to the column's decimals (avoids 0.1 + 0.2 artefacts). */
function sumColumn(rows: readonly Row[], col: string): number {
  let scaled = 0;
  let digits = 0;
  for (const r of rows) {
    const v = r[col];
    if (typeof v !== 'number') continue;
    digits = Math.max(digits, (String(v).split('.')[1] ?? '').length);
  }
  const factor = 10 ** Math.min(digits, 10);
  for (const r of rows) if (typeof r[col] === 'number') scaled += Math.round((r[col] as number) * factor);
  return scaled / factor;
}
