import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { fieldRegistry } from '@tangram/fields';
import { FilterEditor, pickText } from '@tangram/runtime';
import type { FieldDefinition, FieldType, FormDefinition, AppDefinition, SerialPart } from '@tangram/schema';
import { Button, Dropdown, Input, InputNumber, Segmented, Select, Switch, Typography } from 'antd';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { FormulaInput } from '../formula/formula-input';
import { formulaScope } from '../formula/formula-scope';
import { FieldIcon } from '../palette/field-icons';
import { lookupKind } from '@tangram/query';
import { findField, NOT_IN_SUBFORM } from '../store/commands';
import { BalanceLookupEditor, parentSubform } from './balance-lookup-editor';
import { I18nInput, NumberProp, Prop, SwitchProp } from './controls';
import { OptionsEditor } from './options-editor';

export interface ConfigEditorProps<F extends FieldDefinition = FieldDefinition> {
  field: F;
  form: FormDefinition;
  app: AppDefinition;
  /** Merges into the field's config; `key` groups keystrokes into one undo step. */
  setConfig(patch: Record<string, unknown>, key?: string): void;
  select(fieldId: string): void;
  addColumn(type: FieldType): void;
}

type Editor = ComponentType<ConfigEditorProps>;
const cfg = (f: FieldDefinition) => (f.config ?? {}) as Record<string, unknown>;
const num = (f: FieldDefinition, k: string) => cfg(f)[k] as number | undefined;

function useT() {
  return useTranslation('designer');
}

const LengthEditor: Editor = ({ field, setConfig }) => {
  const { t } = useT();
  return (
    <div className="tg-dz-pair">
      <NumberProp
        label={t('props.minLength')}
        value={num(field, 'minLength')}
        min={0}
        onChange={(v) => setConfig({ minLength: v })}
      />
      <NumberProp
        label={t('props.maxLength')}
        value={num(field, 'maxLength')}
        min={1}
        onChange={(v) => setConfig({ maxLength: v })}
      />
    </div>
  );
};

const TextEditor: Editor = (props) => {
  const { t } = useT();
  return (
    <>
      <LengthEditor {...props} />
      <Prop label={t('props.pattern')}>
        <Input
          value={(cfg(props.field).pattern as string) ?? ''}
          placeholder="^[A-Z]{2}\\d+$"
          onChange={(e) => props.setConfig({ pattern: e.target.value || undefined }, 'pattern')}
        />
      </Prop>
    </>
  );
};

const RangeEditor: Editor = ({ field, setConfig }) => {
  const { t } = useT();
  return (
    <div className="tg-dz-pair">
      <NumberProp label={t('props.min')} value={num(field, 'min')} onChange={(v) => setConfig({ min: v })} />
      <NumberProp label={t('props.max')} value={num(field, 'max')} onChange={(v) => setConfig({ max: v })} />
    </div>
  );
};

const PrecisionEditor: Editor = ({ field, setConfig }) => {
  const { t } = useT();
  return (
    <NumberProp
      label={t('props.precision')}
      testId="prop-precision"
      value={num(field, 'precision')}
      min={0}
      max={10}
      onChange={(v) => setConfig({ precision: v })}
    />
  );
};

const NumberEditor: Editor = (props) => {
  const { t } = useT();
  return (
    <>
      <PrecisionEditor {...props} />
      <Prop label={t('props.unit')}>
        <Input
          value={(cfg(props.field).unit as string) ?? ''}
          placeholder={t('props.unitHint')}
          onChange={(e) => props.setConfig({ unit: e.target.value || undefined }, 'unit')}
        />
      </Prop>
      <SwitchProp
        label={t('props.thousands')}
        value={cfg(props.field).thousands as boolean}
        onChange={(v) => props.setConfig({ thousands: v })}
      />
      <RangeEditor {...props} />
    </>
  );
};

const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP'];
const MoneyEditor: Editor = (props) => {
  const { t } = useT();
  return (
    <>
      <Prop label={t('props.currency')}>
        <Select
          value={(cfg(props.field).currency as string) ?? 'CNY'}
          options={CURRENCIES.map((c) => ({ value: c, label: c }))}
          onChange={(v) => props.setConfig({ currency: v })}
        />
      </Prop>
      <PrecisionEditor {...props} />
      <RangeEditor {...props} />
    </>
  );
};

const PercentEditor: Editor = (props) => (
  <>
    <PrecisionEditor {...props} />
    <RangeEditor {...props} />
  </>
);

