/**
 * Conformance for lookup fields (decision 0031): the SQL of `lookupSql` (run in PGlite) and the
 * in-memory `lookupValue` give the same value for every aggregate over single and multiple
 * relations, with and without a lookup filter, including deleted related records; and filters and
 * sorts over lookup fields select and order the same records in SQL and in memory.
 */
import { PGlite } from '@electric-sql/pglite';
import type { FieldDefinition, Filter, SortKey } from '@tangram/schema';
import {
  filterRecords,
  lookupValue,
  sortRecords,
  type LookupTarget,
  type QueryForm,
  type QueryRecord,
  type QueryTarget,
} from '@tangram/query';
import { compileFilter, compileOrderBy, createParams, lookupSql, type SqlParams } from '@tangram/query/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctx, prng } from './dataset.js';

const label = (en: string) => ({ en, 'zh-CN': en });

/** The related form: amounts with awkward decimals, names, dates, a status, some deleted rows. */
const relatedFields = [
  { id: 'amount', type: 'number', label: label('Amount'), config: { precision: 2 } },
  { id: 'name', type: 'text', label: label('Name'), config: {} },
  { id: 'day', type: 'date', label: label('Day'), config: {} },
  {
    id: 'status',
    type: 'select',
    label: label('Status'),
    config: {
      options: [
        { value: 'open', label: label('open') },
        { value: 'paid', label: label('paid') },
      ],
    },
  },
] as unknown as FieldDefinition[];
const relatedForm: QueryForm = { fields: relatedFields };
const fieldOf = (id: string) => relatedFields.find((f) => f.id === id)!;

const OPEN: Filter = { kind: 'cmp', field: 'status', op: 'eq', value: 'open' };

interface LookupCase {
  id: string;
  relation: 'many' | 'one';
  aggregate: LookupTarget['aggregate'];
  field: string;
  filter?: Filter;
}
const CASES: LookupCase[] = [
  { id: 'l_sum', relation: 'many', aggregate: 'sum', field: 'amount' },
  { id: 'l_sum_open', relation: 'many', aggregate: 'sum', field: 'amount', filter: OPEN },
  { id: 'l_count', relation: 'many', aggregate: 'count', field: 'amount' },
  { id: 'l_count_open', relation: 'many', aggregate: 'count', field: 'amount', filter: OPEN },
  { id: 'l_avg', relation: 'many', aggregate: 'avg', field: 'amount' },
  { id: 'l_min', relation: 'many', aggregate: 'min', field: 'amount' },
  { id: 'l_max', relation: 'many', aggregate: 'max', field: 'amount' },
  { id: 'l_min_day', relation: 'many', aggregate: 'min', field: 'day' },
  { id: 'l_max_name', relation: 'many', aggregate: 'max', field: 'name' },
  { id: 'l_concat', relation: 'many', aggregate: 'concat', field: 'name' },
  { id: 'l_concat_amount', relation: 'many', aggregate: 'concat', field: 'amount' },
  { id: 'l_list', relation: 'many', aggregate: 'none', field: 'name' },
  { id: 'l_one_name', relation: 'one', aggregate: 'none', field: 'name' },
  { id: 'l_one_amount', relation: 'one', aggregate: 'none', field: 'amount' },
  { id: 'l_one_sum_open', relation: 'one', aggregate: 'sum', field: 'amount', filter: OPEN },
];

const targetOf = (c: LookupCase): LookupTarget => ({
  aggregate: c.aggregate,
  multiple: c.relation === 'many',
  field: fieldOf(c.field),
});

/** The form holding the lookups: a multiple and a single relation to the related form. */
const ownFields = [
  { id: 'many', type: 'relation', label: label('Many'), config: { form: 'rel', multiple: true } },
  { id: 'one', type: 'relation', label: label('One'), config: { form: 'rel' } },
  ...CASES.map((c) => ({
    id: c.id,
    type: 'lookup',
    label: label(c.id),
    config: {
      relation: c.relation,
      field: c.field,
      aggregate: c.aggregate,
      ...(c.filter ? { filter: c.filter } : {}),
    },
  })),
] as unknown as FieldDefinition[];
const ownForm: QueryForm = {
  fields: ownFields,
  lookups: Object.fromEntries(CASES.map((c) => [c.id, targetOf(c)])),
};

// ---------------------------------------------------------------------------------------------
// Data: amounts such as 0.1, 0.2, 0.7 whose float sums drift; some related rows deleted.

