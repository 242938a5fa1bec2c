/**
 * Conformance: the in-memory executor and the SQL compiler (run in PGlite) give the same answers
 * for every operator of every field kind, dynamic values, nested groups, sorts with keyset paging,
 * quick search and aggregates over one seeded dataset.
 */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { AggregateQuery, Filter, Operator, SortKey } from '@tangram/schema';
import {
  aggregate,
  checkFilter,
  filterRecords,
  lookupField,
  searchRecords,
  sortRecords,
  type QueryRecord,
} from '@tangram/query';
import {
  compileAggregate,
  compileFilter,
  compileKeyset,
  compileOrderBy,
  compilePage,
  compileSearch,
  createParams,
  decodeCursor,
  encodeCursor,
  readAggregateRow,
} from '@tangram/query/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctx, DDL, fields, INSERT, makeRecords, prng, target, toRow } from './dataset.js';

const records = makeRecords();
const byId = new Map(records.map((r) => [r.id as string, r]));
let db: PGlite;

beforeAll(async () => {
  db = new PGlite({ extensions: { pg_trgm } });
  await db.exec('CREATE EXTENSION pg_trgm');
  for (const stmt of DDL) await db.exec(stmt);
  for (const rec of records) await db.query(INSERT, toRow(rec));
}, 60_000);
afterAll(() => db?.close());

const ids = (rs: readonly QueryRecord[]) => rs.map((r) => r.id as string);

async function sqlIds(filter: Filter): Promise<string[]> {
  const params = createParams();
  const where = compileFilter(filter, target, ctx, params);
  const res = await db.query<{ id: string }>(
    `SELECT "t".id FROM rec AS "t" WHERE ${where} ORDER BY "t".id`,
    params.values,
  );
  return res.rows.map((r) => r.id);
}
const memIds = (filter: Filter) => ids(filterRecords(records, filter, target, ctx)).sort();

// ---------------------------------------------------------------------------------------------
// Comparison vectors: every operator each field allows, with values drawn from the data.

const DATE_DYNAMICS = [
  { dynamic: 'today' },
  { dynamic: 'thisWeek' },
  { dynamic: 'lastWeek' },
  { dynamic: 'thisMonth' },
  { dynamic: 'lastMonth' },
  { dynamic: 'thisQuarter' },
  { dynamic: 'lastQuarter' },
  { dynamic: 'thisYear' },
  { dynamic: 'lastYear' },
  { dynamic: 'lastNDays', n: 1 },
  { dynamic: 'lastNDays', n: 30 },
];

