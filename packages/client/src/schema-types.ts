// Placeholders for definition and query types that @tangram/schema will export. They are kept
// minimal and structural so that switching to the real types is a change of this one file.
// TODO(schema): re-export AppDefinition, FormDefinition, FieldDefinition, Filter, SortKey and
// AggregateQuery from @tangram/schema once packages/schema/src/index.ts provides them.

/** A label in several languages: `{ "zh-CN": "客户", "en": "Customer" }`. */
export type I18nText = Record<string, string>;

export interface FieldDefinition {
  id: string;
  type: string;
  label: I18nText;
  [key: string]: unknown;
}

export interface FormDefinition {
  id: string;
  name: I18nText;
  fields: FieldDefinition[];
  [key: string]: unknown;
}

export interface AppDefinition {
  id?: string;
  name: I18nText;
  icon?: string;
  formatVersion: number;
  version?: number;
  forms: FormDefinition[];
  [key: string]: unknown;
}

/** Filter AST (placeholder: the real discriminated union lives in @tangram/schema). */
export type Filter =
  | { kind: 'and' | 'or'; items: Filter[] }
  | { kind: 'not'; item: Filter }
  | { kind: 'cmp'; field: string; op: string; value?: unknown };

/** A sort key: a field id and a direction. */
export interface SortKey {
  field: string;
  dir?: 'asc' | 'desc';
}

/** Aggregate query body (placeholder). */
export interface AggregateQuery {
  groupBy: unknown[];
  measures: unknown[];
  filter?: Filter;
  sort?: unknown[];
  limit?: number;
}