const r = prng(12);
const AMOUNTS = [0.1, 0.2, 0.3, 0.7, 1.1, 2.675, 1e-2, 99.99, -0.1, 1234567.89, 0];
const NAMES = ['Alpha', 'alpha', 'Beta', '简道云', 'Ω', 'b'];
const related = Array.from({ length: 30 }, (_, i) => ({
  id: `r${String(i).padStart(2, '0')}`,
  amount: r.next() < 0.1 ? null : r.pick(AMOUNTS),
  name: r.next() < 0.1 ? null : r.pick(NAMES),
  day: r.next() < 0.1 ? null : `2024-0${r.int(1, 9)}-1${r.int(0, 9)}`,
  status: r.pick(['open', 'paid']),
  deleted: r.next() < 0.15,
}));
const relatedById = new Map(related.map((x) => [x.id, x]));
const own = Array.from({ length: 40 }, (_, i) => {
  const n = r.int(0, 5);
  const many = [...new Set(Array.from({ length: n }, () => r.pick(related).id))];
  return {
    id: `o${String(i).padStart(2, '0')}`,
    many: many.length ? many : null,
    one: r.next() < 0.2 ? null : r.pick(related).id,
  };
});

/** In memory: each own record with its lookup values from `lookupValue`. */
const memRecords: QueryRecord[] = own.map((o) => {
  const values: Record<string, unknown> = { ...o };
  for (const c of CASES) {
    const links = c.relation === 'many' ? (o.many ?? []) : o.one ? [o.one] : [];
    const live = links.map((id) => relatedById.get(id)!).filter((x) => !x.deleted);
    const linked = c.filter ? filterRecords(live, c.filter, relatedForm, ctx) : live;
    values[c.id] = lookupValue(targetOf(c), linked);
  }
  return values;
});

// ---------------------------------------------------------------------------------------------
// SQL: the lookups as subqueries over "rel", as the server builds them.

function relTarget(alias: string): QueryTarget {
  return {
    fields: relatedFields,
    column: (id) => (relatedFields.some((f) => f.id === id) ? `${alias}."${id}"` : undefined),
    systemColumn: (name) => `${alias}."${name === 'id' ? 'id' : name}"`,
  };
}

function ownTarget(params: SqlParams): QueryTarget {
  return {
    ...ownForm,
    column: (id) => {
      if (id === 'many' || id === 'one') return `"t"."${id}"`;
      const i = CASES.findIndex((c) => c.id === id);
      const c = CASES[i];
      if (!c) return undefined;
      const alias = `"lk${i}"`;
      return lookupSql({
        target: targetOf(c),
        table: 'rel',
        alias,
        column: `${alias}."${c.field}"`,
        id: `${alias}.id`,
        link: `"t"."${c.relation}"`,
        where: [
          `${alias}.deleted IS FALSE`,
          ...(c.filter ? [compileFilter(c.filter, relTarget(alias), ctx, params)] : []),
        ],
      });
    },
    systemColumn: (name) => `"t"."${name === 'id' ? 'id' : name}"`,
  };
}

let db: PGlite;
beforeAll(async () => {
  db = new PGlite();
  await db.exec(`CREATE TABLE rel (id text COLLATE "C" PRIMARY KEY, amount numeric, name text COLLATE "C",
    day date, status text COLLATE "C", deleted boolean NOT NULL)`);
  await db.exec(`CREATE TABLE own (id text COLLATE "C" PRIMARY KEY, many text[], one text COLLATE "C")`);
  for (const x of related)
    await db.query(`INSERT INTO rel VALUES ($1, $2, $3, $4, $5, $6)`, [
      x.id,
      x.amount === null ? null : String(x.amount),
      x.name,
      x.day,
      x.status,
      x.deleted,
    ]);
  for (const o of own) await db.query(`INSERT INTO own VALUES ($1, $2, $3)`, [o.id, o.many, o.one]);
}, 60_000);
afterAll(() => db?.close());

