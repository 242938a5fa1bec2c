import { fieldRegistry } from '@tangram/fields';
import { pickText } from '@tangram/runtime';
import type { AppDefinition, DefaultValue, FieldDefinition, FormDefinition } from '@tangram/schema';
import { Input, InputNumber, Segmented, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormulaInput } from '../formula/formula-input';
import { Prop } from './controls';
import { editorFields } from './editor-fields';

type Kind = 'none' | DefaultValue['kind'];

function StaticValue({
  field,
  value,
  onChange,
}: {
  field: FieldDefinition;
  value: unknown;
  onChange(v: unknown): void;
}) {
  const { i18n } = useTranslation('designer');
  switch (field.type) {
    case 'number':
    case 'money':
    case 'percent':
      return (
        <InputNumber
          style={{ width: '100%' }}
          value={typeof value === 'number' ? value : null}
          onChange={(v) => onChange(v ?? undefined)}
        />
      );
    case 'boolean':
      return <Switch checked={value === true} onChange={onChange} />;
    case 'select':
    case 'radio':
    case 'multiselect':
    case 'checkboxes':
      return (
        <Select
          allowClear
          mode={field.type === 'multiselect' || field.type === 'checkboxes' ? 'multiple' : undefined}
          value={value as string}
          options={field.config.options.map((o) => ({
            value: o.value,
            label: pickText(o.label, i18n.language),
          }))}
          onChange={onChange}
        />
      );
    default:
      return (
        <Input
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value || undefined)}
        />
      );
  }
}

/** Default value: none, a static value, a formula, or data linkage from another form. */
export function DefaultEditor({
  field,
  form,
  app,
  onChange,
}: {
  field: FieldDefinition;
  form: FormDefinition;
  app: AppDefinition;
  onChange(v: DefaultValue | undefined, key?: string): void;
}) {
  const { t, i18n } = useTranslation('designer');
  const lang = i18n.language;
  const current = field.default;
  const kind: Kind = current?.kind ?? 'none';
  const setKind = (k: Kind) =>
    onChange(
      k === 'none'
        ? undefined
        : k === 'static'
          ? { kind: 'static', value: null }
          : k === 'formula'
            ? { kind: 'formula', formula: '' }
            : {
                kind: 'linkage',
                form: app.forms.find((f) => f.id !== form.id)?.id ?? form.id,
                match: [{ source: '', target: '' }],
                take: '',
              },
    );
  const linked = current?.kind === 'linkage' ? app.forms.find((f) => f.id === current.form) : undefined;
  const fieldOptions = (f: FormDefinition | undefined) =>
    (f?.fields ?? [])
      .filter((x) => fieldRegistry.of(x).storage(x as never) !== null)
      .map((x) => ({ value: x.id, label: pickText(x.label, lang) }));
  return (
    <div data-testid="default-editor">
      <Segmented<Kind>
        block
        size="small"
        value={kind}
        onChange={setKind}
        options={(['none', 'static', 'formula', 'linkage'] as const).map((k) => ({
          value: k,
          label: t(`default.${k}`),
        }))}
        style={{ marginBottom: 8 }}
      />
      {current?.kind === 'static' ? (
        <StaticValue
          field={field}
          value={current.value}
          onChange={(value) =>
            onChange(
              value === undefined ? { kind: 'static', value: null } : { kind: 'static', value },
              'default',
            )
          }
        />
      ) : current?.kind === 'formula' ? (
        <FormulaInput
          value={current.formula}
          fields={editorFields(form, lang, field.id)}
          app={app}
          onChange={(formula) => onChange({ kind: 'formula', formula }, 'default')}
        />
      ) : current?.kind === 'linkage' ? (
        <>
          <Prop label={t('default.linkForm')}>
            <Select
              value={current.form}
              options={app.forms.map((f) => ({ value: f.id, label: pickText(f.name, lang) }))}
              onChange={(v) =>
                onChange({ ...current, form: v, match: [{ source: '', target: '' }], take: '' })
              }
            />
          </Prop>
          <Prop label={t('default.linkMatch')}>
            <div className="tg-dz-pair">
              {/* `target` is this form's key field, `source` the linked form's (field.schema.json). */}
              <Select
                placeholder={t('default.thisForm')}
                value={current.match[0]?.target || undefined}
                options={fieldOptions(form)}
                onChange={(v) =>
                  onChange({ ...current, match: [{ source: current.match[0]?.source ?? '', target: v }] })
                }
              />
              <Select
                placeholder={t('default.thatForm')}
                value={current.match[0]?.source || undefined}
                options={fieldOptions(linked)}
                onChange={(v) =>
                  onChange({ ...current, match: [{ source: v, target: current.match[0]?.target ?? '' }] })
                }
              />
            </div>
          </Prop>
          <Prop label={t('default.linkTake')}>
            <Select
              value={current.take || undefined}
              options={fieldOptions(linked)}
              onChange={(v) => onChange({ ...current, take: v })}
            />
          </Prop>
        </>
      ) : null}
    </div>
  );
}
