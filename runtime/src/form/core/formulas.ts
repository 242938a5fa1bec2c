import {
  dependencies,
  evaluate,
  parse,
  storedFormulaValue,
  type FormulaContext,
  type FormulaUser,
} from '@tangram/formula';
import { affectedFormulas, formulaTypes, type FormModel, type SubformPlan } from './form-model';

const columnTypes = (fields: Parameters<typeof formulaTypes>[0]) => Object.fromEntries(formulaTypes(fields));

/** Who and when formulas are computed for (the server uses the same inputs on save). */
export interface ComputeEnv {
  now: () => Date;
  timeZone: string;
  user: FormulaUser;
}

type Values = Record<string, unknown>;
type Row = Record<string, unknown>;

function context(scope: Values, types: FormulaContext['fieldTypes'], env: ComputeEnv): FormulaContext {
  return { values: scope, fieldTypes: types, now: env.now(), timeZone: env.timeZone, user: env.user };
}

/** Values the server sees before computing: what the client may write (no formula results). */
function inputScope(model: FormModel, values: Values): Values {
  const scope: Values = {};
  for (const [id, v] of Object.entries(values)) if (!model.formulas.has(id)) scope[id] = v;
  return scope;
}

/** Field ids a formula reads (a subform column reference counts as its subform), cached by text. */
const depsCache = new Map<string, readonly string[]>();
function depsOf(formula: string): readonly string[] {
  let deps = depsCache.get(formula);
  if (!deps) {
    const ast = parse(formula).ast;
    deps = ast ? dependencies(ast) : [];
    if (depsCache.size > 2000) depsCache.clear();
    depsCache.set(formula, deps);
  }
  return deps;
}

/**
 * Ids in `scope` holding text a number field could not read (the box shows "2O" until it is
 * fixed). A formula reading one has no value rather than one computed as if it were 0 or empty:
 * a total is never shown from input the user has not finished correcting.
 */
function invalidIds(scope: Values, types: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  for (const [id, v] of Object.entries(scope))
    if (types[id] === 'number' && typeof v === 'string') out.add(id);
  return out;
}

/** Recomputes one row's formulas; returns the same row object when nothing changed. */
function computeRow(plan: SubformPlan, outer: Values, row: Row, env: ComputeEnv): Row {
  const scope: Values = { ...outer, ...row };
  const byId = new Map(plan.formulas.map((f) => [f.id, f]));
  const tainted = invalidIds(row, plan.types);
  let out = row;
  for (const id of plan.order) {
    const field = byId.get(id);
    if (!field) continue;
    const blocked = depsOf(field.config.formula).some((d) => tainted.has(d));
    if (blocked) tainted.add(id);
    const result = blocked ? null : evaluate(field.config.formula, context(scope, plan.types, env));
    const value =
      !result || result.error
        ? null
        : storedFormulaValue(result, field.config.resultType, field.config.precision);
    scope[id] = value;
    if (!Object.is(out[id], value)) {
      if (out === row) out = { ...row };
      out[id] = value;
    }
  }
  return out;
}

/**
 * Brings formula values up to date after `changed` fields got new values, with the server's
 * semantics (server/src/records/formula-fields.ts): first the row formulas of each subform, then
 * the form's formulas in dependency order. Only formulas that read a changed field (directly or
 * through other formulas) are evaluated; unchanged results keep their identity so that their
 * widgets do not re-render. Returns the new values and the ids whose value changed.
 */
export function recompute(
  model: FormModel,
  values: Values,
  changed: ReadonlySet<string>,
  env: ComputeEnv,
): { values: Values; changed: Set<string> } {
  const next: Values = { ...values };
  const touched = new Set(changed);
  const outer = inputScope(model, values);
  for (const [id, plan] of model.subforms) {
    const rows = next[id];
    if (!Array.isArray(rows)) continue;
    if (!changed.has(id) && ![...plan.outerDeps].some((d) => changed.has(d))) continue;
    const computed = (rows as Row[]).map((row) => computeRow(plan, outer, row, env));
    if (computed.some((row, i) => row !== rows[i])) {
      next[id] = computed;
      touched.add(id);
    }
  }
  const affected = affectedFormulas(model, touched);
  if (affected.size === 0) return { values: next, changed: touched };
  const scope: Values = inputScope(model, next);
  const tainted = invalidIds(scope, model.types);
  for (const field of model.fields) {
    if (field.type !== 'subform') continue;
    const rows = next[field.id];
    const types = model.subforms.get(field.id)?.types ?? columnTypes(field.config.fields);
    if (Array.isArray(rows) && (rows as Row[]).some((r) => invalidIds(r, types).size > 0))
      tainted.add(field.id);
  }
  for (const id of model.order) {
    const field = model.formulas.get(id);
    if (!field) continue;
    if (!affected.has(id)) {
      scope[id] = next[id] ?? null;
      continue;
    }
    const blocked = depsOf(field.config.formula).some((d) => tainted.has(d));
    if (blocked) tainted.add(id);
    const result = blocked ? null : evaluate(field.config.formula, context(scope, model.types, env));
    const value =
      !result || result.error
        ? null
        : storedFormulaValue(result, field.config.resultType, field.config.precision);
    scope[id] = value;
    if (!Object.is(next[id], value)) {
      next[id] = value;
      touched.add(id);
    }
  }
  return { values: next, changed: touched };
}

/** Every formula computed from scratch (the initial values of a form). */
export function recomputeAll(model: FormModel, values: Values, env: ComputeEnv): Values {
  const all = new Set<string>(model.fields.map((f) => f.id));
  return recompute(model, values, all, env).values;
}
