import { describe, expect, it } from 'vitest';
import { checkAggregate, checkFilter, checkSort, QueryError } from '../src/index.js';
import { compileFilter, compileOrderBy, createParams } from '../src/sql/index.js';
import { ctx, target } from './fixtures.js';

const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('checkFilter', () => {
  it('accepts valid filters of every family', () => {
    const ok = [
      { kind: 'cmp', field: 'f_name', op: 'contains', value: 'ab' },
      { kind: 'cmp', field: 'f_amount', op: 'between', value: [1, 2.5] },
      { kind: 'cmp', field: 'f_date', op: 'eq', value: { dynamic: 'thisWeek' } },
      { kind: 'cmp', field: 'f_at', op: 'lte', value: '2024-03-01' },
      { kind: 'cmp', field: 'f_at', op: 'gt', value: '2024-03-01T10:00:00+08:00' },
      { kind: 'cmp', field: 'f_time', op: 'gte', value: '09:30' },
      { kind: 'cmp', field: 'f_tags', op: 'contains', value: ['a', 'b'] },
      { kind: 'cmp', field: 'f_owner', op: 'eq', value: { dynamic: 'currentUser' } },
      { kind: 'cmp', field: 'createdBy', op: 'in', value: { dynamic: 'currentUser' } },
      { kind: 'cmp', field: 'f_dept', op: 'in', value: { dynamic: 'currentUserDepartments' } },
      { kind: 'cmp', field: 'f_files', op: 'isEmpty' },
      { kind: 'and', items: [] },
      {
        kind: 'or',
        items: [{ kind: 'cmp', field: 'createdAt', op: 'gte', value: { dynamic: 'lastNDays', n: 7 } }],
      },
    ];
    for (const f of ok) expect(checkFilter(f, target), JSON.stringify(f)).toEqual([]);
  });

  it('reports unknown fields, operators, value shapes and dynamic misuse with pointers', () => {
    const cases: [unknown, string, string][] = [
      [{ kind: 'cmp', field: 'nope', op: 'eq', value: 1 }, '/field', 'unknownField'],
      [{ kind: 'cmp', field: 'f_sub', op: 'isEmpty' }, '/field', 'notQueryable'],
      [{ kind: 'cmp', field: 'f_amount', op: 'contains', value: '1' }, '/op', 'operatorNotAllowed'],
      [{ kind: 'cmp', field: 'f_amount', op: 'eq', value: '12' }, '/value', 'invalidValue'],
      [{ kind: 'cmp', field: 'f_amount', op: 'between', value: [1] }, '/value', 'invalidValue'],
      [{ kind: 'cmp', field: 'f_amount', op: 'between', value: [5, 1] }, '/value', 'invalidRange'],
      [{ kind: 'cmp', field: 'f_amount', op: 'in', value: 3 }, '/value', 'invalidValue'],
      [{ kind: 'cmp', field: 'f_date', op: 'eq', value: '2023-02-29' }, '/value', 'invalidValue'],
      [{ kind: 'cmp', field: 'f_name', op: 'eq', value: '  ' }, '/value', 'invalidValue'],
      [{ kind: 'cmp', field: 'f_name', op: 'isEmpty', value: 'x' }, '/value', 'invalidValue'],
      [
        { kind: 'cmp', field: 'f_name', op: 'eq', value: { dynamic: 'currentUser' } },
        '/value',
        'dynamicNotAllowed',
      ],
      [
        { kind: 'cmp', field: 'f_amount', op: 'eq', value: { dynamic: 'today' } },
        '/value',
        'dynamicNotAllowed',
      ],
      [{ kind: 'cmp', field: 'f_date', op: 'eq', value: { dynamic: 'lastNDays' } }, '/value', 'invalidValue'],
      [
        { kind: 'cmp', field: 'f_date', op: 'eq', value: { dynamic: 'today', n: 3 } },
        '/value',
        'invalidValue',
      ],
      [{ kind: 'cmp', field: 'f_name', op: 'eq', value: 'x', extra: 1 }, '/extra', 'unknownProperty'],
      [{ kind: 'not', items: [] }, '/kind', 'invalidFilter'],
    ];
    for (const [filter, path, code] of cases) {
      const issues = checkFilter(filter, target);
      expect(
        issues.map((i) => [i.path, i.code]),
        JSON.stringify(filter),
      ).toContainEqual([path, code]);
      expect(issues[0]!.message.length).toBeGreaterThan(5);
    }
  });

  it('limits depth to 8 and size to 200 conditions', () => {
    const nest = (depth: number): unknown =>
      depth === 1
        ? { kind: 'cmp', field: 'f_qty', op: 'eq', value: 1 }
        : { kind: 'and', items: [nest(depth - 1)] };
    expect(checkFilter(nest(8), target)).toEqual([]);
    expect(codes(checkFilter(nest(9), target))).toEqual(['tooDeep']);
    const many = {
      kind: 'or',
      items: Array.from({ length: 201 }, () => ({ kind: 'cmp', field: 'f_qty', op: 'eq', value: 1 })),
    };
    expect(codes(checkFilter(many, target))).toEqual(['tooManyTerms']);
    expect(checkFilter({ ...many, items: many.items.slice(0, 200) }, target)).toEqual([]);
  });

  it('uses the base path for embedded filters', () => {
    expect(
      checkFilter({ kind: 'cmp', field: 'x', op: 'eq', value: 1 }, target, '/views/0/filter')[0]!.path,
    ).toBe('/views/0/filter/field');
  });
});

