import type { FieldDefinition } from '@tangram/schema';

type Row = Record<string, unknown>;

const NUMERIC: ReadonlySet<string> = new Set(['number', 'money', 'percent']);

/** Number columns and number formulas. */
export const isNumericColumn = (f: FieldDefinition): boolean =>
  NUMERIC.has(f.type) || (f.type === 'formula' && f.config.resultType === 'number');

/** Column ids multiplied or divided by another column in a sibling formula (`{qty} * {price}`). */
function factorsOf(columns: readonly FieldDefinition[]): Set<string> {
  const out = new Set<string>();
  for (const col of columns) {
    if (col.type !== 'formula') continue;
    const text = col.config.formula;
    // `{a} * {b}`, `{a}*{b}`, `{a} / {b}`: both sides are factors of a product.
    for (const m of text.matchAll(/\{([^{}]+)\}\s*[*/]\s*\{([^{}]+)\}/g)) {
      out.add(m[1]!);
      out.add(m[2]!);
    }
  }
  return out;
}

/**
 * The columns whose total means something: quantities, amounts and computed line totals. Not
 * percentages (12 % + 30 % is not 42 % of anything), and not a price or rate that a sibling
 * formula multiplies by another column (the sum of unit prices is meaningless; the line totals
 * carry the money). A plain number multiplied in a formula is a quantity and stays summed.
 */
export function summableColumns(columns: readonly FieldDefinition[]): FieldDefinition[] {
  const factors = factorsOf(columns);
  return columns.filter((col) => {
    if (!isNumericColumn(col) || col.type === 'percent') return false;
    return !(col.type === 'money' && factors.has(col.id));
  });
}

/** Sum of a number column, exact to the column's decimals (avoids 0.1 + 0.2 artefacts); text is skipped. */
export function sumColumn(rows: readonly Row[], col: string): number {
  let scaled = 0;
  let digits = 0;
  for (const r of rows) {
    const v = r[col];
    if (typeof v !== 'number') continue;
    digits = Math.max(digits, (String(v).split('.')[1] ?? '').length);
  }
  const factor = 10 ** Math.min(digits, 10);
  for (const r of rows) if (typeof r[col] === 'number') scaled += Math.round((r[col] as number) * factor);
  return scaled / factor;
}
