import type { AppDefinition, ValidationIssue } from '@tangram/schema';

/** Where a JSON pointer points in the definition: a form and, below it, a field (or subform column). */
export interface IssueTarget {
  formId?: string;
  fieldId?: string;
  /** The rest of the path below the field, e.g. `/config/precision`. */
  rest: string;
}

const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * Resolves a pointer such as `/forms/1/fields/3/config/precision` (indexes, as the validator
 * reports) or `/forms/orders/fields/amount` (ids, as type-change errors report) against `app`.
 */
export function resolveIssuePath(app: AppDefinition, path: string): IssueTarget {
  const segs = path.split('/').slice(1).map(unescape);
  if (segs[0] === 'app') segs.shift();
  if (segs[0] !== 'forms' || segs[1] === undefined) return { rest: path };
  const form = /^\d+$/.test(segs[1]) ? app.forms[Number(segs[1])] : app.forms.find((f) => f.id === segs[1]);
  if (!form) return { rest: path };
  if (segs[2] !== 'fields' || segs[3] === undefined)
    return { formId: form.id, rest: `/${segs.slice(2).join('/')}` };
  const byRef = <T extends { id: string }>(list: readonly T[], ref: string) =>
    /^\d+$/.test(ref) ? list[Number(ref)] : list.find((f) => f.id === ref);
  const field = byRef(form.fields, segs[3]);
  if (!field) return { formId: form.id, rest: `/${segs.slice(2).join('/')}` };
  if (field.type === 'subform' && segs[4] === 'config' && segs[5] === 'fields' && segs[6] !== undefined) {
    const col = byRef(field.config.fields, segs[6]);
    if (col) return { formId: form.id, fieldId: col.id, rest: `/${segs.slice(7).join('/')}` };
  }
  return { formId: form.id, fieldId: field.id, rest: segs.length > 4 ? `/${segs.slice(4).join('/')}` : '' };
}

/** Issues of one form grouped by field id (`''` for form-level ones). */
export function issuesByField(app: AppDefinition, formId: string, issues: readonly ValidationIssue[]) {
  const out = new Map<string, (ValidationIssue & { rest: string })[]>();
  for (const issue of issues) {
    const target = resolveIssuePath(app, issue.path);
    if (target.formId !== formId) continue;
    const key = target.fieldId ?? '';
    out.set(key, [...(out.get(key) ?? []), { ...issue, rest: target.rest }]);
  }
  return out;
}
