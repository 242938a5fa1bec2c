import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { fieldRegistry } from '@tangram/fields';
import { FilterEditor, pickText } from '@tangram/runtime';
import type { Filter, FormDefinition, ValidationRule, VisibilityRule } from '@tangram/schema';
import { Button, Card, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormulaInput } from '../formula/formula-input';
import { useEditor, useEditorStore } from '../store/context';
import { I18nInput, Prop } from './controls';
import { editorFields } from './editor-fields';

const nextRuleId = (prefix: string, ids: string[]) => {
  for (let n = 1; ; n++) if (!ids.includes(`${prefix}${n}`)) return `${prefix}${n}`;
};

/** Field ids a condition reads. */
function readFields(filter: Filter): string[] {
  return filter.kind === 'cmp' ? [filter.field] : filter.items.flatMap(readFields);
}

/** An empty group: a rule whose conditions were all removed (it always holds, like `matches`). */
const ALWAYS: Filter = { kind: 'and', items: [] };

/**
 * One visibility rule: nested and/or groups of conditions over the form's own fields, edited
 * with the data views' filter builder (same operators and value editors as the player's filters),
 * and the fields shown while the condition holds.
 */
function VisibilityRuleCard({ form, rule }: { form: FormDefinition; rule: VisibilityRule }) {
  const { t, i18n } = useTranslation('designer');
  const store = useEditorStore();
  const lang = i18n.language;
  const update = (next: VisibilityRule, key?: string) =>
    store
      .getState()
      .dispatch(
        { type: 'updateRule', formId: form.id, rule: { kind: 'visibility', rule: next } },
        { coalesceKey: key && `${rule.id}.${key}` },
      );
  const read = new Set(readFields(rule.when));
  const empty = rule.when.kind !== 'cmp' && rule.when.items.length === 0;
  return (
    <Card size="small" className="tg-dz-rule" data-testid="visibility-rule">
      <div className="tg-dz-rule-line">
        <Typography.Text type="secondary">{t('rules.when')}</Typography.Text>
        <span style={{ flex: 1 }} />
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
      <FilterEditor
        form={form}
        value={rule.when}
        fields={form.fields.map((f) => f.id)}
        onChange={(when) => update({ ...rule, when: when ?? ALWAYS }, 'when')}
        testId="visibility-condition"
      />
      {empty ? (
        <Typography.Text type="warning" className="tg-dz-hint" style={{ display: 'block', marginTop: 6 }}>
          {t('rules.noCondition')}
        </Typography.Text>
      ) : null}
      <div className="tg-dz-rule-line" style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">{t('rules.show')}</Typography.Text>
        <Select
          size="small"
          mode="multiple"
          style={{ flex: 1, minWidth: 0 }}
          value={rule.show}
          aria-label={t('rules.show')}
          data-testid="visibility-show"
          options={form.fields
            .filter((f) => !read.has(f.id) || rule.show.includes(f.id))
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
  const app = useEditor((s) => s.app);
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
          app={app}
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
          // "is filled in" needs no value, so the new rule is complete (and valid to save) at once.
          const ops = fieldRegistry.of(first).operators(first as never);
          const op = ops.includes('isNotEmpty') ? 'isNotEmpty' : (ops[0] ?? 'isNotEmpty');
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
