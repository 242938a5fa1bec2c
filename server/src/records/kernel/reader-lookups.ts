/**
 * Lookup fields in the read door (decision 0031): each lookup of a form becomes one correlated
 * subquery over the related form's table, so record answers, filters, sorts and keyset pages all
 * read the same exact value, computed when the record is read (always up to date, nothing cached).
 *
 * What a reader may see: a lookup shows data of another form, so it resolves only when the reader
 * may see the related field there (a member of that app whose grant lists the field). Otherwise the
 * lookup is left out of the reader's visible fields: absent from answers, refused in filters and
 * sorts like any hidden field. The reader's row scope on the related form applies inside the
 * subquery, as on every read (decision 0023): a lookup never shows a value of a record the reader
 * could not open, and a rollup counts only the linked records the reader may see — the same rule
 * that makes counts, totals and charts see only permitted rows.
 */
import { scopeFilter, type Grant } from '@tangram/acl';
import {
  QueryError,
  lookupKind,
  resolveLookup,
  type LookupTarget,
  type QueryContext,
  type QueryForm,
  type QueryKind,
  type QueryTarget,
} from '@tangram/query';
import { compileFilter, createParams, lookupSql, type SqlParams } from '@tangram/query/sql';
import type { FieldDefinition } from '@tangram/schema';
import type { FormContext } from '../../apps/app-cache';
import { quoteIdent } from '../../db/sql/ident';
import { fromSqlValue } from '../../storage/record-codec';
import { queryTarget } from '../query-target';

type RelationField = Extract<FieldDefinition, { type: 'relation' }>;

/** A lookup the reader may see, ready to compile into any statement over the form (alias `t`). */
export interface LookupColumn {
  fieldId: string;
  target: LookupTarget;
  kind: QueryKind;
  /** The select-list alias of its value (unquoted). */
  alias: string;
  /** The relation field of the form the lookup goes through. */
  relationId: string;
  /** The subquery; a filter's literals go into `params` (the statement's own collector). */
  sql(params: SqlParams, qctx: QueryContext, link?: string): string;
}

/**
 * The related form of a relation with the reader's grant on it: `grant` null when the reader may
 * not read that form (not a member of its app, no view), null when the form does not exist.
 */
export type RelatedForm = (
  relation: RelationField,
) => Promise<{ ctx: FormContext; grant: Grant | null } | null>;

/** A form's lookups for one reader. */
export interface ResolvedLookups {
  /** The lookups the reader may see, ready to compile. */
  columns: Map<string, LookupColumn>;
  /**
   * Every lookup that resolves, seen or not: requests naming a hidden one pass the shape check and
   * are then refused as a hidden field (422), like any field the reader may not see.
   */
  targets: Map<string, LookupTarget>;
}

/**
 * The lookups of `ctx.form` the reader may see, by field id. `related` loads each related form
 * with the reader's grant on it (the system grant for system readers).
 */
