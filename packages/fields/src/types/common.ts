import type { FieldType, Operator } from '@tangram/schema';
import type { FieldOf, FieldTypeSpec, ParseResult } from '../field-type.js';
import type { ParseCode } from '../text-parse.js';

/** Parts most specs share; each spec overrides what differs. */
export function spec<T extends FieldType>(
  parts: Pick<FieldTypeSpec<T>, 'type' | 'group' | 'label' | 'storage' | 'valueSchema' | 'formulaType'> &
    Partial<Omit<FieldTypeSpec<T>, 'operators'>> & {
      operators: readonly Operator[] | FieldTypeSpec<T>['operators'];
    },
): FieldTypeSpec<T> {
  const { operators, ...rest } = parts;
  const sortable = parts.sortable ?? false;
  return {
    indexed: () => sortable,
    writable: true,
    computed: false,
    sortable: false,
    uniqueAllowed: false,
    printsAsPicture: null,
    check: () => null,
    normalize: (value) => value,
    parseText: (text) => ({ ok: true, value: emptyToNull(text) }),
    format: (value) => (value === null || value === undefined ? '' : String(value)),
    defaultConfig: (() => ({})) as FieldTypeSpec<T>['defaultConfig'],
    ...rest,
    operators: typeof operators === 'function' ? operators : () => operators,
  };
}

export const emptyToNull = (text: string): string | null => (text.trim() === '' ? null : text);

export const ok = (value: unknown): ParseResult => ({ ok: true, value });
export const bad = (message: string, code?: ParseCode): ParseResult =>
  code ? { ok: false, message, code } : { ok: false, message };

/** Parses a list cell: values separated by commas, semicolons, Chinese commas or new lines. */
export function splitList(text: string): string[] {
  return text
    .split(/[,;，；、\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Text compared and stored in Unicode NFC with zero-width characters removed (look-alikes never pass unique checks). */
export function canonicalText(value: string): string {
  return value.normalize('NFC').replace(/[\u200B-\u200D\u2060\uFEFF]/g, '');
}

export type AnyField<T extends FieldType> = FieldOf<T>;
