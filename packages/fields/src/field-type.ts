import type { FieldDefinition, FieldType, Operator } from '@tangram/schema';
import type { FormulaValueType } from './formula-type.js';
import type { ParseCode } from './text-parse.js';
import type { CheckContext } from './phone.js';

/** The field definition of one type, e.g. `FieldOf<'money'>`. */
export type FieldOf<T extends FieldType> = Extract<FieldDefinition, { type: T }>;

/**
 * How a field's value is stored in its form's table (DESIGN §3). `null` means the field has no
 * column of its own: layout fields, lookups (computed on read) and subforms (a child table).
 */
export type StorageKind =
  'text' | 'numeric' | 'date' | 'timestamptz' | 'time' | 'boolean' | 'jsonb' | 'text[]';

/** A JSON Schema fragment (kept loose on purpose: it is data for Ajv and for API docs). */
export type JsonSchema = Record<string, unknown>;

/** A value problem with its own error code (e.g. `too_deeply_nested`); the message follows the label. */
export interface FieldProblem {
  code: string;
  message: string;
  /** The same message in Chinese (it follows the label without a space); English is used without it. */
  zh?: string;
}

/**
 * A text cell read as a value, or why not: `message` in English, `code` (see text-parse.ts) for
 * importers that report in the user's language.
 */
export type ParseResult = { ok: true; value: unknown } | { ok: false; message: string; code?: ParseCode };

/** What a value schema may need from the compiler: the row schema of nested fields (subforms). */
export interface SchemaContext {
  rowSchema(fields: readonly FieldDefinition[]): JsonSchema;
}

/** Where the builder's palette shows a type, as Jiandaoyun groups them. */
export type PaletteGroup = 'basic' | 'advanced' | 'layout';

/** Everything about one field type that is not UI, HTTP or SQL text (DESIGN §1: one registry). */
export interface FieldTypeSpec<T extends FieldType = FieldType> {
  type: T;
  group: PaletteGroup;
  label: { 'zh-CN': string; en: string };
  /** Column kind in the form's table, or null when the value is not stored in a column. */
  storage(field: FieldOf<T>): StorageKind | null;
  /** Whether clients may send a value; false for computed and system-assigned fields. */
  writable: boolean;
  /**
   * Whether the server computes the value (formula, lookup, serial number). Such a value is shown
   * read-only and never accepted from a client: one sent is refused (`read_only`), not dropped.
   * A computed type is never writable.
   */
  computed: boolean;
  /** JSON Schema of a non-empty value as the API accepts and returns it; null when it has no value. */
  valueSchema(field: FieldOf<T>, ctx: SchemaContext): JsonSchema | null;
  /**
   * Checks JSON Schema cannot express (decimal places, ranges from config, patterns): null, a
   * message (code `invalid`), or a problem with its own code. `ctx` carries what the organisation
   * decides (its country, for phone numbers).
   */
  check(value: unknown, field: FieldOf<T>, ctx: CheckContext): string | FieldProblem | null;
  /** Canonical form of a valid value before storage (NFC text, trimmed, rounded); identity by default. */
  normalize(value: unknown, field: FieldOf<T>): unknown;
  /** The value's type inside formulas, or null when formulas cannot read it. */
  formulaType(field: FieldOf<T>): FormulaValueType | null;
  /** Filter operators offered for a field of this type (a subset of the query language's). */
  operators(field: FieldOf<T>): readonly Operator[];
  /** Can records be sorted and grouped by this field? */
  sortable: boolean;
  /** Does the field's column get a b-tree index? Only for sortable values short enough for one. */
  indexed(field: FieldOf<T>): boolean;
  /** Can the field be declared unique (enforced by a unique index)? */
  uniqueAllowed: boolean;
  /** Coerces a text cell (CSV/Excel import) into a value. Empty text means empty. */
  parseText(text: string, field: FieldOf<T>): ParseResult;
  /** Formats a value for tables and exports. */
  format(value: unknown, field: FieldOf<T>, locale: string): string;
  /**
   * Whether a printed value is drawn as the pictures of its files rather than as text, and how
   * tall they may be (decisions 0057, 0061): `photo` (image fields), `signature` (a signature
   * line); null prints the value as text.
   */
  printsAsPicture: 'photo' | 'signature' | null;
  /** Configuration a newly dropped field starts with. */
  defaultConfig(): FieldOf<T> extends { config?: infer C } ? C : never;
}

/** One spec per field type; a missing or extra type is a compile error. */
export type FieldTypeSpecs = { [T in FieldType]: FieldTypeSpec<T> };
