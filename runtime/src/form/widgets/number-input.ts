/**
 * What a number, money or percent box makes of the text typed into it (pure, no React). The text is
 * read with the field registry's own parser (the one imports use), after folding the full-width
 * characters of Chinese input methods. Text that is not a number is never turned into one: "2O"
 * stays "2O" on screen and in the form's values, where validation reports it and blocks submit.
 */
import { fieldRegistry } from '@tangram/fields';
import type { FieldOf } from '@tangram/fields';

export type NumericField = FieldOf<'number'> | FieldOf<'money'> | FieldOf<'percent'>;

export type NumberInput =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  /** The text as typed, kept so the user sees what is wrong. */
  | { kind: 'invalid'; text: string };

/** Longest text a number box accepts: a finite number never needs more. */
export const MAX_NUMBER_TEXT = 40;

/** Full-width digits, signs, separators and spaces (IME input) to their ASCII forms. */
export function foldFullWidth(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19\uFF0B\uFF0D\uFF0E\uFF0C\uFF05]/g, (c) =>
      String.fromCharCode(c.charCodeAt(0) - 0xfee0),
    )
    .replace(/[\u3000\u00A0]/g, ' ')
    .replace(/[。]/g, '.')
    .replace(/[，]/g, ',');
}

/**
 * Reads typed text as the value to store. Percent boxes show and take the percentage (12.5 means
 * 12.5 %), so their number is divided by 100, rounded to the field's stored precision.
 */
export function parseNumberInput(field: NumericField, text: string): NumberInput {
  if (text.length > MAX_NUMBER_TEXT) return { kind: 'invalid', text };
  const folded = foldFullWidth(text).trim().replace(/\s+/g, '');
  if (folded === '') return { kind: 'empty' };
  // Percent boxes take the percentage; a trailing % is allowed and means the same.
  const source = field.type === 'percent' ? folded.replace(/%$/, '') : folded;
  const parsed = fieldRegistry.of(field).parseText(source, field as never);
  if (!parsed.ok || typeof parsed.value !== 'number' || !Number.isFinite(parsed.value))
    return parsed.ok && parsed.value === null ? { kind: 'empty' } : { kind: 'invalid', text };
  if (field.type !== 'percent') return { kind: 'number', value: parsed.value };
  const digits = (field.config?.precision ?? 2) + 2;
  return { kind: 'number', value: Number((parsed.value / 100).toFixed(digits)) };
}

/**
 * The text an editing box shows for a stored value: plain digits (no grouping, so the caret moves
 * over digits only), percentages ×100. Display formatting (currency, grouping) is for read-only
 * views and tables.
 */
export function numberInputText(field: NumericField, value: unknown): string {
  if (typeof value === 'string') return value; // an invalid entry, shown as typed
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  if (field.type !== 'percent') return String(value);
  const digits = field.config?.precision ?? 2;
  return String(Number((value * 100).toFixed(digits)));
}
