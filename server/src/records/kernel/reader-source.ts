import type { QueryForm, QueryTarget } from '@tangram/query';
import { sourceFields, type AppDefinition, type WidgetSource } from '@tangram/schema';
import type { FormContext } from '../../apps/app-cache';
import { quoteIdent } from '../../db/sql/ident';
import { activeColumns } from '../../storage/record-store';
import { queryTarget } from '../query-target';

/** What an aggregate reads: the query target and the FROM clause (the reader adds the WHERE). */
export interface AggregateSource {
  target: QueryTarget & QueryForm;
  from: string;
  /** The subform whose rows are read, when not the form's records. */
  subform?: string;
  /** Field ids that name the subform's own columns (empty for a form source). */
  ownFields: ReadonlySet<string>;
}

/**
 * The rows an aggregate reads. A form: its records (alias `t`). A subform: its rows joined to their
 * parent records, so a field id names a subform column, else a parent field (a column shadows a
 * parent field of the same id), and system fields are the parent's; the parent's liveness and
 * scope (on `t`) then decide which rows count. Identifiers come from the table state only.
 */
export function aggregateSource(ctx: FormContext, app: AppDefinition, source: WidgetSource): AggregateSource {
  const parent = queryTarget(ctx, 't');
  const from = `${quoteIdent(ctx.table.table)} AS "t"`;
  if (source.subform === undefined) return { target: parent, from, ownFields: new Set() };
  const sub = ctx.subTables.get(source.subform);
  if (!sub) throw new Error(`no table for subform ${source.form}.${source.subform}`);
  const child = new Map(activeColumns(sub).map((c) => [c.fieldId, `"c".${quoteIdent(c.column)}`]));
  const fields = sourceFields(app, source) ?? [];
  const own = new Set(
    (
      ctx.form.fields.find((f) => f.id === source.subform && f.type === 'subform') as
        { config: { fields: { id: string }[] } } | undefined
    )?.config.fields.map((f) => f.id) ?? [],
  );
  return {
    target: {
      fields,
      column: (fieldId) => (own.has(fieldId) ? child.get(fieldId) : parent.column(fieldId)),
      systemColumn: (name) => parent.systemColumn(name),
    },
    from: `${quoteIdent(sub.table)} AS "c" JOIN ${from} ON "t"."id" = "c"."parent_id"`,
    subform: source.subform,
    ownFields: own,
  };
}
