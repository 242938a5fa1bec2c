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
  return effectiveSort(sort, target)
    .map((k) => `${sortSql(k.info, columnOf(target, k.info))} ${k.desc ? 'DESC' : 'ASC'} NULLS LAST`)
    .join(', ');
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
