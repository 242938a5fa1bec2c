import type { Filter } from '@tangram/schema';
import { planFilter } from '../check.js';
import type { Pred } from '../ir.js';
import type { QueryContext, QueryTarget } from '../types.js';
import {
  arrayParamSql,
  columnOf,
  emptySql,
  escapeLike,
  foldSql,
  notEmptySql,
  paramSql,
  valueSql,
} from './columns.js';
import { atomically, type SqlParams } from './params.js';

function sqlOf(pred: Pred, target: QueryTarget, params: SqlParams): string {
  switch (pred.k) {
    case 'const':
      return pred.value ? 'TRUE' : 'FALSE';
    case 'and':
    case 'or': {
      if (pred.items.length === 0) return pred.k === 'and' ? 'TRUE' : 'FALSE';
      const parts = pred.items.map((p) => sqlOf(p, target, params));
      return parts.length === 1 ? parts[0]! : `(${parts.join(pred.k === 'and' ? ' AND ' : ' OR ')})`;
    }
    case 'empty':
      return emptySql(pred.f, columnOf(target, pred.f));
    case 'notEmpty':
      return notEmptySql(pred.f, columnOf(target, pred.f));
    case 'notOrEmpty':
      return `(${emptySql(pred.f, columnOf(target, pred.f))} OR NOT ${sqlOf(pred.pred, target, params)})`;
    default: {
      // Leaves are false for empty values: the guard keeps them two-valued (never NULL).
      const col = columnOf(target, pred.f);
      return `(${notEmptySql(pred.f, col)} AND ${leafSql(pred, valueSql(pred.f, col), params)})`;
    }
  }
}

function leafSql(pred: Pred, expr: string, params: SqlParams): string {
  switch (pred.k) {
    case 'cmp':
      return `${expr} ${pred.op} ${paramSql(pred.f.kind, pred.value, params)}`;
    case 'in':
      return `${expr} = ANY(${arrayParamSql(pred.f.kind, pred.values, params)})`;
    case 'like': {
      const pattern = pred.mode === 'prefix' ? `${escapeLike(pred.needle)}%` : `%${escapeLike(pred.needle)}%`;
      return `${foldSql(expr)} LIKE ${params.add(pattern)}`;
    }
    case 'arr': {
      const p = arrayParamSql('text[]', pred.values, params);
      if (pred.mode === 'any') return `${expr} && ${p}`;
      if (pred.mode === 'all') return `${expr} @> ${p}`;
      return `(${expr} @> ${p} AND ${expr} <@ ${p})`;
    }
    default:
      throw new Error(`not a leaf: ${pred.k}`);
  }
}

/**
 * Compiles a filter to a SQL boolean expression over the target's columns. Every literal becomes a
 * parameter in `params`; identifiers come only from `target`; operators only from the operator
 * table. The result is two-valued (never NULL), so it may be negated or AND-merged with a
 * permission scope. Throws `QueryError` (with `checkFilter`'s issues) for an invalid filter: nothing
 * is compiled then.
 */
export function compileFilter(
  filter: Filter,
  target: QueryTarget,
  ctx: QueryContext,
  params: SqlParams,
): string {
  const pred = planFilter(filter, target, ctx);
  return atomically(params, (local) => sqlOf(pred, target, local));
}
