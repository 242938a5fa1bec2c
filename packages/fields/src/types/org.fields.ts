import { CHOICE_OPERATORS, MULTI_OPERATORS } from '../operators.js';
import { ok, spec, splitList } from './common.js';

// Member and department values are ids. Imports that carry names are mapped to ids by the
// importer, which knows the org's directory; the registry stays pure.
const idSchema = { type: 'string', minLength: 1, maxLength: 64 };
const idListSchema = { type: 'array', items: idSchema, uniqueItems: true, maxItems: 1000 };
const parseId = (text: string) => ok(text.trim() === '' ? null : text.trim());
const parseIds = (text: string) => {
  const ids = splitList(text);
  return ok(ids.length ? [...new Set(ids)] : null);
};

export const memberField = spec<'member'>({
  type: 'member',
  group: 'advanced',
  label: { 'zh-CN': '成员单选', en: 'Member' },
  storage: () => 'text',
  valueSchema: () => idSchema,
  formulaType: () => 'member',
  operators: CHOICE_OPERATORS,
  sortable: true,
  parseText: parseId,
});

export const membersField = spec<'members'>({
  type: 'members',
  group: 'advanced',
  label: { 'zh-CN': '成员多选', en: 'Members' },
  storage: () => 'text[]',
  valueSchema: () => idListSchema,
  formulaType: () => ({ array: 'member' }),
  operators: MULTI_OPERATORS,
  parseText: parseIds,
});

export const departmentField = spec<'department'>({
  type: 'department',
  group: 'advanced',
  label: { 'zh-CN': '部门单选', en: 'Department' },
  storage: () => 'text',
  valueSchema: () => idSchema,
  formulaType: () => 'department',
  operators: CHOICE_OPERATORS,
  sortable: true,
  parseText: parseId,
});

export const departmentsField = spec<'departments'>({
  type: 'departments',
  group: 'advanced',
  label: { 'zh-CN': '部门多选', en: 'Departments' },
  storage: () => 'text[]',
  valueSchema: () => idListSchema,
  formulaType: () => ({ array: 'department' }),
  operators: MULTI_OPERATORS,
  parseText: parseIds,
});
