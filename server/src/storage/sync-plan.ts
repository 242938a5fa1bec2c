import type { AppDefinition, FieldDefinition } from '@tangram/schema';
import type { FieldRegistry, StorageKind } from '@tangram/fields';
import { searchableFields } from '@tangram/query';
import { conversionExpression } from './column-types';
import { newChildTableName, newColumnName, newTableName } from './physical-names';
import type { TableState } from './table-state';

/** One change to the physical schema. Steps are planned purely, then applied in one transaction. */
export type SyncStep =
  | { kind: 'createTable'; formId: string; table: string; parentTable: string | null }
  | {
      kind: 'addColumn';
      table: string;
      fieldId: string;
      column: string;
      storage: StorageKind;
      indexed: boolean;
    }
  | { kind: 'reactivateColumn'; table: string; fieldId: string; column: string }
  | {
      kind: 'convertColumn';
      table: string;
      formId: string;
      fieldId: string;
      column: string;
      from: StorageKind;
      to: StorageKind;
      expression: string;
      indexed: boolean;
    }
  | { kind: 'archiveColumn'; table: string; fieldId: string; column: string }
  | { kind: 'setUnique'; table: string; formId: string; fieldId: string; column: string; unique: boolean }
  /** The table's one search index over these columns (none when empty), decision 0052. */
  | { kind: 'searchIndex'; table: string; columns: string[] }
  | { kind: 'scopeIndexes'; table: string; columns: SortColumn[]; scoped: boolean };

/** A column with its plain sort index (`indexed` storage), as the scope indexes need it. */
export interface SortColumn {
  column: string;
  storage: StorageKind;
}

export interface UnsupportedChange {
  formId: string;
  fieldId: string;
  from: StorageKind | null;
  to: StorageKind | null;
}

export interface SyncPlan {
  steps: SyncStep[];
  unsupported: UnsupportedChange[];
}

/**
 * Plans how to bring the physical tables of an app in line with its new definition. Fields are
 * matched by id, so a renamed label changes nothing; removed fields are archived (their column
 * and data stay until purged); type changes convert the column.
 */
export function planSync(
  app: AppDefinition,
  current: ReadonlyMap<string, TableState>,
  registry: FieldRegistry,
): SyncPlan {
  const plan: SyncPlan = { steps: [], unsupported: [] };
  for (const form of app.forms) {
    const scoped = usesOwnerScopes(form);
    const { table, sortColumns } = syncTable(plan, form.id, form.fields, current, null, registry, scoped);
    for (const field of form.fields) {
      if (field.type !== 'subform') continue;
      syncTable(plan, `${form.id}.${field.id}`, field.config.fields, current, table, registry, true);
    }
    // Last, once the columns exist: idempotent, stated on every save, since adding or removing an
    // owner-based group changes what the form needs without touching a column (decision 0033).
    plan.steps.push({ kind: 'scopeIndexes', table, columns: sortColumns, scoped });
  }
  return plan;
}

/**
 * Whether a permission group of the form reaches records by their owner or owner department: only
 * such forms pay for the `(scope column, sort column, id)` indexes (decision 0033).
 */
export function usesOwnerScopes(form: AppDefinition['forms'][number]): boolean {
  return (form.permissionGroups ?? []).some((g) => g.scope.kind === 'own' || g.scope.kind === 'department');
}

function syncTable(
  plan: SyncPlan,
  formId: string,
  fields: readonly FieldDefinition[],
  current: ReadonlyMap<string, TableState>,
  parentTable: string | null,
  registry: FieldRegistry,
  /**
   * Whether sortable columns get their `(col, id)` b-tree when the column is made. A form table
   * gets them only when a read first filters or sorts by the column (storage/index-demand.ts,
   * decision 0052): every index costs every insert. Forms with owner-based groups (whose scope
   * indexes 0033 builds for every sortable column anyway) and subform tables keep them eagerly.
   */
  eagerIndexes: boolean,
): { table: string; sortColumns: SortColumn[] } {
  const existing = current.get(formId);
  const table = existing?.table ?? (parentTable ? newChildTableName(parentTable) : newTableName());
  if (!existing) plan.steps.push({ kind: 'createTable', formId, table, parentTable });
  const columns = existing?.columns ?? new Map();
  const taken = new Set([...columns.values()].map((c) => c.column));
  const wanted = new Set<string>();
  // Fields `q` searches share one trigram index over their joined text (storage/search-text.ts).
  const searchable = new Set(searchableFields({ fields }).map((f) => f.ref));
  const searchColumns: string[] = [];
  const sortColumns: SortColumn[] = [];

  for (const field of fields) {
    const spec = registry.of(field);
    const storage = spec.storage(field as never);
    const sortable = spec.indexed(field as never);
    const indexed = sortable && eagerIndexes;
    const state = columns.get(field.id);
    if (storage === null) {
      if (state && !state.archived) {
        plan.unsupported.push({ formId, fieldId: field.id, from: state.storage, to: null });
      }
      continue;
    }
    wanted.add(field.id);
    let column: string;
    if (!state) {
      column = newColumnName(field.id, taken);
      taken.add(column);
      plan.steps.push({ kind: 'addColumn', table, fieldId: field.id, column, storage, indexed });
    } else {
      column = state.column;
      if (state.archived) {
        plan.steps.push({ kind: 'reactivateColumn', table, fieldId: field.id, column });
      }
      if (state.storage !== storage) {
        const expression = conversionExpression(`"${column}"`, state.storage, storage);
        if (expression === null) {
          plan.unsupported.push({ formId, fieldId: field.id, from: state.storage, to: storage });
          continue;
        }
        plan.steps.push({
          kind: 'convertColumn',
          table,
          formId,
          fieldId: field.id,
          column,
          from: state.storage,
          to: storage,
          expression,
          indexed,
        });
      }
    }
    if (sortable) sortColumns.push({ column, storage });
    // Unique values are a property of records; subform rows are not checked across records.
    const unique = parentTable === null && Boolean(field.unique);
    if (unique !== (state?.unique ?? false)) {
      plan.steps.push({ kind: 'setUnique', table, formId, fieldId: field.id, column, unique });
    }
    if (storage === 'text' && searchable.has(field.id)) searchColumns.push(column);
  }
  for (const state of columns.values()) {
    if (!wanted.has(state.fieldId) && !state.archived) {
      plan.steps.push({ kind: 'archiveColumn', table, fieldId: state.fieldId, column: state.column });
      if (state.unique)
        plan.steps.push({
          kind: 'setUnique',
          table,
          formId,
          fieldId: state.fieldId,
          column: state.column,
          unique: false,
        });
    }
  }
  // Last, after any conversion dropped it: idempotent and stated on every save, since a type
  // change between text-stored types (select -> text) changes searchability without touching a
  // column. Sorted as storage/search-text.ts searchColumns sorts them, so reads match the index.
  plan.steps.push({ kind: 'searchIndex', table, columns: searchColumns.sort() });
  return { table, sortColumns };
}