function samples(ref: string, op: Operator): unknown[] {
  const r = prng(ref.length * 31 + op.length);
  const values = records
    .map((rec) => rec[ref])
    .filter((v) => v !== null && !(typeof v === 'string' && v.trim() === ''));
  const some = (k: number) => Array.from({ length: k }, () => r.pick(values));
  const info = lookupField(target, ref);
  if (!info.ok) throw new Error(ref);
  if (op === 'isEmpty' || op === 'isNotEmpty') return [undefined];
  switch (info.info.kind) {
    case 'text': {
      const strings = some(4) as string[];
      if (op === 'in' || op === 'notIn') return [strings, [strings[0]!], [...strings, 'nope']];
      if (op === 'contains' || op === 'notContains' || op === 'startsWith') {
        return [
          'al',
          'AL',
          'Alpha',
          '%',
          '_',
          '\\',
          '50%',
          'a_b',
          '张',
          '深圳',
          'ünï',
          'ÜNÏ',
          '😀',
          'u',
          "'",
          '\uFF41',
          ' ',
        ].concat(info.info.identity ? ['u1'] : []);
      }
      const out: unknown[] = [...strings, 'nope'];
      if (info.info.identity === 'user' && (op === 'eq' || op === 'ne')) out.push({ dynamic: 'currentUser' });
      return out;
    }
    case 'numeric': {
      const nums = some(3) as number[];
      if (op === 'in' || op === 'notIn') return [nums, [0.3, 0.1], [-12.5]];
      if (op === 'between')
        return [
          [-10, 10],
          [0.1, 0.3],
          [nums[0]!, nums[0]!],
          [-1e15, 1e15],
        ];
      return [...nums, 0, 0.3, 0.30000000000000004, -12.5, 999999999999.99];
    }
    case 'date': {
      const ds = some(3) as string[];
      if (op === 'between') return [['2024-01-01', '2024-03-07'], [ds[0]!, ds[0]!], ...DATE_DYNAMICS];
      return [...ds, '2024-03-07', '2024-03-06', ...DATE_DYNAMICS];
    }
    case 'timestamptz': {
      const ts = some(3) as string[];
      const local = ts.map((t) => t.slice(0, 10));
      if (op === 'between')
        return [
          ['2024-03-01', '2024-03-07'],
          [ts[0]!, ts[0]!],
          ['2024-03-06T16:00:00.000Z', '2024-03-08'],
          ...DATE_DYNAMICS,
        ];
      return [
        ...ts,
        ...local,
        '2024-03-07',
        '2024-03-06T16:00:00.000Z',
        '2024-03-07T00:00:00+08:00',
        ...DATE_DYNAMICS,
      ];
    }
    case 'time': {
      const times = some(3) as string[];
      if (op === 'between')
        return [
          ['08:00', '17:30:00'],
          [times[0]!, times[0]!],
        ];
      return [...times, '12:00', '00:00:00', '23:59:59'];
    }
    case 'boolean':
      return [true, false];
    case 'text[]':
      return [['a'], ['a', 'b'], ['d', 'c'], 'b', ['a', 'b', 'c', 'd']];
    case 'address':
      if (op === 'eq' || op === 'ne') return ['广东省 深圳市 南山区 科技园 1 号', '浙江省 杭州市', 'nope'];
      return ['广东', '深圳市 南山', 'building', 'SHENZHEN', '100%', '北京市', 'x'];
    default:
      return [];
  }
}

function dynamicExtras(ref: string, op: Operator): unknown[] {
  if (ref === 'f_owner' || ref === 'createdBy' || ref === 'ownerId') {
    return op === 'in' || op === 'notIn' ? [{ dynamic: 'currentUser' }] : [];
  }
  if (ref === 'f_dept') return op === 'in' || op === 'notIn' ? [{ dynamic: 'currentUserDepartments' }] : [];
  return [];
}

const refs = [
  ...fields.map((f) => f.id),
  'id',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'ownerId',
  'workflowStatus',
];
const vectors: Filter[] = [];
for (const ref of refs) {
  const found = lookupField(target, ref);
  if (!found.ok) continue;
  for (const op of found.info.operators) {
    for (const value of [...samples(ref, op), ...dynamicExtras(ref, op)]) {
      const filter = (
        value === undefined ? { kind: 'cmp', field: ref, op } : { kind: 'cmp', field: ref, op, value }
      ) as Filter;
      if (checkFilter(filter, target).length === 0) vectors.push(filter);
    }
  }
}

