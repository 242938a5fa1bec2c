import { describe, expect, it } from 'vitest';
import { pivotToTable, TOTAL } from '../../src/dashboards/core/pivot-table';

const label = (_key: string, value: unknown) => (value === null ? '(empty)' : String(value));
const base = {
  label,
  dimensionTitle: (k: string) => k.toUpperCase(),
  measureTitle: (k: string) => `#${k}`,
  texts: { subtotal: 'subtotal', total: 'Total' },
};

// Sales by region × city (rows) and quarter (columns), as the server answers with subtotals and totals.
const cell = (
  region: string | null,
  city: string | null,
  q: string | null,
  sales: number,
  totals: string[] = [],
) => ({
  region,
  city,
  q,
  sales,
  ...(totals.length ? { $totals: totals } : {}),
});
const rows = [
  cell('east', 'hz', 'Q1', 10),
  cell('east', 'hz', 'Q2', 20),
  cell('east', 'sh', 'Q1', 5),
  cell('west', 'cd', 'Q2', 7),
  // row subtotals (city totalled)
  cell('east', null, 'Q1', 15, ['city']),
  cell('east', null, 'Q2', 20, ['city']),
  cell('west', null, 'Q2', 7, ['city']),
  // column totals (quarter totalled)
  cell('east', 'hz', null, 30, ['q']),
  cell('east', 'sh', null, 5, ['q']),
  cell('west', 'cd', null, 7, ['q']),
  cell('east', null, null, 35, ['city', 'q']),
  cell('west', null, null, 7, ['city', 'q']),
  // grand total row
  cell(null, null, 'Q1', 15, ['region', 'city']),
  cell(null, null, 'Q2', 27, ['region', 'city']),
  cell(null, null, null, 42, ['region', 'city', 'q']),
];

describe('pivotToTable', () => {
  it('lays out rows with subtotals after each group and the total last, columns with a total column', () => {
    const t = pivotToTable({
      ...base,
      rows,
      axes: { rows: ['region', 'city'], columns: ['q'], measures: ['sales'] },
    });
    expect(t.columns.map((c) => [c.path[0] === TOTAL ? 'T' : c.path[0], c.kind])).toEqual([
      ['Q1', 'detail'],
      ['Q2', 'detail'],
      ['T', 'total'],
    ]);
    expect(t.header).toEqual([
      [
        { label: 'REGION', colSpan: 1, rowSpan: 1, kind: 'corner' },
        { label: 'CITY', colSpan: 1, rowSpan: 1, kind: 'corner' },
        { label: 'Q1', colSpan: 1, rowSpan: 1, kind: 'value' },
        { label: 'Q2', colSpan: 1, rowSpan: 1, kind: 'value' },
        { label: 'Total', colSpan: 1, rowSpan: 1, kind: 'total' },
      ],
    ]);
    expect(
      t.body.map((r) => [r.kind, r.headers.map((h) => `${h.label}/${h.colSpan}`).join(' '), r.cells]),
    ).toEqual([
      ['detail', 'east/1 hz/1', [10, 20, 30]],
      ['detail', '/1 sh/1', [5, null, 5]],
      ['subtotal', 'east subtotal/2', [15, 20, 35]],
      ['detail', 'west/1 cd/1', [null, 7, 7]],
      ['subtotal', 'west subtotal/2', [null, 7, 7]],
      ['total', 'Total/2', [15, 27, 42]],
    ]);
  });

  it('omits subtotals and totals the server did not send, and spans multi-level column headers', () => {
    const detail = rows.filter((r) => !('$totals' in r));
    const t = pivotToTable({
      ...base,
      rows: detail.map((r) => ({ ...r, n: 1 })),
      axes: { rows: ['region'], columns: ['city', 'q'], measures: ['sales', 'n'] },
    });
    expect(t.body.map((r) => r.kind)).toEqual(['detail', 'detail']);
    // Column values in natural order; a city spans its quarters × 2 measures; the measure row has one cell per leaf column.
    expect(t.header[0]?.map((c) => [c.label, c.colSpan])).toEqual([
      ['REGION', 1],
      ['cd', 2],
      ['hz', 4],
      ['sh', 2],
    ]);
    expect(t.header[1]?.map((c) => c.label)).toEqual(['Q2', 'Q1', 'Q2', 'Q1']);
    expect(t.header[2]?.map((c) => c.label)).toEqual([
      '#sales',
      '#n',
      '#sales',
      '#n',
      '#sales',
      '#n',
      '#sales',
      '#n',
    ]);
    expect(t.header[0]?.[0]).toMatchObject({ label: 'REGION', rowSpan: 3 });
  });

  it('draws subtotal columns under their group and the total column spanning all levels', () => {
    const r = (city: string | null, q: string | null, sales: number, totals: string[] = []) => ({
      region: 'east',
      city,
      q,
      sales,
      ...(totals.length ? { $totals: totals } : {}),
    });
    const t = pivotToTable({
      ...base,
      rows: [
        r('hz', 'Q1', 1),
        r('hz', 'Q2', 2),
        r('hz', null, 3, ['q']),
        r('sh', 'Q1', 4),
        r('sh', null, 4, ['q']),
        r(null, null, 7, ['city', 'q']),
      ],
      axes: { rows: ['region'], columns: ['city', 'q'], measures: ['sales'] },
    });
    expect(t.header[0]?.map((c) => [c.label, c.colSpan, c.rowSpan])).toEqual([
      ['REGION', 1, 2],
      ['hz', 3, 1],
      ['sh', 2, 1],
      ['Total', 1, 2],
    ]);
    expect(t.header[1]?.map((c) => [c.label, c.kind])).toEqual([
      ['Q1', 'value'],
      ['Q2', 'value'],
      ['hz subtotal', 'subtotal'],
      ['Q1', 'value'],
      ['sh subtotal', 'subtotal'],
    ]);
    expect(t.body[0]?.cells).toEqual([1, 2, 3, 4, 4, 7]);
  });

  it('has one row of measures without row dimensions', () => {
    const t = pivotToTable({
      ...base,
      rows: [
        { q: 'Q1', sales: 3 },
        { q: 'Q2', sales: 4 },
      ],
      axes: { rows: [], columns: ['q'], measures: ['sales'] },
    });
    expect(t.body).toHaveLength(1);
    expect(t.body[0]?.cells).toEqual([3, 4]);
  });
});
