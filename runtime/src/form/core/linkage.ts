import type { FieldDefinition, FormDefinition } from '@tangram/schema';

type Linkage = Extract<NonNullable<FieldDefinition['default']>, { kind: 'linkage' }>;

/** A data linkage default of one field: take `take` of form `form` where its keys equal ours. */
export interface LinkageRule {
  fieldId: string;
  rule: Linkage;
  /** This form's fields whose values are the keys (`match[].target`). */
  keys: string[];
}

/** The form's fields with a data linkage default (decision 0031). */
export function linkageRules(form: Pick<FormDefinition, 'fields'>): LinkageRule[] {
  return form.fields.flatMap((f) =>
    f.default?.kind === 'linkage'
      ? [{ fieldId: f.id, rule: f.default, keys: f.default.match.map((m) => m.target) }]
      : [],
  );
}

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * The key values a rule sends to the linkage endpoint, or null while one of them is empty (an
 * empty key matches nothing, as on the server).
 */
export function linkageKeys(
  rule: LinkageRule,
  values: Readonly<Record<string, unknown>>,
): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const key of rule.keys) {
    if (isEmpty(values[key])) return null;
    out[key] = values[key];
  }
  return out;
}

/** The rules one of whose key fields differs between `before` and `after`. */
export function changedLinkages(
  rules: readonly LinkageRule[],
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): LinkageRule[] {
  return rules.filter((r) => r.keys.some((k) => before[k] !== after[k]));
}
