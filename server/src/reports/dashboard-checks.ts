import { checkAggregate, checkFilter, checkSort, lookupField } from '@tangram/query';
import {
  pointer,
  sourceFields,
  type AppDefinition,
  type ChartWidget,
  type ValidationIssue,
} from '@tangram/schema';
import { checkFormulaMeasures } from './formula-measures';
import { chartQuery, drillLevels } from './widget-query';

/**
 * Maps a path of the compiled aggregate back to the widget's own property: group keys to
 * dimensions / pivot columns / drill levels, top to the topped dimension, the rest keep names.
 */
function widgetPath(widget: ChartWidget, at: string, level: number, path: string): string {
  const rows = widget.dimensions.length;
  return path
    .replace(new RegExp(`^${at}/groupBy/(\\d+)`), (_m, i: string) => {
      const k = Number(i);
      if (k === 0 && level > 0) return `${at}/drill/levels/${level - 1}`;
      return k < rows ? `${at}/dimensions/${k}` : `${at}/pivot/columns/${k - rows}`;
    })
    .replace(`${at}/groupingSets`, `${at}/pivot`);
}

/**
 * Checks the queries of every dashboard widget when an app is saved (after `checkAppSemantics`
 * found its forms and fields): measure types, measure filters, buckets (at every drill level),
 * filters, sort keys, formula measures (parsed and type-checked with @tangram/formula) and the
 * comparison field, with the paths of the widget's own properties so the studio can point at the
 * bad slot.
 */
export function checkDashboardQueries(app: AppDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  (app.dashboards ?? []).forEach((dashboard, i) => {
    dashboard.widgets.forEach((widget, j) => {
      if (widget.type === 'text') return;
      const fields = sourceFields(app, widget.source);
      if (!fields) return;
      const form = { fields };
      const at = pointer('', 'dashboards', i, 'widgets', j);
      if (widget.type === 'table') {
        if (widget.filter) issues.push(...checkFilter(widget.filter, form, pointer(at, 'filter')));
        if (widget.sort) issues.push(...checkSort(widget.sort, form, pointer(at, 'sort')));
        return;
      }
      issues.push(...checkFormulaMeasures(widget.measures, at));
      const seen = new Set<string>();
      for (let level = 0; level < drillLevels(widget); level++) {
        for (const issue of checkAggregate(chartQuery(widget, undefined, { level, filters: [] }), form, at)) {
          const path = widgetPath(widget, at, level, issue.path);
          // Without its own sort a widget sorts by its first dimension: a bad one is reported there.
          if (!widget.sort && path.startsWith(`${at}/sort`)) continue;
          if (!seen.has(path + issue.message)) issues.push({ ...issue, path });
          seen.add(path + issue.message);
        }
      }
      if (widget.compare) {
        const found = lookupField(form, widget.compare.field);
        if (found.ok && found.info.kind !== 'date' && found.info.kind !== 'timestamptz') {
          issues.push({
            path: pointer(at, 'compare', 'field'),
            code: 'wrong_field_type',
            message: `a comparison runs over a date or date-time field; "${widget.compare.field}" is ${found.info.type}`,
          });
        }
      }
    });
  });
  return issues;
}
