import { fieldRegistry } from '@tangram/fields';
import type { EditorField } from '@tangram/formula';
import { pickText } from '@tangram/runtime';
import type {
  AppDefinition,
  FieldDefinition,
  FieldMapping,
  FormDefinition,
  ValueSource,
} from '@tangram/schema';
import { Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { editorFields } from '../../designer/properties/editor-fields';
import { FormulaInput } from '../../designer/formula/formula-input';
import { withMapping } from '../core/commands';
import { subformColumns, subforms } from '../core/kinds';
import { StaticInput } from './value-input';

/** System columns of the trigger record a mapping may read (decision 0029: data plus system columns). */
const SYSTEM_SOURCES = ['id', 'createdBy', 'ownerId', 'createdAt', 'updatedAt'] as const;

/** What the trigger offers a mapping: its form, and the subform whose row is current (forEachRow). */
export interface MappingSources {
  app: AppDefinition;
  /** The trigger form (null: a schedule, nothing to read). */
  triggerForm: FormDefinition | null;
  /** The trigger subform field whose rows the values read (`row` values). */
  rowOf: FieldDefinition | null;
  /**
   * Earlier actions of the automation that write a record (`earlier` values read it), with their
   * target form when it is in this app (else only the record's id is offered).
   */
  earlier: { index: number; form: FormDefinition | null }[];
}

type Kind = 'none' | ValueSource['kind'];

const startValue: {
  [K in ValueSource['kind']]: (target: FieldDefinition, src: MappingSources) => ValueSource;
} = {
  static: () => ({ kind: 'static', value: null }),
  field: (target, src) => ({
    kind: 'field',
    // The trigger field of the same id or label is the likely source.
    field:
      src.triggerForm?.fields.find((f) => f.id === target.id && f.type !== 'subform')?.id ??
      src.triggerForm?.fields.find((f) => f.type !== 'subform')?.id ??
      'id',
  }),
  row: (target, src) => {
    const cols = subformColumns(src.rowOf ?? undefined);
    return { kind: 'row', field: cols.find((c) => c.id === target.id)?.id ?? cols[0]?.id ?? '' };
  },
  formula: () => ({ kind: 'formula', expression: '' }),
  rows: (_target, src) => ({
    kind: 'rows',
    from: subforms(src.triggerForm ?? undefined)[0]?.id ?? '',
    values: [],
  }),
  // The most recent earlier write is the likely source (a contact links the customer just created).
  earlier: (_target, src) => ({ kind: 'earlier', action: src.earlier[src.earlier.length - 1]?.index ?? 0 }),
};

/** The source kinds offered for a target field. */
function kindsFor(target: FieldDefinition, src: MappingSources, nested: boolean): ValueSource['kind'][] {
  const kinds: ValueSource['kind'][] = ['static'];
  if (src.triggerForm) kinds.push('field');
  if (src.rowOf) kinds.push('row');
  kinds.push('formula');
  if (!nested && target.type === 'subform' && subforms(src.triggerForm ?? undefined).length)
    kinds.push('rows');
  if (src.earlier.length) kinds.push('earlier');
  return kinds;
}

/** Fields a formula may use: the trigger form's, plus the current row's columns by id. */
function formulaFields(src: MappingSources, lang: string): EditorField[] {
  const out = src.triggerForm ? editorFields(src.triggerForm, lang) : [];
  for (const c of subformColumns(src.rowOf ?? undefined)) {
    const type = fieldRegistry.of(c).formulaType(c as never);
    if (type) out.push({ id: c.id, label: pickText(c.label, lang) || c.id, type });
  }
  return out;
}

function SourceValue({
  target,
  value,
  src,
  onChange,
  testId,
}: {
  target: FieldDefinition;
  value: ValueSource;
  src: MappingSources;
  onChange(v: ValueSource): void;
  testId: string;
}) {
  const { t, i18n } = useTranslation('automations');
  const lang = i18n.language;
  if (value.kind === 'static')
    return (
      <StaticInput
        field={target}
        value={value.value}
        onChange={(v) => onChange({ kind: 'static', value: v })}
        testId={`${testId}-static`}
      />
    );
  if (value.kind === 'field') {
    const fields = (src.triggerForm?.fields ?? []).filter(
      (f) => f.type !== 'subform' && fieldRegistry.of(f).storage(f as never) !== null,
    );
    return (
      <Select
        showSearch
        optionFilterProp="label"
        style={{ width: '100%' }}
        value={value.field}
        onChange={(field: string) => onChange({ kind: 'field', field })}
        options={[
          ...fields.map((f) => ({ value: f.id, label: pickText(f.label, lang) || f.id })),
          ...SYSTEM_SOURCES.map((s) => ({ value: s, label: t(`mapping.system.${s}`) })),
        ]}
        data-testid={`${testId}-field`}
        aria-label={t('mapping.triggerField')}
      />
    );
  }
  if (value.kind === 'row')
    return (
      <Select
        style={{ width: '100%' }}
        value={value.field || undefined}
        onChange={(field: string) => onChange({ kind: 'row', field })}
        options={subformColumns(src.rowOf ?? undefined).map((c) => ({
          value: c.id,
          label: pickText(c.label, lang) || c.id,
        }))}
        data-testid={`${testId}-row`}
        aria-label={t('mapping.rowField')}
      />
    );
  if (value.kind === 'formula')
    return (
      <FormulaInput
        value={value.expression}
        fields={formulaFields(src, lang)}
        app={src.app}
        onChange={(expression) => onChange({ kind: 'formula', expression })}
        testId={`${testId}-formula`}
      />
    );
  if (value.kind === 'earlier') {
    const step = src.earlier.find((e) => e.index === value.action);
    const fields = (step?.form?.fields ?? []).filter(
      (f) => f.type !== 'subform' && fieldRegistry.of(f).storage(f as never) !== null,
    );
    return (
      <div className="tg-ad-rows">
        <Select
          style={{ width: '100%' }}
          value={value.action}
          onChange={(action: number) => onChange({ kind: 'earlier', action })}
          options={src.earlier.map((e) => ({
            value: e.index,
            label: t('mapping.earlierStep', {
              n: e.index + 1,
              form: e.form ? pickText(e.form.name, lang) || e.form.id : '',
            }),
          }))}
          data-testid={`${testId}-earlier-action`}
          aria-label={t('mapping.earlierStepLabel')}
        />
        <Select
          style={{ width: '100%' }}
          value={value.field ?? 'id'}
          onChange={(field: string) =>
            onChange(field === 'id' ? { kind: 'earlier', action: value.action } : { ...value, field })
          }
          options={[
            { value: 'id', label: t('mapping.system.id') },
            ...fields.map((f) => ({ value: f.id, label: pickText(f.label, lang) || f.id })),
          ]}
          data-testid={`${testId}-earlier-field`}
          aria-label={t('mapping.earlierField')}
        />
      </div>
    );
  }
  // rows: the target subform's rows from a subform of the trigger record, with a nested mapping.
  const from = subforms(src.triggerForm ?? undefined).find((f) => f.id === value.from) ?? null;
  return (
    <div className="tg-ad-rows">
      <Select
        style={{ width: '100%' }}
        value={value.from || undefined}
        onChange={(next: string) => onChange({ kind: 'rows', from: next, values: [] })}
        options={subforms(src.triggerForm ?? undefined).map((f) => ({
          value: f.id,
          label: t('mapping.rowsFrom', { subform: pickText(f.label, lang) || f.id }),
        }))}
        data-testid={`${testId}-rows-from`}
        aria-label={t('mapping.rowsFromLabel')}
      />
      <MappingTable
        targets={subformColumns(target)}
        list={value.values}
        src={{ ...src, rowOf: from }}
        onChange={(field, v) => onChange({ ...value, values: withMapping(value.values, field, v) })}
        nested
        testId={`${testId}-rows`}
      />
    </div>
  );
}

/**
 * The field mapping of a record action: one row per field of the target form (or subform), each
 * "not set" or filled from a static value, a field of the trigger record, the current subform
 * row, a formula, or (for a subform target) rows built from a subform of the trigger.
 */
export function MappingTable({
  targets,
  list,
  src,
  onChange,
  nested = false,
  required,
  testId,
}: {
  targets: FieldDefinition[];
  list: FieldMapping[];
  src: MappingSources;
  onChange(field: string, value: ValueSource | null): void;
  nested?: boolean;
  /** A field that must stay mapped (an upsert's key). */
  required?: string;
  testId: string;
}) {
  const { t, i18n } = useTranslation('automations');
  const lang = i18n.language;
  if (targets.length === 0)
    return <Typography.Text type="secondary">{t('mapping.noFields')}</Typography.Text>;
  return (
    <div className={`tg-ad-mapping${nested ? ' is-nested' : ''}`} role="table" data-testid={testId}>
      <div className="tg-ad-mapping-head" role="row">
        <span role="columnheader">{t('mapping.target')}</span>
        <span role="columnheader">{t('mapping.source')}</span>
        <span role="columnheader">{t('mapping.value')}</span>
      </div>
      {targets.map((target) => {
        const current = list.find((m) => m.field === target.id)?.value;
        const kind: Kind = current?.kind ?? 'none';
        const kinds = kindsFor(target, src, nested);
        const rowId = `${testId}-${target.id}`;
        return (
          <div className="tg-ad-mapping-row" role="row" key={target.id} data-testid={rowId}>
            <span role="cell" className="tg-ad-mapping-target">
              {pickText(target.label, lang) || target.id}
              {required === target.id ? <Typography.Text type="danger"> *</Typography.Text> : null}
            </span>
            <span role="cell">
              <Select<Kind>
                style={{ width: '100%' }}
                value={kind}
                onChange={(k) => onChange(target.id, k === 'none' ? null : startValue[k](target, src))}
                options={[
                  ...(required === target.id
                    ? []
                    : [{ value: 'none' as Kind, label: t('mapping.kinds.none') }]),
                  ...kinds.map((k) => ({ value: k as Kind, label: t(`mapping.kinds.${k}`) })),
                ]}
                data-testid={`${rowId}-kind`}
                aria-label={t('mapping.sourceOf', { field: pickText(target.label, lang) || target.id })}
              />
            </span>
            <span role="cell" className={`tg-ad-mapping-value${kind === 'rows' ? ' is-wide' : ''}`}>
              {current ? (
                <SourceValue
                  target={target}
                  value={current}
                  src={src}
                  onChange={(v) => onChange(target.id, v)}
                  testId={rowId}
                />
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              )}
            </span>
          </div>
        );
      })}
    </div>
  );
}
