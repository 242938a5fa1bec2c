import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { fieldRegistry } from '@tangram/fields';
import { pickText } from '@tangram/runtime';
import type {
  Comparison,
  FieldDefinition,
  FilterValue,
  FormDefinition,
  Operator,
  ValidationRule,
  VisibilityRule,
} from '@tangram/schema';
import { Button, Card, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormulaInput } from '../formula/formula-input';
import { useEditorStore } from '../store/context';
import { I18nInput, Prop } from './controls';
import { editorFields } from './editor-fields';

const NO_VALUE: ReadonlySet<Operator> = new Set(['isEmpty', 'isNotEmpty']);
const LIST_VALUE: ReadonlySet<Operator> = new Set(['in', 'notIn', 'between']);

const nextRuleId = (prefix: string, ids: string[]) => {
  for (let n = 1; ; n++) if (!ids.includes(`${prefix}${n}`)) return `${prefix}${n}`;
};

/** The single comparison a visibility rule edits (a group's first item, for rules written elsewhere). */
function firstComparison(rule: VisibilityRule): Comparison | null {
  if (rule.when.kind === 'cmp') return rule.when;
  const first = rule.when.items[0];
  return first && first.kind === 'cmp' ? first : null;
}

function ConditionValue({
  field,
  cmp,
  onChange,
}: {
  field: FieldDefinition | undefined;
  cmp: Comparison;
  onChange(v: FilterValue | undefined): void;
}) {
  const { i18n } = useTranslation('designer');
  if (NO_VALUE.has(cmp.op)) return null;
  const options =
    field && 'config' in field && field.config && 'options' in field.config ? field.config.options : null;
  if (options) {
    return (
      <Select
        size="small"
        mode={LIST_VALUE.has(cmp.op) ? 'multiple' : undefined}
        value={cmp.value as string}
        style={{ minWidth: 100, flex: 1 }}
        options={options.map((o) => ({ value: o.value, label: pickText(o.label, i18n.language) }))}
        onChange={(v) => onChange(v)}
      />
    );
  }
  const numeric = field && ['number', 'money', 'percent'].includes(field.type);
  return (
    <Input
      size="small"
      style={{ flex: 1 }}
      value={cmp.value == null ? '' : Array.isArray(cmp.value) ? cmp.value.join(',') : String(cmp.value)}
      onChange={(e) => {
        const raw = e.target.value;
        const parse = (s: string) => (numeric && s.trim() !== '' && !Number.isNaN(Number(s)) ? Number(s) : s);
        onChange(LIST_VALUE.has(cmp.op) ? raw.split(',').map(parse) : parse(raw));
      }}
    />
  );
}

function VisibilityRuleCard({ form, rule }: { form: FormDefinition; rule: VisibilityRule }) {
  const { t, i18n } = useTranslation('designer');
  const store = useEditorStore();
  const lang = i18n.language;
  const cmp = firstComparison(rule) ?? { kind: 'cmp', field: '', op: 'eq' };
  const field = form.fields.find((f) => f.id === cmp.field);
  const ops = field ? fieldRegistry.of(field).operators(field as never) : [];
  const update = (next: VisibilityRule) =>
    store
      .getState()
      .dispatch({ type: 'updateRule', formId: form.id, rule: { kind: 'visibility', rule: next } });
  const setCmp = (c: Comparison) => update({ ...rule, when: c });
  return (
    <Card size="small" className="tg-dz-rule" data-testid="visibility-rule">
      <div className="tg-dz-rule-line">
        <Typography.Text type="secondary">{t('rules.when')}</Typography.Text>
        <Select
          size="small"
          style={{ minWidth: 110, flex: 1 }}
          value={cmp.field || undefined}
          placeholder={t('rules.field')}
          options={form.fields
            .filter((f) => fieldRegistry.of(f).operators(f as never).length)
            .map((f) => ({ value: f.id, label: pickText(f.label, lang) }))}
          onChange={(id: string) => {
            const f = form.fields.find((x) => x.id === id);
            const op = f ? (fieldRegistry.of(f).operators(f as never)[0] ?? 'eq') : 'eq';
            setCmp({ kind: 'cmp', field: id, op });
          }}
        />
        <Button
          size="small"
          type="text"
          icon={<DeleteOutlined />}
          aria-label={t('rules.remove')}
          onClick={() =>
            store
              .getState()
              .dispatch({ type: 'removeRule', formId: form.id, kind: 'visibility', ruleId: rule.id })
          }
        />
      </div>
      <div className="tg-dz-rule-line">
        <Select
          size="small"
          style={{ minWidth: 110 }}
          value={cmp.op}
          options={ops.map((o) => ({ value: o, label: t(`ops.${o}`) }))}
          onChange={(op: Operator) => setCmp({ ...cmp, op, value: NO_VALUE.has(op) ? undefined : cmp.value })}
        />
        <ConditionValue field={field} cmp={cmp} onChange={(value) => setCmp({ ...cmp, value })} />
      </div>
      <div className="tg-dz-rule-line">
        <Typography.Text type="secondary">{t('rules.show')}</Typography.Text>
        <Select
          size="small"
          mode="multiple"
          style={{ flex: 1 }}
          value={rule.show}
          options={form.fields
            .filter((f) => f.id !== cmp.field)
            .map((f) => ({ value: f.id, label: pickText(f.label, lang) }))}
          onChange={(show: string[]) => show.length && update({ ...rule, show })}
        />
      </div>
    </Card>
  );
}