function formatEditor(formats: string[]): Editor {
  return function FormatEditor({ field, setConfig }) {
    const { t } = useT();
    return (
      <Prop label={t('props.format')}>
        <Select
          value={(cfg(field).format as string) ?? formats[0]}
          options={formats.map((f) => ({ value: f, label: f }))}
          onChange={(v) => setConfig({ format: v })}
          data-testid="prop-format"
        />
      </Prop>
    );
  };
}

const ChoiceEditor: Editor = ({ field, setConfig }) => {
  const { t } = useT();
  const c = cfg(field);
  const multi = field.type === 'multiselect' || field.type === 'checkboxes';
  return (
    <>
      <Prop label={t('props.options')}>
        <OptionsEditor
          options={(c.options as never[]) ?? []}
          onChange={(options) => setConfig({ options })}
        />
      </Prop>
      <SwitchProp
        label={t('props.allowOther')}
        value={c.allowOther as boolean}
        onChange={(v) => setConfig({ allowOther: v })}
      />
      {multi ? (
        <div className="tg-dz-pair">
          <NumberProp
            label={t('props.minItems')}
            value={num(field, 'minItems')}
            min={0}
            onChange={(v) => setConfig({ minItems: v })}
          />
          <NumberProp
            label={t('props.maxItems')}
            value={num(field, 'maxItems')}
            min={1}
            onChange={(v) => setConfig({ maxItems: v })}
          />
        </div>
      ) : null}
    </>
  );
};

const AddressEditor: Editor = ({ field, setConfig }) => {
  const { t } = useT();
  return (
    <Prop label={t('props.addressLevel')}>
      <Select
        value={(cfg(field).level as string) ?? 'detail'}
        options={['province', 'city', 'district', 'detail'].map((v) => ({
          value: v,
          label: t(`props.level.${v}`),
        }))}
        onChange={(v) => setConfig({ level: v })}
      />
    </Prop>
  );
};

const LocationEditor: Editor = ({ field, setConfig }) => {
  const { t } = useT();
  return (
    <NumberProp
      label={t('props.radius')}
      value={num(field, 'radiusMeters')}
      min={1}
      onChange={(v) => setConfig({ radiusMeters: v })}
    />
  );
};

const FileEditor: Editor = ({ field, setConfig }) => {
  const { t } = useT();
  return (
    <>
      <div className="tg-dz-pair">
        <NumberProp
          label={t('props.maxFiles')}
          value={num(field, 'maxFiles')}
          min={1}
          onChange={(v) => setConfig({ maxFiles: v })}
        />
        <NumberProp
          label={t('props.maxSizeMb')}
          value={num(field, 'maxSizeMb')}
          min={1}
          onChange={(v) => setConfig({ maxSizeMb: v })}
        />
      </div>
      <Prop label={t('props.accept')}>
        <Select
          mode="tags"
          value={(cfg(field).accept as string[]) ?? []}
          placeholder=".pdf, image/png"
          onChange={(v: string[]) => setConfig({ accept: v.length ? v : undefined })}
        />
      </Prop>
    </>
  );
};

const SubformEditor: Editor = ({ field, setConfig, select, addColumn }) => {
  const { t, i18n } = useT();
  if (field.type !== 'subform') return null;
  const allowed = fieldRegistry.types.filter((ty) => !NOT_IN_SUBFORM.has(ty));
  return (
    <>
      <Prop label={t('props.columns')}>
        <div className="tg-dz-col-list" data-testid="subform-columns">
          {field.config.fields.map((c) => (
            <button type="button" key={c.id} className="tg-dz-col-item" onClick={() => select(c.id)}>
              <FieldIcon type={c.type} />
              <span>{pickText(c.label, i18n.language)}</span>
              <code>{c.id}</code>
            </button>
          ))}
          <Dropdown
            trigger={['click']}
            menu={{
              style: { maxHeight: 320, overflow: 'auto' },
              items: allowed.map((ty) => ({
                key: ty,
                icon: <FieldIcon type={ty} />,
                label: pickText(fieldRegistry.spec(ty).label, i18n.language),
              })),
              onClick: ({ key }) => addColumn(key as FieldType),
            }}
          >
            <Button size="small" type="dashed" icon={<PlusOutlined />} block data-testid="add-column">
              {t('props.addColumn')}
            </Button>
          </Dropdown>
        </div>
      </Prop>
      <div className="tg-dz-pair">
        <NumberProp
          label={t('props.minRows')}
          value={field.config.minRows}
          min={0}
          onChange={(v) => setConfig({ minRows: v })}
        />
        <NumberProp
          label={t('props.maxRows')}
          value={field.config.maxRows}
          min={1}
          onChange={(v) => setConfig({ maxRows: v })}
        />
      </div>
    </>
  );
};

