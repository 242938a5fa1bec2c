import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Divider, Grid, Select, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { fieldRegistry, recordTitle } from '@tangram/fields';
import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import { useEffect, useMemo, useRef, useState } from 'react';
import { pickText } from '../../core/i18n-text';
import { fill } from '../form-texts';
import { columnDisplay, pickerOptions, titleLabels } from '../core/relation-labels';
import { summableColumns, sumColumn } from '../core/subform-summary';
import { FormEnvContext, useCellErrors, useFieldValue, useFormEnv } from '../react/form-context';
import { BalanceLookupWidget, SubformRowContext } from './balance-lookup';
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
  // The same naming as the server's (display field, title, serial, summary, else the end of the
  // record's number): never the raw id.
  const title = target
    ? recordTitle(target, data, fieldRegistry, { locale: lang, ...(displayField ? { displayField } : {}) })
    : null;
  return title ?? `#${id.slice(-6)}`;
}

/**
 * Links to records of another form: server-side search (`q`), honouring the field's filter. The
 * held records show their titles from the first paint: the loaded record's `display` names them
 * (for a target in another app the player has no definition to name them with), the choices page
 * carries the server's `titles`, and any other held record (a value set by a linkage default or a
 * formula) is named by the server while a loading placeholder stands in: never its raw id.
 */