/** SQL values come back as text (numeric, date) or JSON: read them as the server does. */
function readSql(c: LookupCase, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  const kindNumeric =
    c.aggregate === 'count' || c.aggregate === 'sum' || c.aggregate === 'avg' || c.field === 'amount';
  if (c.aggregate === 'none' && c.relation === 'many') return v;
  if (c.aggregate === 'concat') return v;
  if (kindNumeric) return Number(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v;
}

describe('lookup values: SQL and memory agree', () => {
  it.each(CASES.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const params = createParams();
    const expr = ownTarget(params).column(c.id)!;
    const { rows } = await db.query<{ id: string; v: unknown }>(
      `SELECT "t".id, ${expr} AS v FROM own AS "t" ORDER BY "t".id`,
      params.values,
    );
    const sql = rows.map((row) => readSql(c, row.v));
    const mem = memRecords.map((m) => m[c.id] ?? null);
    expect(sql).toEqual(mem);
  });

  it('sums exactly where floats drift (0.1 + 0.2 = 0.3)', async () => {
    const target = targetOf(CASES[0]!);
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(lookupValue(target, [{ amount: 0.1 }, { amount: 0.2 }])).toBe(0.3);
    await db.query(`INSERT INTO rel VALUES ('z1', '0.1', NULL, NULL, 'open', FALSE), ('z2', '0.2', NULL, NULL, 'open', FALSE)
      ON CONFLICT DO NOTHING`);
    const sql = lookupSql({
      target,
      table: 'rel',
      alias: '"x"',
      column: '"x".amount',
      id: '"x".id',
      link: '$1::text[]',
      where: [],
    });
    const { rows } = await db.query<{ v: string }>(`SELECT ${sql}::text AS v`, [['z1', 'z2']]);
    expect(rows[0]!.v).toBe('0.3');
  });

  it('has data that exercises every case (not all empty, not all equal)', () => {
    for (const c of CASES) {
      const values = memRecords.map((m) => JSON.stringify(m[c.id] ?? null));
      expect(new Set(values).size, c.id).toBeGreaterThan(2);
    }
  });
});

const FILTERS: Filter[] = [
  { kind: 'cmp', field: 'l_sum', op: 'gt', value: 0.3 },
  { kind: 'cmp', field: 'l_sum', op: 'eq', value: 0.3 },
  { kind: 'cmp', field: 'l_sum_open', op: 'lte', value: 0 },
  { kind: 'cmp', field: 'l_count', op: 'between', value: [1, 2] },
  { kind: 'cmp', field: 'l_avg', op: 'isEmpty' },
  { kind: 'cmp', field: 'l_avg', op: 'gte', value: 1 },
  { kind: 'cmp', field: 'l_min_day', op: 'lt', value: '2024-05-01' },
  { kind: 'cmp', field: 'l_max_name', op: 'eq', value: 'b' },
  { kind: 'cmp', field: 'l_concat', op: 'contains', value: 'alpha' },
  { kind: 'cmp', field: 'l_concat', op: 'isNotEmpty' },
  { kind: 'cmp', field: 'l_list', op: 'isEmpty' },
  { kind: 'cmp', field: 'l_one_name', op: 'startsWith', value: 'Al' },
  { kind: 'cmp', field: 'l_one_amount', op: 'in', value: [0.1, 0.7, 99.99] },
  {
    kind: 'or',
    items: [
      { kind: 'cmp', field: 'l_one_sum_open', op: 'gt', value: 1 },
      { kind: 'cmp', field: 'l_count_open', op: 'gte', value: 2 },
    ],
  },
] as Filter[];

const matched: number[] = [];
describe('filters over lookups: SQL and memory agree', () => {
  it.each(FILTERS.map((f) => [JSON.stringify(f), f] as const))('%s', async (_name, filter) => {
    const params = createParams();
    const where = compileFilter(filter, ownTarget(params), ctx, params);
    const { rows } = await db.query<{ id: string }>(
      `SELECT "t".id FROM own AS "t" WHERE ${where} ORDER BY "t".id`,
      params.values,
    );
    const mem = filterRecords(memRecords, filter, ownForm, ctx)
      .map((x) => x.id as string)
      .sort();
    expect(rows.map((x) => x.id)).toEqual(mem);
    matched.push(mem.length);
  });
});

it('filter vectors select some records, not none or all, in most cases', () => {
  const partial = matched.filter((n) => n > 0 && n < own.length).length;
  expect(partial).toBeGreaterThanOrEqual(FILTERS.length - 3);
});

const SORTS: SortKey[][] = [
  [{ field: 'l_sum', dir: 'asc' }],
  [{ field: 'l_sum', dir: 'desc' }],
  [{ field: 'l_avg', dir: 'asc' }],
  [
    { field: 'l_count', dir: 'desc' },
    { field: 'l_max_name', dir: 'asc' },
  ],
  [{ field: 'l_concat', dir: 'asc' }],
  [{ field: 'l_min_day', dir: 'desc' }],
  [{ field: 'l_one_name', dir: 'asc' }],
];

describe('sorts over lookups: SQL and memory agree', () => {
  it.each(SORTS.map((s) => [JSON.stringify(s), s] as const))('%s', async (_name, sort) => {
    const params = createParams();
    const orderBy = compileOrderBy(sort, ownTarget(params));
    const { rows } = await db.query<{ id: string }>(
      `SELECT "t".id FROM own AS "t" ORDER BY ${orderBy}`,
      params.values,
    );
    expect(rows.map((x) => x.id)).toEqual(sortRecords(memRecords, sort, ownForm).map((x) => x.id));
  });
});
