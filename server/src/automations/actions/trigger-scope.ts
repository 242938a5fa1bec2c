/** The mapping scope of an action: the trigger record with its form's formula types. */
import { loadForm } from '../../apps/app-cache';
import { formulaTypes } from '../../records/formula-fields';
import type { ActionContext, TriggerEvent } from './registry';
import type { MappingScope } from './value-mapping';

/** What mappings read: the trigger record, the clock and the owner, with the trigger form's types. */
export async function mappingScope(ctx: ActionContext, event: TriggerEvent): Promise<MappingScope> {
  const form = event.formId ? (await loadForm(ctx.tx, ctx.orgId, event.appId, event.formId)).form : null;
  const types = form ? formulaTypes(form.fields) : new Map();
  // Inside a row, the row's columns are named by their own ids (as in a subform row's formulas).
  for (const field of form?.fields ?? [])
    if (field.type === 'subform')
      for (const col of field.config.fields) {
        const t = types.get(`${field.id}.${col.id}`);
        if (t && typeof t === 'object' && 'array' in t) types.set(col.id, t.array);
      }
  return {
    record: event.record,
    row: null,
    earlier: ctx.earlier,
    fieldTypes: Object.fromEntries(types),
    now: ctx.now,
    timeZone: ctx.timeZone,
    user: { id: ctx.owner.userId, name: '', departments: ctx.owner.departmentIds },
  };
}