describe('filters: memory == SQL', { timeout: 60_000 }, () => {
  it('has vectors for every operator of every field', () => {
    const covered = new Set(vectors.map((v) => (v.kind === 'cmp' ? `${v.field}:${v.op}` : '')));
    for (const ref of refs) {
      const found = lookupField(target, ref);
      if (!found.ok) continue;
      for (const op of found.info.operators) expect(covered, `${ref} ${op}`).toContain(`${ref}:${op}`);
    }
    expect(vectors.length).toBeGreaterThan(500);
  });

  it('every comparison selects the same records', async () => {
    let nonTrivial = 0;
    for (const filter of vectors) {
      const mem = memIds(filter);
      expect(await sqlIds(filter), JSON.stringify(filter)).toEqual(mem);
      if (mem.length > 0 && mem.length < records.length) nonTrivial++;
    }
    // The vectors discriminate: most select some records but not all.
    expect(nonTrivial).toBeGreaterThan(vectors.length * 0.6);
  });

  it('nested and/or groups select the same records', async () => {
    const r = prng(7);
    const gen = (depth: number): Filter =>
      depth === 0 || r.next() < 0.3
        ? r.pick(vectors)
        : {
            kind: r.next() < 0.5 ? 'and' : 'or',
            items: Array.from({ length: r.int(0, 3) }, () => gen(depth - 1)),
          };
    for (let i = 0; i < 150; i++) {
      const filter = gen(5);
      expect(await sqlIds(filter), JSON.stringify(filter)).toEqual(memIds(filter));
    }
  });

  it('compiled filters are two-valued, so NOT gives the complement', async () => {
    for (const filter of vectors.filter((_, i) => i % 5 === 0)) {
      const params = createParams();
      const where = compileFilter(filter, target, ctx, params);
      const res = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM rec AS "t" WHERE NOT ${where}`,
        params.values,
      );
      expect(res.rows[0]!.n, JSON.stringify(filter)).toBe(records.length - memIds(filter).length);
    }
  });
});

// ---------------------------------------------------------------------------------------------

const SORTS: SortKey[][] = [
  [],
  ...[
    'f_name',
    'f_qty',
    'f_amount',
    'f_date',
    'f_at',
    'f_time',
    'f_status',
    'f_ok',
    'f_owner',
    'createdAt',
    'updatedAt',
    'ownerId',
    'workflowStatus',
    'id',
  ].flatMap((field) => [[{ field, dir: 'asc' as const }], [{ field, dir: 'desc' as const }]]),
  [
    { field: 'f_status', dir: 'asc' },
    { field: 'f_amount', dir: 'desc' },
  ],
  [
    { field: 'f_ok', dir: 'desc' },
    { field: 'f_date', dir: 'desc' },
    { field: 'f_name', dir: 'asc' },
  ],
  [
    { field: 'f_owner', dir: 'asc' },
    { field: 'updatedAt', dir: 'asc' },
  ],
  [
    { field: 'updatedAt', dir: 'desc' },
    { field: 'id', dir: 'desc' },
  ],
];

describe('sort and keyset pagination: memory == SQL', { timeout: 60_000 }, () => {
  it.each(SORTS.map((s) => [JSON.stringify(s), s] as const))('%s', async (_name, sort) => {
    const expected = ids(sortRecords(records, sort, target));
    const orderBy = compileOrderBy(sort, target);
    const all = await db.query<{ id: string }>(`SELECT "t".id FROM rec AS "t" ORDER BY ${orderBy}`);
    expect(all.rows.map((r) => r.id)).toEqual(expected);

    const walked: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const params = createParams();
      let where = 'TRUE';
      if (cursor) {
        const decoded = decodeCursor(cursor, sort, target);
        if (!decoded.ok) throw new Error(JSON.stringify(decoded.issues));
        where = compileKeyset(sort, decoded.value, target, params);
      }
      const res = await db.query<{ id: string }>(
        `SELECT "t".id FROM rec AS "t" WHERE ${where} ORDER BY ${orderBy} LIMIT 7`,
        params.values,
      );
      walked.push(...res.rows.map((r) => r.id));
      if (res.rows.length < 7) break;
      cursor = encodeCursor(sort, byId.get(res.rows.at(-1)!.id)!, target);
    }
    expect(walked).toEqual(expected);
  });

  it.each(SORTS.map((s) => [JSON.stringify(s), s] as const))(
    'page segments walk %s like memory',
    async (_name, sort) => {
      const expected = ids(sortRecords(records, sort, target));
      const walked: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 100; page++) {
        const decoded = cursor ? decodeCursor(cursor, sort, target) : null;
        if (decoded && !decoded.ok) throw new Error(JSON.stringify(decoded.issues));
        const rows: string[] = [];
        for (const segment of compilePage(sort, decoded ? decoded.value : null, target)) {
          const params = createParams();
          const where = segment.where(params);
          const res = await db.query<{ id: string }>(
            `SELECT "t".id FROM rec AS "t" WHERE ${where} ORDER BY ${segment.orderBy} LIMIT ${7 - rows.length}`,
            params.values,
          );
          rows.push(...res.rows.map((r) => r.id));
          if (rows.length === 7) break;
        }
        walked.push(...rows);
        if (rows.length < 7) break;
        cursor = encodeCursor(sort, byId.get(rows.at(-1)!)!, target);
      }
      expect(walked).toEqual(expected);
    },
  );

  it('single-key keyset is one row comparison', () => {
    const sort: SortKey[] = [{ field: 'createdAt', dir: 'desc' }];
    const decoded = decodeCursor(encodeCursor(sort, records[0]!, target), sort, target);
    if (!decoded.ok) throw new Error('cursor');
    const params = createParams();
    expect(compileKeyset(sort, decoded.value, target, params)).toBe(
      '("t"."created_at", "t"."id" COLLATE "C") < ($1::timestamptz, $2::text)',
    );
  });

  it('refuses cursors that are forged, truncated or for another sort', () => {
    const sort: SortKey[] = [{ field: 'f_amount', dir: 'asc' }];
    const good = encodeCursor(sort, records[0]!, target);
    expect(decodeCursor(good, sort, target).ok).toBe(true);
    const forged = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    for (const bad of [
      good.slice(0, -3),
      'not a cursor!',
      '',
      forged({ sort: ['f_amount:asc'], values: ['1) OR 1=1 --'], id: 'x' }),
      forged({ sort: ['f_amount:asc'], values: [1, 2], id: 'x' }),
      forged({ sort: ['f_amount:asc'], values: [1], id: 5 }),
      encodeCursor([{ field: 'f_amount', dir: 'desc' }], records[0]!, target),
    ]) {
      const res = decodeCursor(bad, sort, target);
      expect(res.ok, bad).toBe(false);
      if (!res.ok) expect(res.issues[0]!.code).toBe('invalidCursor');
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('quick search: memory == SQL', { timeout: 60_000 }, () => {
  it.each([
    'alpha',
    'ALPHA',
    '%',
    '_',
    '\\',
    '50%',
    '张',
    '深圳',
    'shenzhen',
    '😀',
    'ünï',
    "o'b",
    '  beta  ',
    'zzz',
    '',
  ])('q=%j', async (q) => {
    const params = createParams();
    const where = compileSearch(q, target, params);
    const res = await db.query<{ id: string }>(
      `SELECT "t".id FROM rec AS "t" WHERE ${where} ORDER BY "t".id`,
      params.values,
    );
    expect(res.rows.map((r) => r.id)).toEqual(ids(searchRecords(records, q, target)).sort());
  });

  it('search can use the pg_trgm index on lower(col COLLATE "C")', async () => {
    await db.exec('SET enable_seqscan = off');
    const params = createParams();
    const fragment = `lower("t"."c_name" COLLATE "C") LIKE ${params.add('%alpha%')}`;
    const plan = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT id FROM rec AS "t" WHERE ${fragment}`,
      params.values,
    );
    await db.exec('SET enable_seqscan = on');
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('rec_name_trgm');
  });
});

