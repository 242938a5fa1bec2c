import type { SortKey } from '@tangram/schema';
import type { ResolvedSortKey } from '../check.js';
import type { Cursor } from '../cursor.js';
import { effectiveSort } from '../memory/sort.js';
import type { Scalar } from '../ir.js';
import { QueryError, type QueryTarget } from '../types.js';
import { readValue } from '../values.js';
import { columnOf, paramSql, sortSql } from './columns.js';
import { atomically, type SqlParams } from './params.js';

/**
 * The ORDER BY list (without the keyword) for a sort: each key NULLS LAST whatever its direction,
 * text in code point order (`COLLATE "C"`), then the id as tie-breaker in the direction of the
 * last key, so every row has one position and keyset pages neither skip nor repeat rows.
 */
export function compileOrderBy(sort: readonly SortKey[], target: QueryTarget): string {
  return orderList(effectiveSort(sort, target), target);
}

// A column that is never NULL gets no NULLS clause, so a plain (col, id) index serves it in both
// directions (an explicit DESC NULLS LAST would not match the index read backwards).
const orderList = (keys: readonly ResolvedSortKey[], target: QueryTarget): string =>
  keys
    .map(
      (k) =>
        `${sortSql(k.info, columnOf(target, k.info))} ${k.desc ? 'DESC' : 'ASC'}${k.info.notNull ? '' : ' NULLS LAST'}`,
    )
    .join(', ');

/** One index-friendly part of a page: rows matching `where`, in `orderBy` order. */
export interface PageSegment {
  /** The segment's condition; adds its parameters to `params` (each segment is its own statement). */
  where(params: SqlParams): string;
  orderBy: string;
}

/**
 * The SQL for one keyset page as segments to read in order until the page is full. Same order as
 * `compileOrderBy`, but shaped for indexes: a sort on one nullable field (plus the id) becomes two
 * segments, the field's non-empty values and then its empty ones, each served by the field's
 * `(col, id)` b-tree in either direction; the cursor continues inside its segment with a row
 * comparison instead of an `OR col IS NULL` that no index can serve. Other sorts are one segment.
 * `cursor` must come from `decodeCursor` with the same sort, or be null for the first page.
 */
export function compilePage(
  sort: readonly SortKey[],
  cursor: Cursor | null,
  target: QueryTarget,
): PageSegment[] {
  const keys = effectiveSort(sort, target);
  const [first, tie] = keys;
  const twoBlocks = keys.length === 2 && first && tie && tie.info.system === 'id' && !first.info.notNull;
  if (!twoBlocks) {
    return [
      {
        where: (params) => (cursor ? compileKeyset(sort, cursor, target, params) : 'TRUE'),
        orderBy: orderList(keys, target),
      },
    ];
  }
  const col = sortSql(first.info, columnOf(target, first.info));
  const id = sortSql(tie.info, columnOf(target, tie.info));
  const dir = first.desc ? 'DESC' : 'ASC';
  const op = first.desc ? '<' : '>';
  const valued = `${col} ${dir}, ${id} ${dir}`;
  const empty = `${id} ${dir}`;
  const emptyBlock: PageSegment = { where: () => `${col} IS NULL`, orderBy: empty };
  if (!cursor) return [{ where: () => `${col} IS NOT NULL`, orderBy: valued }, emptyBlock];
  if (cursor.values.length !== 1) {
    throw new QueryError([
      { path: '/cursor', code: 'invalidCursor', message: 'the cursor values do not match the sort' },
    ]);
  }
  const value = cursorScalar(first, cursor.values[0]);
  if (value === null) {
    return [
      {
        where: (params) => `${col} IS NULL AND ${id} ${op} ${paramSql(tie.info.kind, cursor.id, params)}`,
        orderBy: empty,
      },
    ];
  }
  const after: PageSegment = {
    where: (params) =>
      `(${col}, ${id}) ${op} (${paramSql(first.info.kind, value, params)}, ${paramSql(tie.info.kind, cursor.id, params)})`,
    orderBy: valued,
  };
  return [after, emptyBlock];
}