const RelationEditor: Editor = ({ field, app, setConfig }) => {
  const { t, i18n } = useT();
  if (field.type !== 'relation') return null;
  const target = app.forms.find((f) => f.id === field.config.form);
  return (
    <>
      <Prop label={t('props.relationForm')}>
        <Select
          value={target ? field.config.form : undefined}
          placeholder={t('props.chooseForm')}
          options={app.forms.map((f) => ({ value: f.id, label: pickText(f.name, i18n.language) }))}
          onChange={(v) => setConfig({ form: v, displayField: undefined, filter: undefined })}
          data-testid="prop-relation-form"
        />
      </Prop>
      <Prop label={t('props.displayField')}>
        <Select
          allowClear
          value={field.config.displayField}
          disabled={!target}
          options={(target?.fields ?? [])
            .filter((f) => fieldRegistry.of(f).storage(f as never) !== null)
            .map((f) => ({ value: f.id, label: pickText(f.label, i18n.language) }))}
          onChange={(v) => setConfig({ displayField: v })}
        />
      </Prop>
      <SwitchProp
        label={t('props.multiple')}
        value={field.config.multiple}
        onChange={(v) => setConfig({ multiple: v })}
      />
      <div style={{ height: 8 }} />
      <Prop label={t('props.relationFilter')} help={t('props.relationFilterHint')}>
        {target ? (
          // Keyed by the target: another form's fields start from an empty filter.
          <FilterEditor
            key={target.id}
            form={target}
            value={field.config.filter}
            onChange={(filter) => setConfig({ filter }, 'filter')}
            testId="prop-relation-filter"
          />
        ) : (
          <Typography.Text type="secondary">{t('props.chooseFormFirst')}</Typography.Text>
        )}
      </Prop>
    </>
  );
};

const LOOKUP_AGGREGATES = ['none', 'count', 'sum', 'avg', 'min', 'max', 'concat'] as const;

/** A lookup shows a field of linked records, or (decision 0036) an aggregate table's balance. */
const LookupEditor: Editor = (props) => {
  const { t } = useT();
  const { field, form, setConfig } = props;
  if (field.type !== 'lookup') return null;
  // In a subform a lookup can only read a balance (a relation lookup is a record-level field).
  const inSubform = parentSubform(form, field.id) !== undefined;
  const balance = inSubform || field.config.balance !== undefined;
  return (
    <>
      <Prop label={t('props.lookupSource')} help={inSubform ? t('props.balanceInSubform') : undefined}>
        <Segmented
          block
          value={balance ? 'balance' : 'relation'}
          data-testid="prop-lookup-source"
          options={[
            { value: 'relation', label: t('props.lookupSourceRelation'), disabled: inSubform },
            { value: 'balance', label: t('props.lookupSourceBalance') },
          ]}
          onChange={(v) =>
            setConfig(
              v === 'balance'
                ? {
                    relation: undefined,
                    field: undefined,
                    aggregate: undefined,
                    filter: undefined,
                    balance: {},
                  }
                : { balance: undefined },
            )
          }
        />
      </Prop>
      {balance ? (
        <BalanceLookupEditor field={field} form={form} app={props.app} setConfig={setConfig} />
      ) : (
        <RelationLookupEditor {...props} />
      )}
    </>
  );
};

