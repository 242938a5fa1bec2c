import type { Assignee, Filter, FormDefinition, I18NText } from '@tangram/schema';

/** Name lookups a summary needs (the org directory, or ids as they are). */
export interface NameLookup {
  userName(id: string): string;
  departmentName(id: string): string;
  roleName(id: string): string;
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

const pick = (text: I18NText | undefined, lang: string) =>
  (lang.startsWith('zh') ? (text?.['zh-CN'] ?? text?.en) : (text?.en ?? text?.['zh-CN'])) ?? '';

export const fieldLabel = (form: FormDefinition, id: string, lang: string) => {
  const field = form.fields.find((f) => f.id === id);
  return field ? pick(field.label, lang) || id : id;
};

/** One assignee entry in words: "张三、李四", "第 1 级主管", "申请人 (field)". */
export function assigneeText(
  a: Assignee,
  names: NameLookup,
  form: FormDefinition,
  lang: string,
  t: Translate,
): string {
  const sep = lang.startsWith('zh') ? '、' : ', ';
  switch (a.kind) {
    case 'users':
      return a.ids.map(names.userName).join(sep);
    case 'roles':
      return a.ids.map(names.roleName).join(sep);
    case 'departmentLeaders':
      // No department picked yet: nothing to say (a bare " · 部门主管" reads as a stray separator).
      return a.ids.length
        ? `${a.ids.map(names.departmentName).join(sep)} · ${t('assignee.kinds.departmentLeaders')}`
        : '';
    case 'submitter':
      return t('assignee.kinds.submitter');
    case 'submitterManager':
      return t('assignee.level', { level: a.level });
    case 'field':
      return fieldLabel(form, a.field, lang);
  }
}

/**
 * The entries of an assignee list that say something, in words. An entry still being filled in
 * (a "users" row with nobody picked) says nothing and is left out, so no separator dangles.
 */
export function assigneeTexts(
  list: readonly Assignee[] | undefined,
  names: NameLookup,
  form: FormDefinition,
  lang: string,
  t: Translate,
): string[] {
  return (list ?? []).map((a) => assigneeText(a, names, form, lang, t)).filter((text) => text.trim() !== '');
}

/** A whole assignee list in one line for a card. */
export function assigneesText(
  list: readonly Assignee[] | undefined,
  names: NameLookup,
  form: FormDefinition,
  lang: string,
  t: Translate,
): string {
  const sep = lang.startsWith('zh') ? '、' : ', ';
  return assigneeTexts(list, names, form, lang, t).join(sep);
}

const OPS: Record<string, string> = {
  eq: '=',
  ne: '≠',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
};

/** The comparisons of a filter (in order, through nested groups). */
export function comparisons(filter: Filter | undefined): Extract<Filter, { kind: 'cmp' }>[] {
  if (!filter) return [];
  return filter.kind === 'cmp' ? [filter] : filter.items.flatMap(comparisons);
}

/**
 * A condition in words for its card: the first comparison ("金额 > 10000") and how many more,
 * or "all records" for an empty one.
 */
export function conditionText(filter: Filter | undefined, form: FormDefinition, lang: string, t: Translate) {
  const cmps = comparisons(filter);
  const first = cmps[0];
  if (!first) return '';
  const value = Array.isArray(first.value)
    ? first.value.join(', ')
    : typeof first.value === 'object' && first.value !== null
      ? ''
      : String(first.value ?? '');
  const op = OPS[first.op] ?? first.op;
  const text = `${fieldLabel(form, first.field, lang)} ${op} ${value}`.trim();
  return cmps.length > 1 ? `${text} ${t('summary.more', { count: cmps.length - 1 })}` : text;
}
