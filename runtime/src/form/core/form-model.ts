import { fieldRegistry, type FormulaValueType } from '@tangram/fields';
import { dependencies, parse, recomputeOrder } from '@tangram/formula';
import type { FieldDefinition, FormDefinition, VisibilityRule } from '@tangram/schema';

export type FormulaField = Extract<FieldDefinition, { type: 'formula' }>;
export type SubformField = Extract<FieldDefinition, { type: 'subform' }>;

/** Formula types by id (and `sub.col`), as the server's checker and evaluator see them. */
export function formulaTypes(
  fields: readonly FieldDefinition[],
  outer?: ReadonlyMap<string, FormulaValueType>,
): Map<string, FormulaValueType> {
  const types = new Map(outer);
  for (const field of fields) {
    const type = fieldRegistry.of(field).formulaType(field as never);
    if (type) types.set(field.id, type);
    if (field.type !== 'subform') continue;
    for (const sub of field.config.fields) {
      const subType = fieldRegistry.of(sub).formulaType(sub as never);
      if (subType)
        types.set(`${field.id}.${sub.id}`, typeof subType === 'string' ? { array: subType } : subType);
    }
  }
  return types;
}

function formulaDeps(formula: string): string[] {
  const ast = parse(formula).ast;
  return ast ? dependencies(ast) : [];
}

function orderOf(fields: readonly FieldDefinition[]): string[] {
  const order = recomputeOrder(
    fields.map((f) => ({ id: f.id, formula: f.type === 'formula' ? f.config.formula : null })),
  );
  // Cycles are refused when the definition is saved; fall back to declaration order.
  return Array.isArray(order) ? order : fields.filter((f) => f.type === 'formula').map((f) => f.id);
}

/** A subform's row formulas, in dependency order, and the outer fields they read. */
export interface SubformPlan {
  field: SubformField;
  formulas: FormulaField[];
  order: string[];
  types: Record<string, FormulaValueType>;
  /** Top-level field ids read by the row formulas (a change there recomputes every row). */
  outerDeps: Set<string>;
}

/**
 * Everything the form store derives once from a definition: fields by id, the formula graph
 * (who reads whom, the recompute order) and which fields each visibility rule reads.
 */
export interface FormModel {
  form: FormDefinition;
  fields: readonly FieldDefinition[];
  byId: ReadonlyMap<string, FieldDefinition>;
  formulas: ReadonlyMap<string, FormulaField>;
  /** Top-level formulas in recompute order. */
  order: readonly string[];
  /** field id -> formula fields that read it directly. */
  readers: ReadonlyMap<string, readonly string[]>;
  types: Record<string, FormulaValueType>;
  subforms: ReadonlyMap<string, SubformPlan>;
  rules: readonly VisibilityRule[];
  /** Fields that some visibility rule lists in `show`. */
  ruled: ReadonlySet<string>;
}

export function createFormModel(form: FormDefinition): FormModel {
  const fields = form.fields;
  const byId = new Map(fields.map((f) => [f.id, f]));
  const formulas = new Map(
    fields.filter((f): f is FormulaField => f.type === 'formula').map((f) => [f.id, f]),
  );
  const readers = new Map<string, string[]>();
  for (const f of formulas.values()) {
    for (const dep of formulaDeps(f.config.formula)) readers.set(dep, [...(readers.get(dep) ?? []), f.id]);
  }
  const topTypes = formulaTypes(fields);
  const subforms = new Map<string, SubformPlan>();
  for (const field of fields) {
    if (field.type !== 'subform') continue;
    const subFormulas = field.config.fields.filter((f): f is FormulaField => f.type === 'formula');
    if (subFormulas.length === 0) continue;
    const own = new Set(field.config.fields.map((f) => f.id));
    const outerDeps = new Set<string>();
    for (const f of subFormulas)
      for (const dep of formulaDeps(f.config.formula)) if (!own.has(dep)) outerDeps.add(dep);
    subforms.set(field.id, {
      field,
      formulas: subFormulas,
      order: orderOf(field.config.fields),
      types: Object.fromEntries(formulaTypes(field.config.fields)),
      outerDeps,
    });
  }
  const rules = form.rules?.visibility ?? [];
  return {
    form,
    fields,
    byId,
    formulas,
    order: orderOf(fields),
    readers,
    types: Object.fromEntries(topTypes),
    subforms,
    rules,
    ruled: new Set(rules.flatMap((r) => r.show)),
  };
}

/** Formula fields that (transitively) read any of `changed`, in no particular order. */
export function affectedFormulas(model: FormModel, changed: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const queue = [...changed];
  // A formula listed as changed (e.g. on the first computation) is evaluated itself.
  for (const id of queue) if (model.formulas.has(id)) out.add(id);
  while (queue.length > 0) {
    const id = queue.pop()!;
    for (const reader of model.readers.get(id) ?? []) {
      if (out.has(reader)) continue;
      out.add(reader);
      queue.push(reader);
    }
  }
  return out;
}
