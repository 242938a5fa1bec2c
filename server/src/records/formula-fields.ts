import { fieldRegistry, type FormulaValueType } from '@tangram/fields';
import {
  check,
  evaluate,
  parse,
  storedFormulaValue,
  recomputeOrder,
  type FormulaContext,
  type FormulaResolvers,
  type FormulaUser,
} from '@tangram/formula';
import { pointer, type FieldDefinition, type FormDefinition, type ValidationIssue } from '@tangram/schema';

type FormulaField = Extract<FieldDefinition, { type: 'formula' }>;

/**
 * Formula types of a form's fields for the checker: top-level fields by id, subform columns as
 * `sub.col`, and, inside a subform row, the row's own columns by id.
 */
export function formulaTypes(
  fields: readonly FieldDefinition[],
  outer?: Map<string, FormulaValueType>,
): Map<string, FormulaValueType> {
  const types = new Map(outer);
  for (const field of fields) {
    const type = fieldRegistry.of(field).formulaType(field as never);
    if (type) types.set(field.id, type);
    if (field.type === 'subform') {
      for (const sub of field.config.fields) {
        const subType = fieldRegistry.of(sub).formulaType(sub as never);
        if (subType)
          types.set(`${field.id}.${sub.id}`, typeof subType === 'string' ? { array: subType } : subType);
      }
    }
  }
  return types;
}

/**
 * Checks every formula of a form when its definition is saved: syntax, unknown fields, argument
 * types, and cycles between formula fields (a cycle is refused, never evaluated).
 */
export function checkFormulas(form: FormDefinition, formPath: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const topTypes = formulaTypes(form.fields);
  const checkText = (text: string, types: Map<string, FormulaValueType>, path: string) => {
    const parsed = parse(text);
    for (const e of parsed.errors)
      issues.push({ path, code: 'formula_syntax', message: `${e.message} (at ${e.start})` });
    if (!parsed.ast) return;
    for (const e of check(parsed.ast, types).errors)
      issues.push({ path, code: 'formula_type', message: `${e.message} (at ${e.start})` });
  };
  const checkFields = (
    fields: readonly FieldDefinition[],
    types: Map<string, FormulaValueType>,
    base: string,
  ) => {
    fields.forEach((field, i) => {
      const path = pointer(base, i);
      if (field.type === 'formula')
        checkText(field.config.formula, types, pointer(path, 'config', 'formula'));
      if (field.default?.kind === 'formula')
        checkText(field.default.formula, types, pointer(path, 'default', 'formula'));
      if (field.type === 'subform') {
        checkFields(
          field.config.fields,
          formulaTypes(field.config.fields, topTypes),
          pointer(path, 'config', 'fields'),
        );
        const cycle = cycleOf(field.config.fields);
        if (cycle)
          issues.push({
            path: pointer(path, 'config', 'fields'),
            code: 'formula_cycle',
            message: `formulas refer to each other in a cycle: ${cycle.join(' → ')}`,
          });
      }
    });
  };
  checkFields(form.fields, topTypes, pointer(formPath, 'fields'));
  const cycle = cycleOf(form.fields);
  if (cycle)
    issues.push({
      path: pointer(formPath, 'fields'),
      code: 'formula_cycle',
      message: `formulas refer to each other in a cycle: ${cycle.join(' → ')}`,
    });
  (form.rules?.validation ?? []).forEach((rule, i) =>
    checkText(rule.formula, topTypes, pointer(formPath, 'rules', 'validation', i, 'formula')),
  );
  return issues;
}

function cycleOf(fields: readonly FieldDefinition[]): string[] | null {
  const order = recomputeOrder(
    fields.map((f) => ({ id: f.id, formula: f.type === 'formula' ? f.config.formula : null })),
  );
  return Array.isArray(order) ? null : order.cycle;
}

/** Who and when a write is computed for. */
export interface ComputeContext {
  now: Date;
  timeZone: string;
  user: FormulaUser;
  /** The organisation's country (ISO 3166-1 alpha-2): phone numbers are checked against its plan. */
  country?: string;
  recordNumber?: number;
  /** Directory names and MAPX answers, fetched before evaluation (see formula-resolvers.ts). */
  resolvers?: FormulaResolvers;
  /**
   * The record's lookup values as the read door computes them (exact decimals, decision 0031), for
   * formulas and rules that read a lookup field. Never stored: lookups are computed when read.
   */
  lookups?: Readonly<Record<string, unknown>>;
}

