/**
 * Field mapping of record actions (pure): turns a definition's `FieldMapping[]` into the `data`
 * of a write, from static values, the trigger record's fields, the current subform row's fields,
 * formulas (packages/formula, never `eval`), subform rows built from the trigger's rows, and the
 * records earlier actions of the same run wrote.
 */
import { evaluate, type FormulaUser, type FormulaValueType } from '@tangram/formula';
import type { FieldMapping, ValueSource } from '@tangram/schema';

export interface MappingScope {
  /** The trigger record's values (data and system columns), or null when the run has none. */
  record: Record<string, unknown> | null;
  /** The current subform row (forEachRow, or a `rows` mapping), else null. */
  row: Record<string, unknown> | null;
  /** The results of this run's earlier actions, by index (for `earlier` sources). */
  earlier: readonly Record<string, unknown>[];
  /** Formula types of the trigger form's fields (and the row's columns by id). */
  fieldTypes: Record<string, FormulaValueType>;
  now: Date;
  timeZone: string;
  user: FormulaUser;
}

/** A mapping that cannot be evaluated; `where` names the field, e.g. `values/qty`. */
export class MappingError extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'MappingError';
  }
}

type SourceOf<K extends ValueSource['kind']> = Extract<ValueSource, { kind: K }>;
type Resolver<K extends ValueSource['kind']> = (
  source: SourceOf<K>,
  scope: MappingScope,
  where: string,
) => unknown;

const RESOLVERS: { [K in ValueSource['kind']]: Resolver<K> } = {
  static: (source) => source.value,
  field(source, scope, where) {
    if (!scope.record) throw new MappingError(where, 'this run has no trigger record to read fields from');
    return scope.record[source.field] ?? null;
  },
  row(source, scope, where) {
    if (!scope.row) throw new MappingError(where, 'a row value is only available with forEachRow or in rows');
    return scope.row[source.field] ?? null;
  },
  formula(source, scope, where) {
    const result = evaluate(source.expression, {
      values: { ...(scope.record ?? {}), ...(scope.row ?? {}) },
      fieldTypes: scope.fieldTypes,
      now: scope.now,
      timeZone: scope.timeZone,
      user: scope.user,
    });
    if (result.error)
      throw new MappingError(where, `formula failed: ${result.error.code} ${result.error.message}`);
    return result.value;
  },
  rows(source, scope, where) {
    if (!scope.record) throw new MappingError(where, 'this run has no trigger record to read rows from');
    const rows = scope.record[source.from];
    if (rows !== null && rows !== undefined && !Array.isArray(rows))
      throw new MappingError(where, `field "${source.from}" of the trigger record is not a subform`);
    return ((rows ?? []) as Record<string, unknown>[]).map((row, i) =>
      mapValues(source.values, { ...scope, row }, `${where}/${i}`),
    );
  },
  earlier(source, scope, where) {
    const result = scope.earlier[source.action];
    if (!result) throw new MappingError(where, `action ${source.action + 1} has not run before this one`);
    const record = firstWritten(result);
    if (!record) throw new MappingError(where, `action ${source.action + 1} wrote no record`);
    if (!source.field || source.field === 'id') return record.id;
    return record.data?.[source.field] ?? null;
  },
};

/** The first record an action result names (create/upsert: created, then updated; update: updated). */
function firstWritten(
  result: Record<string, unknown>,
): { id: string; data?: Record<string, unknown> } | null {
  for (const key of ['created', 'updated']) {
    const list = result[key];
    if (Array.isArray(list) && list.length > 0)
      return list[0] as { id: string; data?: Record<string, unknown> };
  }
  return null;
}

export function resolveValue(source: ValueSource, scope: MappingScope, where: string): unknown {
  return (RESOLVERS[source.kind] as Resolver<ValueSource['kind']>)(source, scope, where);
}

/** The data object of a write: one key per mapped field (a later mapping of a field wins). */
export function mapValues(
  mappings: readonly FieldMapping[],
  scope: MappingScope,
  where = 'values',
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const m of mappings) data[m.field] = resolveValue(m.value, scope, `${where}/${m.field}`);
  return data;
}

/**
 * The rows a `forEachRow` action runs over: the trigger record's subform rows, or one pass with
 * no row when the action has no forEachRow.
 */
export function rowsOf(
  forEachRow: string | undefined,
  record: Record<string, unknown> | null,
): (Record<string, unknown> | null)[] {
  if (!forEachRow) return [null];
  const rows = record?.[forEachRow];
  if (rows === null || rows === undefined) return [];
  if (!Array.isArray(rows))
    throw new MappingError('forEachRow', `field "${forEachRow}" of the trigger record is not a subform`);
  return rows as Record<string, unknown>[];
}
