import { FilterEditor, pickText } from '@tangram/runtime';
import type { FormDefinition, RowScope } from '@tangram/schema';
import { Radio, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { peopleFields } from '../core/fields';

/** The choices the designer offers; "my department and below" is a department scope with the switch. */
type Choice = 'all' | 'own' | 'department' | 'departmentTree' | 'fieldContainsMe' | 'custom';
const CHOICES: readonly Choice[] = [
  'all',
  'own',
  'department',
  'departmentTree',
  'fieldContainsMe',
  'custom',
];

const choiceOf = (scope: RowScope): Choice =>
  scope.kind === 'department' && scope.includeSubDepartments ? 'departmentTree' : scope.kind;

/** The scope a choice starts with; a custom filter starts empty (an empty `and`: every record). */
function scopeFor(choice: Choice, form: FormDefinition): RowScope | null {
  const starts: Record<Choice, () => RowScope | null> = {
    all: () => ({ kind: 'all' }),
    own: () => ({ kind: 'own' }),
    department: () => ({ kind: 'department' }),
    departmentTree: () => ({ kind: 'department', includeSubDepartments: true }),
    fieldContainsMe: () => {
      const field = peopleFields(form)[0];
      return field ? { kind: 'fieldContainsMe', field: field.id } : null;
    },
    custom: () => ({ kind: 'custom', filter: { kind: 'and', items: [] } }),
  };
  return starts[choice]();
}

/** Which records a group reaches (decision 0022's row scopes), with the filter builder for custom. */
export function ScopeEditor({
  form,
  value,
  onChange,
  testId,
}: {
  form: FormDefinition;
  value: RowScope;
  onChange(scope: RowScope): void;
  testId: string;
}) {
  const { t, i18n } = useTranslation('permissions');
  const people = peopleFields(form);
  const current = choiceOf(value);
  return (
    <div className="tg-pd-scope" data-testid={testId}>
      <Radio.Group
        value={current}
        onChange={(e) => {
          const next = scopeFor(e.target.value as Choice, form);
          if (next) onChange(next);
        }}
      >
        <Space direction="vertical" size={6}>
          {CHOICES.map((c) => (
            <Radio
              key={c}
              value={c}
              disabled={c === 'fieldContainsMe' && people.length === 0}
              title={c === 'fieldContainsMe' && people.length === 0 ? t('scope.noPeopleFields') : undefined}
              data-testid={`${testId}-${c}`}
            >
              {t(`scope.${c}`)}
            </Radio>
          ))}
        </Space>
      </Radio.Group>
      {value.kind === 'fieldContainsMe' ? (
        <Select
          className="tg-pd-scope-detail"
          value={value.field}
          placeholder={t('scope.pickField')}
          onChange={(field: string) => onChange({ kind: 'fieldContainsMe', field })}
          options={people.map((f) => ({ value: f.id, label: pickText(f.label, i18n.language) || f.id }))}
          data-testid={`${testId}-field`}
          aria-label={t('scope.pickField')}
        />
      ) : null}
      {value.kind === 'custom' ? (
        <div className="tg-pd-scope-detail">
          <Typography.Paragraph type="secondary" className="tg-pd-hint">
            {t('scope.customHint')}
          </Typography.Paragraph>
          <FilterEditor
            form={form}
            value={value.filter}
            onChange={(filter) => onChange({ kind: 'custom', filter: filter ?? { kind: 'and', items: [] } })}
            testId={`${testId}-filter`}
          />
        </div>
      ) : null}
    </div>
  );
}