interface KeyValue {
  key: ResolvedSortKey;
  expr: string;
  /** The cursor's value, normalized as the column compares it; null for NULL. */
  value: Scalar | null;
}

function cursorScalar(key: ResolvedSortKey, raw: unknown): Scalar | null {
  const v = readValue(key.info.kind, raw);
  if (v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new QueryError([
    { path: '/cursor', code: 'invalidCursor', message: 'the cursor values do not match the sort' },
  ]);
}

/**
 * A WHERE fragment selecting the rows after `cursor` in the order of `compileOrderBy(sort)`.
 * NULLs sort last in both directions and equal each other. When every key sorts the same way and
 * only the first may be NULL (the usual `[field, id]` or `[createdAt, id]`), it is one row
 * comparison such as `("t"."order_date", "t"."id" COLLATE "C") < ($1::date, $2::text)`, which a
 * btree index on `(order_date, id)` serves; otherwise the general lexicographic expansion.
 * The cursor must come from `decodeCursor` with the same sort.
 */
export function compileKeyset(
  sort: readonly SortKey[],
  cursor: Cursor,
  target: QueryTarget,
  params: SqlParams,
): string {
  const keys = effectiveSort(sort, target);
  const nonId = keys.filter((k) => k.info.system !== 'id');
  if (cursor.values.length !== nonId.length) {
    throw new QueryError([
      { path: '/cursor', code: 'invalidCursor', message: 'the cursor values do not match the sort' },
    ]);
  }
  let i = 0;
  const kv: KeyValue[] = keys.map((key) => ({
    key,
    expr: sortSql(key.info, columnOf(target, key.info)),
    value: key.info.system === 'id' ? cursor.id : cursorScalar(key, cursor.values[i++]),
  }));
  return atomically(params, (local) => keysetSql(kv, local));
}

function keysetSql(kv: KeyValue[], params: SqlParams): string {
  const param = (x: KeyValue) => paramSql(x.key.info.kind, x.value as Scalar, params);
  const desc = kv[0]!.key.desc;
  const op = desc ? '<' : '>';
  const uniform =
    kv.every((x) => x.key.desc === desc) && kv.slice(1).every((x) => x.key.info.notNull && x.value !== null);
  if (uniform) {
    const row = (xs: KeyValue[]) =>
      xs.length === 1
        ? `${xs[0]!.expr} ${op} ${param(xs[0]!)}`
        : `(${xs.map((x) => x.expr).join(', ')}) ${op} (${xs.map(param).join(', ')})`;
    const first = kv[0]!;
    if (first.key.info.notNull && first.value !== null) return row(kv);
    if (first.value !== null) return `(${row(kv)} OR ${first.expr} IS NULL)`;
    return kv.length === 1 ? 'FALSE' : `(${first.expr} IS NULL AND ${row(kv.slice(1))})`;
  }
  // General case: OR over i of (keys before i equal AND key i after), NULLs last.
  const branches: string[] = [];
  for (let i = 0; i < kv.length; i++) {
    const x = kv[i]!;
    const after =
      x.value === null
        ? null
        : x.key.info.notNull
          ? `${x.expr} ${x.key.desc ? '<' : '>'} ${param(x)}`
          : `(${x.expr} ${x.key.desc ? '<' : '>'} ${param(x)} OR ${x.expr} IS NULL)`;
    if (after !== null) {
      const equal = kv
        .slice(0, i)
        .map((y) => (y.value === null ? `${y.expr} IS NULL` : `${y.expr} = ${param(y)}`));
      branches.push(equal.length ? `(${[...equal, after].join(' AND ')})` : after);
    }
  }
  return branches.length ? `(${branches.join(' OR ')})` : 'FALSE';
}