export async function resolveLookupColumns(ctx: FormContext, related: RelatedForm): Promise<ResolvedLookups> {
  const out = new Map<string, LookupColumn>();
  const targets = new Map<string, LookupTarget>();
  const lookups = ctx.form.fields.filter((f) => f.type === 'lookup');
  if (lookups.length === 0) return { columns: out, targets };
  const outer = queryTarget(ctx);
  const cache = new Map<RelationField, Awaited<ReturnType<RelatedForm>>>();
  for (const [i, lookup] of lookups.entries()) {
    // A balance lookup (decision 0036) has no relation: it is read from the aggregate's balances.
    const fieldId = lookup.config.field;
    if (lookup.config.balance || fieldId === undefined) continue;
    const relation = ctx.form.fields.find((f) => f.id === lookup.config.relation);
    if (relation?.type !== 'relation') continue;
    if (!cache.has(relation)) cache.set(relation, await related(relation).catch(() => null));
    const rel = cache.get(relation);
    if (!rel) continue;
    const link = outer.column(relation.id);
    const column = rel.ctx.table.columns.get(fieldId);
    if (!link || !column || column.archived) continue;
    const resolved = resolveLookup(ctx.form, lookup, () => rel.ctx.form);
    if (!resolved) continue;
    const target: LookupTarget = {
      aggregate: resolved.aggregate,
      multiple: resolved.multiple,
      field: resolved.field,
    };
    targets.set(lookup.id, target);
    if (!rel.grant?.fields.visible.includes(fieldId)) continue;
    const alias = `lk${i}`;
    const relatedTarget = queryTarget(rel.ctx, alias);
    const a = quoteIdent(alias);
    const filter = lookup.config.filter;
    const scope = scopeFilter(rel.grant, 'view');
    out.set(lookup.id, {
      fieldId: lookup.id,
      target,
      kind: lookupKind(target)!,
      alias: `lookup_value_${i}`,
      relationId: relation.id,
      sql: (params, qctx, linkOverride) =>
        lookupSql({
          target,
          table: quoteIdent(rel.ctx.table.table),
          alias: a,
          column: `${a}.${quoteIdent(column.column)}`,
          id: `${a}.id`,
          link: linkOverride ?? link,
          // The filter is the definition's own (its author wrote it), compiled over every field.
          where: [
            `${a}.deleted_at IS NULL`,
            ...(scope === 'all' ? [] : [scopeSql(scope, relatedTarget, qctx, params)]),
            ...(filter ? [compileFilter(filter, relatedTarget, qctx, params)] : []),
          ],
        }),
    });
  }
  return { columns: out, targets };
}

/**
 * The reader's row scope on the related form as SQL over the subquery's alias. One that does not
 * compile (a custom filter a later definition change broke) matches nothing: permissions fail
 * closed. It is tried on its own parameters first, so a refused scope leaves none behind.
 */
function scopeSql(
  scope: Exclude<ReturnType<typeof scopeFilter>, 'all'>,
  target: QueryTarget,
  qctx: QueryContext,
  params: SqlParams,
): string {
  if (scope === 'none') return 'FALSE';
  try {
    compileFilter(scope, target, qctx, createParams());
  } catch (error) {
    if (error instanceof QueryError) return 'FALSE';
    throw error;
  }
  return `(${compileFilter(scope, target, qctx, params)})`;
}

/** The form as the query language sees it with its resolved lookups (hidden ones are refused later). */
export function lookupQueryForm(fields: readonly FieldDefinition[], lookups: ResolvedLookups): QueryForm {
  return { fields, lookups: Object.fromEntries(lookups.targets) };
}

/**
 * The form's query target for one statement: fields and system columns as usual, lookups as their
 * subqueries with any filter literals in `params`. Build one per statement (each has its own params).
 */
export function lookupTarget(
  base: QueryTarget,
  lookups: Map<string, LookupColumn>,
  params: SqlParams,
  qctx: QueryContext,
): QueryTarget {
  return {
    ...base,
    lookups: Object.fromEntries([...lookups].map(([id, l]) => [id, l.target])),
    column: (fieldId) => {
      const lookup = lookups.get(fieldId);
      return lookup ? lookup.sql(params, qctx) : base.column(fieldId);
    },
  };
}

const STORAGE_OF: Readonly<Record<QueryKind, Parameters<typeof fromSqlValue>[0]>> = {
  text: 'text',
  numeric: 'numeric',
  date: 'date',
  timestamptz: 'timestamptz',
  time: 'time',
  boolean: 'boolean',
  'text[]': 'text[]',
  address: 'jsonb',
  jsonb: 'jsonb',
};

/** A lookup's SQL result in API shape (numbers from exact decimal text, instants as ISO UTC). */
export function readLookupValue(lookup: LookupColumn, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  if (lookup.kind !== 'jsonb' || !Array.isArray(raw)) return fromSqlValue(STORAGE_OF[lookup.kind], raw);
  // A list of a multiple relation: jsonb prints instants with an offset; the API speaks ISO UTC.
  const itemKind = lookupKind({ ...lookup.target, aggregate: 'none', multiple: false });
  return itemKind === 'timestamptz' ? raw.map((v) => new Date(v as string).toISOString()) : raw;
}