/**
 * Recomputes every formula field of a record on the server (clients' values are never trusted):
 * first the formulas inside each subform row, then the form's own formulas in dependency order,
 * so a total over subform rows sees the rows' computed values. Returns the data with results set.
 */
export function computeFormulaFields(
  form: FormDefinition,
  data: Record<string, unknown>,
  ctx: ComputeContext,
): Record<string, unknown> {
  const values: Record<string, unknown> = { ...data, ...ctx.lookups };
  for (const field of form.fields) {
    if (field.type !== 'subform' || !Array.isArray(values[field.id])) continue;
    const subFormulas = field.config.fields.filter((f): f is FormulaField => f.type === 'formula');
    if (subFormulas.length === 0) continue;
    values[field.id] = (values[field.id] as Record<string, unknown>[]).map((row) =>
      applyFormulas(field.config.fields, subFormulas, { ...values, ...row }, ctx, row),
    );
  }
  const formulas = form.fields.filter((f): f is FormulaField => f.type === 'formula');
  const out = formulas.length ? applyFormulas(form.fields, formulas, values, ctx, values) : values;
  for (const id of Object.keys(ctx.lookups ?? {})) delete out[id];
  return out;
}

function applyFormulas(
  fields: readonly FieldDefinition[],
  formulas: readonly FormulaField[],
  scope: Record<string, unknown>,
  ctx: ComputeContext,
  target: Record<string, unknown>,
): Record<string, unknown> {
  const order = recomputeOrder(
    fields.map((f) => ({ id: f.id, formula: f.type === 'formula' ? f.config.formula : null })),
  );
  // Cycles are refused when the definition is saved; an order is always found here.
  const ids = Array.isArray(order) ? order : formulas.map((f) => f.id);
  const byId = new Map(formulas.map((f) => [f.id, f]));
  const out = { ...target };
  const context: FormulaContext = {
    values: scope,
    fieldTypes: Object.fromEntries(formulaTypes(fields)),
    now: ctx.now,
    timeZone: ctx.timeZone,
    user: ctx.user,
    recordNumber: ctx.recordNumber,
    resolvers: ctx.resolvers,
  };
  for (const id of ids) {
    const field = byId.get(id);
    if (!field) continue;
    const result = evaluate(field.config.formula, context);
    const value = result.error
      ? null
      : storedFormulaValue(result, field.config.resultType, field.config.precision);
    scope[id] = value;
    out[id] = value;
  }
  return out;
}

/** Default values of kind formula, for fields the client left empty on create. */
export function applyFormulaDefaults(
  form: FormDefinition,
  data: Record<string, unknown>,
  ctx: ComputeContext,
): Record<string, unknown> {
  const out = { ...data };
  for (const field of form.fields) {
    if (field.default?.kind !== 'formula' || (out[field.id] !== undefined && out[field.id] !== null))
      continue;
    const result = evaluate(field.default.formula, {
      values: out,
      now: ctx.now,
      timeZone: ctx.timeZone,
      user: ctx.user,
      resolvers: ctx.resolvers,
      fieldTypes: Object.fromEntries(formulaTypes(form.fields)),
    });
    if (!result.error && result.value !== null) out[field.id] = result.value;
  }
  return out;
}

/** Runs the form's validation rules; each failing rule yields its message. */
export function runValidationRules(
  form: FormDefinition,
  data: Record<string, unknown>,
  ctx: ComputeContext,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const fieldTypes = Object.fromEntries(formulaTypes(form.fields));
  (form.rules?.validation ?? []).forEach((rule, i) => {
    const result = evaluate(rule.formula, {
      values: { ...data, ...ctx.lookups },
      fieldTypes,
      now: ctx.now,
      timeZone: ctx.timeZone,
      user: ctx.user,
      resolvers: ctx.resolvers,
    });
    if (result.value === true) return;
    const message =
      typeof result.value === 'string' && result.value !== ''
        ? result.value
        : (rule.message.en ?? rule.message['zh-CN'] ?? 'Validation failed');
    issues.push({ path: pointer('/rules/validation', i), code: 'rule_failed', message });
  });
  return issues;
}