// ---------------------------------------------------------------------------------------------

const MEASURES: AggregateQuery['measures'] = [
  { op: 'count', as: 'n' },
  { op: 'count', field: 'f_amount', as: 'nAmount' },
  { op: 'count', field: 'f_addr', as: 'nAddr' },
  { op: 'distinctCount', field: 'f_owner', as: 'owners' },
  { op: 'distinctCount', field: 'f_at', as: 'instants' },
  { op: 'sum', field: 'f_amount', as: 'total' },
  { op: 'avg', field: 'f_amount', as: 'avgAmount' },
  { op: 'avg', field: 'f_qty', as: 'avgQty' },
  { op: 'min', field: 'f_amount', as: 'minAmount' },
  { op: 'max', field: 'f_qty', as: 'maxQty' },
];

const AGGREGATES: AggregateQuery[] = [
  { measures: MEASURES },
  { measures: MEASURES, filter: { kind: 'cmp', field: 'f_qty', op: 'gt', value: 1000 } },
  { groupBy: [{ field: 'f_status' }], measures: MEASURES },
  { groupBy: [{ field: 'f_owner' }], measures: MEASURES, sort: [{ key: 'total', dir: 'desc' }] },
  {
    groupBy: [{ field: 'f_status' }, { field: 'f_owner' }],
    measures: MEASURES,
    sort: [{ key: 'avgAmount', dir: 'asc' }],
    limit: 5,
  },
  ...(['day', 'week', 'month', 'quarter', 'year'] as const).flatMap((bucket) => [
    { groupBy: [{ field: 'f_date', bucket }], measures: MEASURES } as AggregateQuery,
    {
      groupBy: [{ field: 'f_at', bucket, as: 'period' }, { field: 'f_status' }],
      measures: MEASURES,
      sort: [{ key: 'period', dir: 'desc' }],
    } as AggregateQuery,
    {
      groupBy: [{ field: 'createdAt', bucket }],
      measures: [{ op: 'count', as: 'n' }],
      sort: [{ key: 'n', dir: 'desc' }],
    } as AggregateQuery,
  ]),
  { groupBy: [{ field: 'f_ok' }, { field: 'f_qty' }], measures: [{ op: 'sum', field: 'f_amount', as: 's' }] },
  { groupBy: [{ field: 'f_at' }], measures: [{ op: 'count', as: 'n' }], limit: 20 },
  {
    groupBy: [{ field: 'f_date' }, { field: 'f_time' }, { field: 'f_name' }],
    measures: [{ op: 'count', as: 'n' }],
    sort: [{ key: 'f_name', dir: 'desc' }],
  },
  {
    groupBy: [{ field: 'f_dept' }],
    measures: MEASURES,
    filter: {
      kind: 'or',
      items: [
        { kind: 'cmp', field: 'f_date', op: 'eq', value: { dynamic: 'thisYear' } },
        { kind: 'cmp', field: 'f_tags', op: 'in', value: ['a'] },
      ],
    },
    sort: [{ key: 'n', dir: 'desc' }],
  },
];

