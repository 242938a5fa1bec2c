import type { ChartWidget } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { applyFormulaMeasures, checkFormulaMeasures, formulaMeasures } from '../src/reports/formula-measures';
import { contentDisposition, exportFileName, looksLikeFormula } from '../src/reports/widget-export';
import { chartQuery, pivotSets } from '../src/reports/widget-query';

const pivot = (p: ChartWidget['pivot'], rows = ['region', 'city']): ChartWidget => ({
  type: 'pivot',
  id: 'p',
  layout: { x: 0, y: 0, w: 6, h: 4 },
  source: { form: 'orders' },
  dimensions: rows.map((field) => ({ field })),
  measures: [{ op: 'count', as: 'n' }],
  pivot: p,
});

describe('pivot grouping sets', () => {
  it('is the plain grid without totals', () => {
    expect(pivotSets(pivot({ columns: [{ field: 'q' }] }))).toEqual([['region', 'city', 'q']]);
  });

  it('adds row subtotals, column subtotals and grand totals as row prefix x column prefix', () => {
    const sets = pivotSets(
      pivot({
        columns: [{ field: 'year' }, { field: 'q' }],
        rowSubtotals: true,
        columnSubtotals: true,
        grandTotals: true,
      }),
    );
    expect(sets).toEqual([
      ['region', 'city', 'year', 'q'],
      ['region', 'city', 'year'],
      ['region', 'city'],
      ['region', 'year', 'q'],
      ['region', 'year'],
      ['region'],
      ['year', 'q'],
      ['year'],
      [],
    ]);
  });

  it('compiles to one aggregate with the sets and a cell limit', () => {
    const q = chartQuery(pivot({ columns: [], grandTotals: true }, ['region']), undefined);
    expect(q.groupingSets).toEqual([['region'], []]);
    expect(q.limit).toBe(10_000);
  });
});

describe('formula measures', () => {
  const measures: ChartWidget['measures'] = [
    { op: 'count', as: 'all' },
    { op: 'count', as: 'won' },
    { op: 'formula', formula: '{won} / {all}', as: 'rate' },
    { op: 'formula', formula: 'ROUND({rate} * 100, 1)', as: 'pct' },
  ];

  it('computes on each row, a later formula reading an earlier one; division by zero and null inputs give null', () => {
    const rows: Record<string, unknown>[] = [
      { all: 3, won: 2 },
      { all: 0, won: 0 },
      { all: null, won: 1 },
    ];
    applyFormulaMeasures(rows, formulaMeasures(measures));
    expect(rows).toEqual([
      { all: 3, won: 2, rate: 2 / 3, pct: 66.7 },
      { all: 0, won: 0, rate: null, pct: null },
      { all: null, won: 1, rate: null, pct: null },
    ]);
  });

  it('reports syntax and type errors with the measure path', () => {
    const found = checkFormulaMeasures(
      [
        { op: 'count', as: 'n' },
        { op: 'formula', formula: '({n} + 1', as: 'a' },
        { op: 'formula', formula: 'CONCAT("x", {n})', as: 'b' },
      ],
      '/w',
    );
    expect(found.map((i) => [i.path, i.code])).toEqual([
      ['/w/measures/1/formula', 'invalid_formula'],
      ['/w/measures/2/formula', 'invalid_formula'],
    ]);
  });
});

describe('export helpers', () => {
  it('flags texts a spreadsheet would evaluate', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(looksLikeFormula(s)).toBe(true);
    for (const s of ['1', 'a=b', ' =x', '']) expect(looksLikeFormula(s)).toBe(false);
  });

  it('names the file after the widget title, with a UTF-8 disposition and an ASCII fallback', () => {
    const widget = { type: 'text', id: 'w1', layout: { x: 0, y: 0, w: 1, h: 1 }, content: {} } as const;
    expect(exportFileName({ ...widget, title: { 'zh-CN': '销售/区域', en: 'Sales' } }, 'zh-CN')).toBe(
      '销售_区域.xlsx',
    );
    expect(exportFileName(widget, 'en')).toBe('w1.xlsx');
    expect(contentDisposition('销售 "Q1".xlsx')).toBe(
      `attachment; filename="__ _Q1_.xlsx"; filename*=UTF-8''%E9%94%80%E5%94%AE%20%22Q1%22.xlsx`,
    );
  });
});
