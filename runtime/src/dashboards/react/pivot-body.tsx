import { useMemo } from 'react';
import type { ChartWidget, FormDefinition } from '@tangram/schema';
import { dimensionKey } from '@tangram/schema';
import { pickText } from '../../core/i18n-text';
import { measureLabel, measureText } from '../core/chart-option';
import { dimensionLabel } from '../core/dimension-label';
import { naturalCompare, pivotToTable } from '../core/pivot-table';
import { sourceField, type WidgetResult } from '../core/widget-result';
import { useDashboardTexts } from './texts';

/**
 * A pivot table: row dimensions down the left, column dimensions across, measures in the cells,
 * subtotal and total rows and columns as the server sent them. Headers and the row-header
 * columns stay in place while the body scrolls (sticky), numbers are right-aligned in their
 * measure's format.
 */
export function PivotBody({
  widget,
  form,
  result,
}: {
  widget: ChartWidget;
  form: FormDefinition | undefined;
  result: WidgetResult;
}) {
  const { tx, lang } = useDashboardTexts();
  const table = useMemo(() => {
    const dims = [...widget.dimensions, ...(widget.pivot?.columns ?? [])];
    const measures = widget.measures.filter((m) => !m.hidden);
    const axes = result.pivot ?? {
      rows: widget.dimensions.map(dimensionKey),
      columns: (widget.pivot?.columns ?? []).map(dimensionKey),
      measures: measures.map((m) => m.as),
    };
    const dimOf = (key: string) => {
      const column = result.columns.find((c) => c.key === key && c.role === 'dimension');
      const dim = dims.find((d) => dimensionKey(d) === key);
      return {
        field: column?.role === 'dimension' ? column.field : dim?.field,
        bucket: column?.role === 'dimension' ? column.bucket : dim?.bucket,
        dim,
      };
    };
    return pivotToTable({
      rows: result.rows,
      axes: { ...axes, measures: axes.measures.filter((k) => measures.some((m) => m.as === k)) },
      label: (key, value) => {
        const custom = widget.options?.labels?.[String(value)];
        if (custom !== undefined && value !== null) return custom;
        const { field, bucket } = dimOf(key);
        return dimensionLabel(value, {
          ...(field ? { field: sourceField(form, widget, field) } : {}),
          ...(bucket ? { bucket } : {}),
          labels: result.labels?.[key],
          lang,
          empty: tx.empty,
        });
      },
      dimensionTitle: (key) => {
        const { field, dim } = dimOf(key);
        if (dim?.label) return pickText(dim.label, lang);
        const f = sourceField(form, widget, field);
        return f ? pickText(f.label, lang) : key;
      },
      measureTitle: (key) => {
        const m = widget.measures.find((x) => x.as === key);
        return m ? measureLabel(m, form, lang) : key;
      },
      texts: { subtotal: tx.subtotal, total: tx.total },
      // Choice values in the order the field defines them, other values naturally.
      compare: (key, a, b) => {
        const f = sourceField(form, widget, dimOf(key).field);
        const opts = (f?.config as { options?: { value: unknown }[] } | undefined)?.options;
        if (!opts?.length) return naturalCompare(a, b);
        const rank = (v: unknown) => {
          const i = opts.findIndex((o) => o.value === v);
          return i < 0 ? opts.length : i;
        };
        return rank(a) - rank(b) || naturalCompare(a, b);
      },
    });
  }, [widget, form, result, lang, tx]);

  const rowHeaderCount = Math.max(1, widget.dimensions.length);
  const measureOf = (key: string) => widget.measures.find((m) => m.as === key);
  return (
    <div className="tg-pivot" data-testid="pivot">
      <table>
        <thead>
          {table.header.map((cells, r) => (
            <tr key={r}>
              {cells.map((c, i) => (
                <th
                  key={i}
                  colSpan={c.colSpan}
                  rowSpan={c.rowSpan}
                  className={`tg-pivot-${c.kind}${c.kind === 'corner' ? ` tg-pivot-sticky-${i}` : ''}`}
                >
                  {c.label}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.body.map((row, r) => (
            <tr key={r} className={`tg-pivot-row-${row.kind}`} data-kind={row.kind}>
              {row.headers.map((h, i) => (
                <th
                  key={`h${i}`}
                  scope="row"
                  colSpan={h.colSpan}
                  className={`tg-pivot-rowhead tg-pivot-sticky-${i}`}
                >
                  {h.label}
                </th>
              ))}
              {row.cells.map((v, i) => {
                const col = table.columns[i]!;
                const m = measureOf(col.measure);
                return (
                  <td key={i} className={col.kind !== 'detail' ? 'tg-pivot-subcol' : undefined}>
                    {m ? measureText(widget, m, v, { form, lang }) : v}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <style>{stickyColumns(rowHeaderCount)}</style>
    </div>
  );
}

/**
 * Sticky row-header columns: each sits right of the previous one. Widths are fixed per column
 * (a row header is at most 140 px wide and ellipsised) so the offsets are known in CSS.
 */
function stickyColumns(count: number): string {
  return Array.from(
    { length: count },
    (_, i) => `.tg-pivot .tg-pivot-sticky-${i} { position: sticky; left: ${i * 140}px; z-index: 1; }`,
  ).join('\n');
}
