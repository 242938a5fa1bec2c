import type { QueryForm, QueryTarget } from '@tangram/query';
import { sourceFields, type AppDefinition, type WidgetSource } from '@tangram/schema';
import type { FormContext } from '../apps/app-cache';
import { quoteIdent } from '../db/sql/ident';
import { queryTarget } from '../records/query-target';
import { activeColumns } from '../storage/record-store';

/** What a widget aggregates over: the query target, the FROM clause and its own conditions. */
export interface ReportSource {
  target: QueryTarget & QueryForm;
  from: string;
  where: string;
}

/**
 * The records a widget reads. A form: its live records. A subform: its rows joined to their live
 * parent records, so a field id names a subform column, else a parent field (a column shadows a
 * parent field of the same id), and system fields are the parent's. Identifiers come from the
 * table state only, quoted by the one helper.
 */
export function reportSource(ctx: FormContext, app: AppDefinition, source: WidgetSource): ReportSource {
  const parent = queryTarget(ctx, 't');
  const from = `${quoteIdent(ctx.table.table)} AS "t"`;
  const where = '"t"."deleted_at" IS NULL';
  if (source.subform === undefined) return { target: parent, from, where };
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
    where,
  };
}
