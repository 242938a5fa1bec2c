import { matches, type QueryContext } from '@tangram/query';
import type { FormModel } from './form-model';

/**
 * Fields hidden by the form's visibility rules: a field listed in some rule's `show` is visible
 * only while at least one of those rules' `when` matches the current values. Fields hidden in the
 * definition (`hidden: true`) are hidden too. Returns ids of hidden fields.
 */
export function hiddenFields(
  model: FormModel,
  values: Record<string, unknown>,
  ctx: QueryContext,
): Set<string> {
  const hidden = new Set(model.fields.filter((f) => f.hidden === true).map((f) => f.id));
  if (model.rules.length === 0) return hidden;
  const shown = new Set<string>();
  for (const rule of model.rules) {
    let ok = false;
    try {
      ok = matches(rule.when, values, model.form, ctx);
    } catch {
      ok = false; // a rule the query checker refuses shows nothing rather than breaking the form
    }
    if (ok) for (const id of rule.show) shown.add(id);
  }
  for (const id of model.ruled) if (!shown.has(id)) hidden.add(id);
  return hidden;
}
