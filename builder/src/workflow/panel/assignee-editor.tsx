import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import type { Assignee, FormDefinition } from '@tangram/schema';
import { Button, Dropdown, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fieldLabel } from '../core/summary';
import type { OrgDirectory } from '../directory';

type Kind = Assignee['kind'];
const KINDS: readonly Kind[] = [
  'users',
  'roles',
  'departmentLeaders',
  'submitter',
  'submitterManager',
  'field',
];

/** Field types whose value names people (member) or departments (their leaders). */
const PEOPLE_FIELDS = new Set(['member', 'members', 'department', 'departments']);

const fresh = (kind: Kind, form: FormDefinition): Assignee | null => {
  switch (kind) {
    case 'users':
    case 'roles':
    case 'departmentLeaders':
      return { kind, ids: [] };
    case 'submitter':
      return { kind };
    case 'submitterManager':
      return { kind, level: 1 };
    case 'field': {
      const field = form.fields.find((f) => PEOPLE_FIELDS.has(f.type));
      return field ? { kind, field: field.id } : null;
    }
  }
};

/**
 * Who handles a node: a list of entries of different kinds (members, roles, department leaders,
 * the submitter, the submitter's manager N levels up, a member/department field of the form).
 * An entry whose id list is empty is kept while the user picks, and reported by validation.
 */
export function AssigneeEditor({
  value,
  onChange,
  form,
  directory,
  testId,
}: {
  value: readonly Assignee[];
  onChange(list: Assignee[]): void;
  form: FormDefinition;
  directory: OrgDirectory;
  testId: string;
}) {
  const { t, i18n } = useTranslation('workflow');
  const lang = i18n.language;
  const peopleFields = form.fields.filter((f) => PEOPLE_FIELDS.has(f.type));
  const set = (i: number, a: Assignee) => onChange(value.map((x, j) => (j === i ? a : x)));
  const remove = (i: number) => onChange(value.filter((_, j) => j !== i));
  const add = (kind: Kind) => {
    const a = fresh(kind, form);
    if (a) onChange([...value, a]);
  };
  const control = (a: Assignee, i: number) => {
    switch (a.kind) {
      case 'users':
        return (
          <Select
            mode="multiple"
            size="small"
            value={a.ids}
            placeholder={t('assignee.pickUsers')}
            optionFilterProp="label"
            onChange={(ids: string[]) => set(i, { ...a, ids })}
            options={directory.members.map((m) => ({ value: m.id, label: m.name, title: m.email }))}
            data-testid={`${testId}-users`}
            style={{ width: '100%' }}
          />
        );
      case 'roles':
        return (
          <Select
            mode="multiple"
            size="small"
            value={a.ids}
            placeholder={t('assignee.pickRoles')}
            optionFilterProp="label"
            onChange={(ids: string[]) => set(i, { ...a, ids })}
            options={directory.roles.map((r) => ({ value: r.id, label: r.name }))}
            data-testid={`${testId}-roles`}
            style={{ width: '100%' }}
          />
        );
      case 'departmentLeaders':
        return (
          <Select
            mode="multiple"
            size="small"
            value={a.ids}
            placeholder={t('assignee.pickDepartments')}
            optionFilterProp="label"
            onChange={(ids: string[]) => set(i, { ...a, ids })}
            options={directory.departments.map((d) => ({ value: d.id, label: d.name }))}
            data-testid={`${testId}-departments`}
            style={{ width: '100%' }}
          />
        );
      case 'submitter':
        return null;
      case 'submitterManager':
        return (
          <InputNumber
            size="small"
            min={1}
            max={10}
            precision={0}
            value={a.level}
            addonBefore={t('assignee.levelLabel')}
            onChange={(level) => typeof level === 'number' && set(i, { ...a, level })}
            style={{ width: '100%' }}
          />
        );
      case 'field':
        return (
          <Select
            size="small"
            value={a.field}
            placeholder={t('assignee.pickField')}
            onChange={(field: string) => set(i, { ...a, field })}
            options={peopleFields.map((f) => ({ value: f.id, label: fieldLabel(form, f.id, lang) }))}
            style={{ width: '100%' }}
          />
        );
    }
  };
  return (
    <div className="tg-wfd-assignees" data-testid={testId}>
      {value.length === 0 ? (
        <Typography.Text type="secondary" className="tg-wfd-hint">
          {t('assignee.empty')}
        </Typography.Text>
      ) : null}
      {value.map((a, i) => (
        <div key={`${a.kind}-${i}`} className="tg-wfd-assignee">
          <div className="tg-wfd-assignee-head">
            <Typography.Text strong>{t(`assignee.kinds.${a.kind}`)}</Typography.Text>
            <Button
              type="text"
              size="small"
              icon={<CloseOutlined />}
              aria-label={t('assignee.remove')}
              onClick={() => remove(i)}
            />
          </div>
          {control(a, i)}
        </div>
      ))}
      <Dropdown
        trigger={['click']}
        menu={{
          items: KINDS.map((kind) => ({
            key: kind,
            label: t(`assignee.kinds.${kind}`),
            disabled:
              (kind === 'submitter' && value.some((a) => a.kind === 'submitter')) ||
              (kind === 'field' && peopleFields.length === 0),
            title: kind === 'field' && peopleFields.length === 0 ? t('assignee.noFields') : undefined,
          })),
          onClick: ({ key }) => add(key as Kind),
        }}
      >
        <Button size="small" type="dashed" icon={<PlusOutlined />} block data-testid={`${testId}-add`}>
          {t('assignee.add')}
        </Button>
      </Dropdown>
    </div>
  );
}