function ValidationRuleCard({ form, rule }: { form: FormDefinition; rule: ValidationRule }) {
  const { t, i18n } = useTranslation('designer');
  const store = useEditorStore();
  const update = (next: ValidationRule, key?: string) =>
    store
      .getState()
      .dispatch(
        { type: 'updateRule', formId: form.id, rule: { kind: 'validation', rule: next } },
        { coalesceKey: key && `${rule.id}.${key}` },
      );
  return (
    <Card size="small" className="tg-dz-rule" data-testid="validation-rule">
      <Prop label={t('rules.formula')}>
        <FormulaInput
          value={rule.formula}
          fields={editorFields(form, i18n.language)}
          onChange={(formula) => update({ ...rule, formula }, 'formula')}
        />
      </Prop>
      <Prop label={t('rules.message')}>
        <I18nInput
          value={rule.message}
          onChange={(message) => update({ ...rule, message: message ?? {} }, 'message')}
        />
      </Prop>
      <Button
        size="small"
        type="text"
        danger
        icon={<DeleteOutlined />}
        onClick={() =>
          store
            .getState()
            .dispatch({ type: 'removeRule', formId: form.id, kind: 'validation', ruleId: rule.id })
        }
      >
        {t('rules.remove')}
      </Button>
    </Card>
  );
}

/** Form-level rules: show fields when a condition holds; formulas that must hold to save. */
export function RulesPanel({ form }: { form: FormDefinition }) {
  const { t } = useTranslation('designer');
  const store = useEditorStore();
  const visibility = form.rules?.visibility ?? [];
  const validation = form.rules?.validation ?? [];
  const first = form.fields[0];
  return (
    <>
      <Typography.Title level={5} className="tg-dz-section-title">
        {t('rules.visibility')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" className="tg-dz-hint">
        {t('rules.visibilityHint')}
      </Typography.Paragraph>
      {visibility.map((r) => (
        <VisibilityRuleCard key={r.id} form={form} rule={r} />
      ))}
      <Button
        size="small"
        type="dashed"
        block
        icon={<PlusOutlined />}
        disabled={form.fields.length < 2}
        onClick={() => {
          if (!first) return;
          const op = fieldRegistry.of(first).operators(first as never)[0] ?? 'isNotEmpty';
          const target = form.fields.find((f) => f.id !== first.id);
          store.getState().dispatch({
            type: 'addRule',
            formId: form.id,
            rule: {
              kind: 'visibility',
              rule: {
                id: nextRuleId(
                  'show_',
                  visibility.map((r) => r.id),
                ),
                when: { kind: 'cmp', field: first.id, op },
                show: target ? [target.id] : [],
              },
            },
          });
        }}
      >
        {t('rules.addVisibility')}
      </Button>
      <Typography.Title level={5} className="tg-dz-section-title">
        {t('rules.validation')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" className="tg-dz-hint">
        {t('rules.validationHint')}
      </Typography.Paragraph>
      {validation.map((r) => (
        <ValidationRuleCard key={r.id} form={form} rule={r} />
      ))}
      <Button
        size="small"
        type="dashed"
        block
        icon={<PlusOutlined />}
        data-testid="add-validation"
        onClick={() =>
          store.getState().dispatch({
            type: 'addRule',
            formId: form.id,
            rule: {
              kind: 'validation',
              rule: {
                id: nextRuleId(
                  'check_',
                  validation.map((r) => r.id),
                ),
                formula: 'TRUE()',
                message: { 'zh-CN': '请检查填写的内容', en: 'Please check the values' },
              },
            },
          })
        }
      >
        {t('rules.addValidation')}
      </Button>
    </>
  );
}
