import { check, evaluate, parse, type AstNode } from '@tangram/formula';
import { formulaMeasureRefs, pointer, type ValidationIssue, type WidgetMeasure } from '@tangram/schema';

/** A parsed formula measure: its alias, AST and the measure aliases it reads. */
export interface FormulaMeasure {
  as: string;
  ast: AstNode;
  refs: string[];
}

/**
 * Checks the formula measures of a widget with the formula language's own parser and checker
 * (every `{alias}` is a number): syntax errors and type errors with the measure's path.
 */
export function checkFormulaMeasures(measures: readonly WidgetMeasure[], at: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  measures.forEach((m, k) => {
    if (m.op !== 'formula' || m.formula === undefined) return;
    const path = pointer(at, 'measures', k, 'formula');
    const parsed = parse(m.formula);
    if (!parsed.ast) {
      issues.push({ path, code: 'invalid_formula', message: parsed.errors[0]?.message ?? 'invalid formula' });
      return;
    }
    const types = Object.fromEntries(formulaMeasureRefs(m.formula).map((r) => [r, 'number' as const]));
    const found = check(parsed.ast, types);
    if (found.errors.length) {
      issues.push({ path, code: 'invalid_formula', message: found.errors[0]!.message });
    } else if (found.type !== 'number' && found.type !== 'any' && found.type !== 'null') {
      issues.push({
        path,
        code: 'invalid_formula',
        message: `a formula measure computes a number, not ${found.type}`,
      });
    }
  });
  return issues;
}

/** Parses the formula measures of a (checked) widget, in definition order. */
export function formulaMeasures(measures: readonly WidgetMeasure[]): FormulaMeasure[] {
  const out: FormulaMeasure[] = [];
  for (const m of measures) {
    if (m.op !== 'formula' || m.formula === undefined) continue;
    const { ast } = parse(m.formula);
    if (ast) out.push({ as: m.as, ast, refs: formulaMeasureRefs(m.formula) });
  }
  return out;
}

/**
 * Computes formula measures on each aggregated row, in definition order (a formula may read an
 * earlier one). An input that is null, a non-number result or an evaluation error (division by
 * zero) gives null: a chart shows a gap, not a wrong number. Never uses eval: the formula
 * language's own interpreter runs the AST.
 */
export function applyFormulaMeasures(
  rows: Record<string, unknown>[],
  formulas: readonly FormulaMeasure[],
): void {
  if (formulas.length === 0) return;
  for (const row of rows) {
    for (const f of formulas) {
      const values: Record<string, unknown> = {};
      let missing = false;
      for (const ref of f.refs) {
        const v = row[ref];
        if (typeof v !== 'number') missing = true;
        values[ref] = v;
      }
      if (missing) {
        row[f.as] = null;
        continue;
      }
      const result = evaluate(f.ast, { values });
      row[f.as] =
        !result.error && typeof result.value === 'number' && Number.isFinite(result.value)
          ? result.value
          : null;
    }
  }
}