describe('aggregates: memory == SQL', { timeout: 60_000 }, () => {
  it.each(AGGREGATES.map((q) => [JSON.stringify(q).slice(0, 120), q] as const))(
    '%s',
    async (_name, query) => {
      const params = createParams();
      const compiled = compileAggregate(query, target, ctx, params, { from: 'rec AS "t"' });
      const res = await db.query<Record<string, unknown>>(compiled.sql, params.values);
      const fromSql = res.rows.map((row) => readAggregateRow(row, compiled.columns));
      const inMemory = aggregate(records, query, target, ctx);
      expect(fromSql).toEqual(inMemory);
      expect(inMemory.length).toBeGreaterThan(0);
    },
  );

  it('sums are exact (0.1 + 0.2 is 0.3)', () => {
    const rows = aggregate(
      [
        { id: 'a', f_amount: 0.1 },
        { id: 'b', f_amount: 0.2 },
      ],
      {
        measures: [
          { op: 'sum', field: 'f_amount', as: 's' },
          { op: 'avg', field: 'f_amount', as: 'a' },
        ],
      },
      target,
      ctx,
    );
    expect(rows).toEqual([{ s: 0.3, a: 0.15 }]);
  });

  it('respects the caller WHERE and refuses bad queries without touching params', () => {
    const params = createParams();
    params.add('keep');
    expect(() =>
      compileAggregate({ measures: [{ op: 'sum', field: 'f_name', as: 's' }] }, target, ctx, params, {
        from: 'rec',
      }),
    ).toThrow(/numeric/);
    expect(params.values).toEqual(['keep']);
  });
});