const RelationLookupEditor: Editor = ({ field, form, app, setConfig }) => {
  const { t, i18n } = useT();
  if (field.type !== 'lookup') return null;
  const relations = form.fields.filter((f) => f.type === 'relation');
  const rel = relations.find((r) => r.id === field.config.relation);
  const target = rel?.type === 'relation' ? app.forms.find((f) => f.id === rel.config.form) : undefined;
  const targetField = target?.fields.find((f) => f.id === field.config.field);
  const multiple = rel?.type === 'relation' && rel.config.multiple === true;
  return (
    <>
      <Prop label={t('props.lookupRelation')}>
        <Select
          value={rel ? field.config.relation : undefined}
          placeholder={t('props.chooseRelation')}
          notFoundContent={t('props.noRelation')}
          options={relations.map((f) => ({ value: f.id, label: pickText(f.label, i18n.language) }))}
          onChange={(v) => setConfig({ relation: v })}
        />
      </Prop>
      <Prop label={t('props.lookupField')}>
        <Select
          value={
            target && field.config.field && findField(target, field.config.field)
              ? field.config.field
              : undefined
          }
          disabled={!target}
          options={(target?.fields ?? []).map((f) => ({
            value: f.id,
            label: pickText(f.label, i18n.language),
          }))}
          onChange={(v) => setConfig({ field: v })}
        />
      </Prop>
      <Prop label={t('props.aggregate')}>
        <Select
          value={field.config.aggregate ?? 'none'}
          options={LOOKUP_AGGREGATES.map((v) => ({
            value: v,
            label: t(`props.agg.${v}`),
            // Only what the server can compute for the chosen field (sum of a text field cannot).
            disabled:
              targetField !== undefined &&
              lookupKind({ aggregate: v, multiple, field: targetField }) === null,
          }))}
          onChange={(v) => setConfig({ aggregate: v })}
        />
      </Prop>
      <Prop label={t('props.lookupFilter')} help={t('props.lookupFilterHint')}>
        {target ? (
          <FilterEditor
            key={target.id}
            form={target}
            value={field.config.filter}
            onChange={(filter) => setConfig({ filter }, 'filter')}
            testId="prop-lookup-filter"
          />
        ) : (
          <Typography.Text type="secondary">{t('props.chooseRelation')}</Typography.Text>
        )}
      </Prop>
    </>
  );
};

const SerialEditor: Editor = ({ field, setConfig }) => {
  const { t } = useT();
  if (field.type !== 'serial') return null;
  const parts = field.config.parts;
  const set = (next: SerialPart[]) => setConfig({ parts: next });
  const update = (i: number, p: SerialPart) => set(parts.map((x, j) => (j === i ? p : x)));
  return (
    <Prop label={t('props.serialParts')}>
      <div className="tg-dz-serial" data-testid="serial-editor">
        {parts.map((p, i) => (
          <div key={i} className="tg-dz-serial-part">
            <Select
              size="small"
              style={{ width: 96 }}
              value={p.kind}
              options={['text', 'date', 'counter'].map((k) => ({ value: k, label: t(`props.serial.${k}`) }))}
              onChange={(kind) =>
                update(
                  i,
                  kind === 'text'
                    ? { kind: 'text', text: '' }
                    : kind === 'date'
                      ? { kind: 'date', format: 'YYYYMMDD' }
                      : { kind: 'counter', digits: 4 },
                )
              }
            />
            {p.kind === 'text' ? (
              <Input
                size="small"
                value={p.text}
                onChange={(e) => update(i, { ...p, text: e.target.value })}
              />
            ) : p.kind === 'date' ? (
              <Select
                size="small"
                style={{ flex: 1 }}
                value={p.format}
                options={['YYYY', 'YYYYMM', 'YYYYMMDD', 'YYMMDD'].map((f) => ({ value: f, label: f }))}
                onChange={(format) => update(i, { ...p, format })}
              />
            ) : (
              <>
                <InputNumber
                  size="small"
                  min={1}
                  max={12}
                  value={p.digits}
                  onChange={(d) => update(i, { ...p, digits: d ?? 4 })}
                />
                <Select
                  size="small"
                  style={{ flex: 1 }}
                  value={p.reset ?? 'never'}
                  options={['never', 'day', 'month', 'year'].map((r) => ({
                    value: r,
                    label: t(`props.reset.${r}`),
                  }))}
                  onChange={(reset) => update(i, { ...p, reset })}
                />
              </>
            )}
            <Button
              size="small"
              type="text"
              icon={<DeleteOutlined />}
              disabled={parts.length <= 1}
              onClick={() => set(parts.filter((_, j) => j !== i))}
              aria-label={t('options.remove')}
            />
          </div>
        ))}
        <Button
          size="small"
          type="dashed"
          icon={<PlusOutlined />}
          disabled={parts.length >= 10}
          onClick={() => set([...parts, { kind: 'text', text: '-' }])}
        >
          {t('props.addPart')}
        </Button>
      </div>
    </Prop>
  );
};