describe('injection attempts are refused and nothing is compiled', () => {
  const refuse = (filter: unknown) => {
    const params = createParams();
    expect(checkFilter(filter, target).length).toBeGreaterThan(0);
    expect(() => compileFilter(filter as never, target, ctx, params)).toThrow(QueryError);
    expect(params.values).toEqual([]);
  };
  it('field names, operators and nesting', () => {
    refuse({ kind: 'cmp', field: "amount') OR 1=1 --", op: 'eq', value: 1 });
    refuse({ kind: 'cmp', field: 'f_amount', op: '$raw', value: '1); DROP TABLE t; --' });
    refuse({ kind: 'cmp', field: 'f_amount', op: 'eq', value: { $raw: 'pg_sleep(5)' } });
    let deep: unknown = { kind: 'cmp', field: 'f_qty', op: 'eq', value: 1 };
    for (let i = 0; i < 1000; i++) deep = { kind: 'and', items: [deep] };
    refuse(deep);
  });
  it('sort keys', () => {
    const sort = [{ field: '(SELECT pg_sleep(5))', dir: 'asc' }];
    expect(codes(checkSort(sort, target))).toEqual(['unknownField']);
    expect(() => compileOrderBy(sort as never, target)).toThrow(QueryError);
    expect(codes(checkSort([{ field: 'f_name', dir: 'asc; DROP' }], target))).toEqual(['invalidSort']);
  });
  it('values only travel as parameters', () => {
    const params = createParams();
    const evil = "x' OR '1'='1";
    const sql = compileFilter({ kind: 'cmp', field: 'f_name', op: 'eq', value: evil }, target, ctx, params);
    expect(sql).not.toContain(evil);
    expect(params.values).toEqual([evil]);
  });
});

describe('checkSort', () => {
  it('refuses unsortable, duplicate and too many keys', () => {
    expect(codes(checkSort([{ field: 'f_tags', dir: 'asc' }], target))).toEqual(['notSortable']);
    expect(codes(checkSort([{ field: 'f_addr', dir: 'asc' }], target))).toEqual(['notSortable']);
    expect(
      codes(
        checkSort(
          [
            { field: 'f_qty', dir: 'asc' },
            { field: 'f_qty', dir: 'desc' },
          ],
          target,
        ),
      ),
    ).toEqual(['duplicateSortKey']);
    expect(
      codes(
        checkSort(
          Array.from({ length: 9 }, () => ({ field: 'f_qty', dir: 'asc' })),
          target,
        ),
      ),
    ).toEqual(['tooManySortKeys']);
    expect(
      checkSort(
        [
          { field: 'createdAt', dir: 'desc' },
          { field: 'f_name', dir: 'asc' },
        ],
        target,
      ),
    ).toEqual([]);
  });
});

describe('checkAggregate', () => {
  it('accepts a full query', () => {
    expect(
      checkAggregate(
        {
          groupBy: [{ field: 'f_status' }, { field: 'f_date', bucket: 'month', as: 'month' }],
          measures: [
            { op: 'count', as: 'n' },
            { op: 'sum', field: 'f_amount', as: 'total' },
            { op: 'distinctCount', field: 'f_owner', as: 'owners' },
          ],
          filter: { kind: 'cmp', field: 'f_ok', op: 'eq', value: true },
          sort: [{ key: 'total', dir: 'desc' }],
          limit: 10,
        },
        target,
      ),
    ).toEqual([]);
  });
  it('reports bad measures, buckets and aliases', () => {
    const issues = checkAggregate(
      {
        groupBy: [{ field: 'f_name', bucket: 'month' }, { field: 'f_tags' }],
        measures: [
          { op: 'sum', field: 'f_name', as: 's' },
          { op: 'avg', as: 'a' },
          { op: 'count', as: 'x; DROP' },
          { op: 'count', as: 'n' },
          { op: 'max', field: 'f_qty', as: 'n' },
          { op: 'median', field: 'f_qty', as: 'm' },
        ],
        sort: [{ key: 'zzz', dir: 'asc' }],
        limit: 0,
        filter: { kind: 'cmp', field: 'nope', op: 'eq', value: 1 },
      },
      target,
    );
    expect(issues.map((i) => `${i.path} ${i.code}`).sort()).toEqual(
      [
        '/groupBy/0/bucket invalidBucket',
        '/groupBy/1/field notGroupable',
        '/measures/0/field invalidMeasure',
        '/measures/1/field invalidMeasure',
        '/measures/2/as invalidAlias',
        '/measures/4/as duplicateAlias',
        '/measures/5/op invalidMeasure',
        '/sort/0/key unknownAlias',
        '/limit invalidLimit',
        '/filter/field unknownField',
      ].sort(),
    );
  });
});
