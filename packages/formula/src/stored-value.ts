import { Decimal } from './decimal';

/** The result types a formula field can declare. */
export type StoredResultType = 'number' | 'text' | 'boolean' | 'date' | 'datetime';

/**
 * A formula result as a formula field stores it: converted to the field's declared result type,
 * numbers rounded from their exact decimal text (half away from zero) to the field's precision, and
 * null when the result is of another type. The browser's live preview and the server's recompute
 * both call this, so what a user sees while typing is what is saved.
 */
export function storedFormulaValue(
  result: { value: unknown; exact?: string },
  resultType: StoredResultType,
  precision?: number,
): unknown {
  const { value } = result;
  if (value === null || value === undefined) return null;
  switch (resultType) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return null;
      const exact = new Decimal(result.exact ?? String(value));
      return Number((precision === undefined ? exact : exact.toDecimalPlaces(precision)).toString());
    }
    case 'text':
      return typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : String(value);
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? new Date(value).toISOString()
        : null;
  }
}