const FormulaFieldEditor: Editor = ({ field, form, app, setConfig }) => {
  const { t, i18n } = useT();
  if (field.type !== 'formula') return null;
  return (
    <>
      <Prop label={t('props.formula')}>
        <FormulaInput
          value={field.config.formula}
          fields={formulaScope(form, i18n.language, field.id)}
          app={app}
          onChange={(formula) => setConfig({ formula }, 'formula')}
          testId="prop-formula"
        />
      </Prop>
      <Prop label={t('props.resultType')}>
        <Select
          value={field.config.resultType}
          options={['number', 'text', 'boolean', 'date', 'datetime'].map((v) => ({
            value: v,
            label: t(`props.result.${v}`),
          }))}
          onChange={(v) => setConfig({ resultType: v })}
        />
      </Prop>
      {field.config.resultType === 'number' ? (
        <FormulaNumberFormat field={field} setConfig={setConfig} />
      ) : null}
    </>
  );
};

/**
 * How a number result reads: plain or money in a currency, decimals and thousands separators, so
 * an order total shows ¥21,000.00 as the money fields it adds up do.
 */
function FormulaNumberFormat({
  field,
  setConfig,
}: {
  field: Extract<FieldDefinition, { type: 'formula' }>;
  setConfig: ConfigEditorProps['setConfig'];
}) {
  const { t } = useT();
  const c = field.config;
  return (
    <>
      <Prop label={t('props.formulaCurrency')}>
        <Select
          value={c.currency ?? ''}
          data-testid="prop-formula-currency"
          options={[
            { value: '', label: t('props.formulaNoCurrency') },
            ...CURRENCIES.map((v) => ({ value: v, label: v })),
          ]}
          // Money keeps two decimals unless the designer chose otherwise.
          onChange={(v: string) => setConfig({ currency: v || undefined })}
        />
      </Prop>
      <NumberProp
        label={t('props.precision')}
        testId="prop-formula-precision"
        value={c.precision}
        min={0}
        max={10}
        onChange={(v) => setConfig({ precision: v })}
      />
      {/* On by default (money reads with separators), so "off" is stored as false. */}
      <div className="tg-dz-switch">
        <span>{t('props.thousands')}</span>
        <Switch
          size="small"
          checked={c.thousands ?? true}
          data-testid="prop-formula-thousands"
          onChange={(v) => setConfig({ thousands: v ? undefined : false })}
        />
      </div>
    </>
  );
}

const PhoneEditor: Editor = ({ field, setConfig }) => {
  const { t } = useT();
  if (field.type !== 'phone') return null;
  return (
    <SwitchProp
      label={t('props.phoneAnyFormat')}
      testId="prop-phone-any-format"
      value={field.config?.anyFormat ?? false}
      onChange={(v) => setConfig({ anyFormat: v })}
    />
  );
};

const DescriptionEditor: Editor = ({ field, setConfig }) => {
  const { t } = useT();
  if (field.type !== 'description') return null;
  return (
    <Prop label={t('props.content')}>
      <I18nInput
        multiline
        value={field.config.content}
        onChange={(content) => setConfig({ content: content ?? {} }, 'content')}
      />
    </Prop>
  );
};

const DividerEditor: Editor = ({ field, setConfig }) => {
  const { t } = useT();
  if (field.type !== 'divider') return null;
  return (
    <Prop label={t('props.dividerTitle')}>
      <I18nInput value={field.config?.title} onChange={(title) => setConfig({ title }, 'title')} />
    </Prop>
  );
};

const None: Editor = () => null;

/** The type-specific part of the property panel: one entry per field type (a missing one is a compile error). */
export const CONFIG_EDITORS: Record<FieldType, Editor> = {
  text: TextEditor,
  textarea: LengthEditor,
  number: NumberEditor,
  money: MoneyEditor,
  percent: PercentEditor,
  date: formatEditor(['YYYY-MM-DD', 'YYYY/MM/DD', 'YYYY-MM', 'YYYY']),
  datetime: formatEditor(['YYYY-MM-DD HH:mm', 'YYYY-MM-DD HH:mm:ss']),
  time: formatEditor(['HH:mm', 'HH:mm:ss']),
  select: ChoiceEditor,
  multiselect: ChoiceEditor,
  radio: ChoiceEditor,
  checkboxes: ChoiceEditor,
  boolean: None,
  phone: PhoneEditor,
  email: None,
  url: None,
  address: AddressEditor,
  location: LocationEditor,
  member: None,
  members: None,
  department: None,
  departments: None,
  image: FileEditor,
  attachment: FileEditor,
  signature: None,
  richtext: None,
  subform: SubformEditor,
  relation: RelationEditor,
  lookup: LookupEditor,
  serial: SerialEditor,
  formula: FormulaFieldEditor,
  description: DescriptionEditor,
  divider: DividerEditor,
};