export function RelationWidget({ field, value, onChange, id, disabled, invalid }: WidgetProps<'relation'>) {
  const { client, app, formId, lang, texts, display } = useFormEnv();
  const config = field.config;
  const target = useTargetForm(config.app, config.form);
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  // Titles the record's answer carried (decision 0035); a record the user may not see reads "no access".
  const [labels, setLabels] = useState<Record<string, string>>(() =>
    titleLabels(display?.[field.id], texts.noAccess),
  );
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
    // A read-only picker offers nothing to choose; labels of its value load below.
    if (!client || disabled) return;
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      // The server applies the relation's choice filter (it may use fields hidden from the user).
      client.records
        .choices({ appId: app.id, formId }, field.id, { q: q || undefined, limit: 20 })
        .then((page) => {
          if (!live) return;
          const next = page.items.map((r) => ({
            value: r.id,
            label: page.titles?.[r.id] ?? recordLabel(target, config.displayField, r.data, r.id, lang),
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
  }, [client, disabled, app.id, formId, field.id, q, config.displayField, target, lang]);

  // Titles of held records neither the answer nor a choices page named, in one request.
  const missing = selected.filter((s) => labels[s] === undefined).join(',');
  useEffect(() => {
    if (!client || !missing) return;
    let live = true;
    const ids = missing.split(',');
    const named = (titles: Record<string, string | null>) =>
      live &&
      setLabels((l) => ({
        ...l,
        ...titleLabels(Object.fromEntries(ids.map((rid) => [rid, titles[rid] ?? null])), texts.noAccess),
      }));
    client.records
      .relationTitles({ appId: app.id, formId }, field.id, ids)
      .then(named)
      // Not readable for this user (outside their scope, or gone): never show the raw id.
      .catch(() => named({}));
    return () => {
      live = false;
    };
  }, [client, app.id, formId, field.id, missing, texts.noAccess]);

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
      options={pickerOptions(options, selected, labels, texts.loadingTitle)}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      onChange={(v: string | string[] | undefined) =>
        onChange(Array.isArray(v) ? (v.length ? v : null) : (v ?? null))
      }
    />
  );
}

/**
 * Read-only: the server's lookup value (decision 0031; the browser never sums). A saved record
 * shows the value its answer carried; while the relation differs from the saved one (a new record,
 * or links changed since loading) the server previews the value for the current links, and the
 * form's formulas see that preview as they will see the stored links' value after saving.
 */
export function LookupWidget(props: WidgetProps<'lookup'>) {
  // A balance lookup reads an aggregate table, not a relation (decision 0036).
  return props.field.config.balance ? (
    <BalanceLookupWidget {...props} />
  ) : (
    <RelationLookupWidget {...props} />
  );
}

function RelationLookupWidget({ field, value, id }: WidgetProps<'lookup'>) {
  const { client, app, formId, lang, texts, store } = useFormEnv();
  const relationId = field.config.relation ?? '';
  const linked = useFieldValue(relationId);
  const key = JSON.stringify(linked ?? null);
  // The links the shown value belongs to: those loaded with the record.
  const [loadedKey] = useState(key);
  const target = useLookupTarget(field);
  useEffect(() => {
    if (!client || key === loadedKey) return;
    let live = true;
    const timer = setTimeout(() => {
      client.records
        .lookupPreview({ appId: app.id, formId }, { [relationId]: JSON.parse(key) as unknown })
        .then((values) => {
          if (live) store.getState().setValue(field.id, values[field.id] ?? null);
        })
        .catch(() => live && store.getState().setValue(field.id, null));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, key, loadedKey, app.id, formId, field.id, relationId, store]);
  return <ReadOnlyValue id={id} text={lookupText(field, target, value, lang)} placeholder={texts.computed} />;
}

/** The related field a lookup reads, when its form is in the app being rendered (for formatting). */
function useLookupTarget(field: Extract<FieldDefinition, { type: 'lookup' }>): FieldDefinition | undefined {
  const { store } = useFormEnv();
  const relation = store.model.form.fields.find((f) => f.id === field.config.relation);
  const config = relation?.type === 'relation' ? relation.config : undefined;
  const form = useTargetForm(config?.app, config?.form ?? '');
  return form?.fields.find((f) => f.id === field.config.field);
}

/**
 * A lookup value as text: counts as whole numbers, concatenations as the server joined them, and
 * every other value (sum, avg, min, max, the shown field, each item of a list) formatted like the
 * related field (a money field with 2 places shows 0.3 as 0.30).
 */
export function lookupText(
  field: Extract<FieldDefinition, { type: 'lookup' }>,
  target: FieldDefinition | undefined,
  value: unknown,
  lang: string,
): string {
  if (value === null || value === undefined) return '';
  const aggregate = field.config.aggregate ?? 'none';
  const one = (v: unknown) => (target ? formatted(target, v, lang) : String(v ?? ''));
  if (aggregate === 'count' || aggregate === 'concat') return String(value);
  if (Array.isArray(value)) return value.map(one).filter(Boolean).join(', ');
  return one(value);
}

let keySeq = 0;
const newKey = () => `row-${++keySeq}`;

/** Editable rows: add, remove, move up/down, each cell with its own widget; totals for number columns. */
export function SubformWidget({ field, value, onChange, id, disabled }: WidgetProps<'subform'>) {
  const env = useFormEnv();
  const { widgets, texts, lang } = env;
  // The cells' pickers find their titles under their column id (the answer keys them "subform.column").
  const cellEnv = useMemo(() => ({ ...env, display: columnDisplay(env.display, field.id) }), [env, field.id]);
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
            {/* The row's values, for cells that read their row (a balance lookup's keys). */}
            <FormEnvContext.Provider value={cellEnv}>
              <SubformRowContext.Provider value={rows[r.index]}>
                <W
                  field={col}
                  id={`${id}-${r.index}-${col.id}`}
                  value={rows[r.index]?.[col.id] ?? null}
                  onChange={(v) => setCell(r.index, col.id, v)}
                  disabled={disabled || readOnly}
                  invalid={!!err}
                />
              </SubformRowContext.Provider>
            </FormEnvContext.Provider>
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
  const numeric = summableColumns(columns);
  const summed = new Set(numeric.map((c) => c.id));
  const totals =
    numeric.length && rows.length ? (
      // Below the rows at phone width (form.css), where a table's total row would be out of view.
      <div className="tg-subform-totals" data-testid={`totals-${field.id}`}>
        <span>{texts.total}</span>
        {numeric.map((col) => (
          <span key={col.id}>
            {pickText(col.label, lang)}
            {texts.colon}
            <b>{formatted(col, sumColumn(rows, col.id), lang)}</b>
          </span>
        ))}
      </div>
    ) : null;
  const addButton =
    disabled || rows.length >= maxRows ? null : (
      <Button type="dashed" block icon={<PlusOutlined />} onClick={add} style={{ marginTop: 8 }}>
        {texts.addRow}
      </Button>
    );

  if (phone) {
    // A phone stacks each row as a card (label above value), instead of a table scrolled sideways
    // whose first columns are cut off.
    const actions = tableColumns.find((c) => c.key === 'actions');
    return (
      <div id={id} className="tg-subform tg-subform-cards">
        {rows.length === 0 ? <Typography.Text type="secondary">{texts.noRows}</Typography.Text> : null}
        {rows.map((_, index) => {
          const r = { key: keys.current[index]!, index };
          return (
            <div key={r.key} className="tg-subform-card" data-testid={`subform-card-${field.id}-${index}`}>
              <div className="tg-subform-card-head">
                <b>{fill(texts.rowTitle, { n: index + 1 })}</b>
                {actions?.render ? (actions.render(null, r, index) as React.ReactNode) : null}
              </div>
              {columns.map((col) => {
                const cell = tableColumns.find((c) => c.key === col.id);
                return (
                  <div key={col.id} className="tg-subform-card-field">
                    <span className="tg-field-label">
                      {col.required ? <span className="tg-required">*</span> : null}
                      {pickText(col.label, lang)}
                    </span>
                    {cell?.render ? (cell.render(null, r, index) as React.ReactNode) : null}
                  </div>
                );
              })}
            </div>
          );
        })}
        {totals}
        {addButton}
      </div>
    );
  }

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
                  {summed.has(col.id) ? (
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
      {totals}
      {addButton}
    </div>
  );
}
