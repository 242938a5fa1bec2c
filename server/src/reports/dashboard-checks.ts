import { checkAggregate, checkFilter, checkSort } from '@tangram/query';
import { pointer, type AppDefinition, type ValidationIssue } from '@tangram/schema';
import { chartQuery } from './widget-query';

/**
 * Checks the queries of every dashboard widget when an app is saved (after `checkAppSemantics`
 * found its forms and fields): measure types, buckets, filters and sort keys, with the paths of
 * the widget's own properties so the studio can point at the bad slot.
 */
export function checkDashboardQueries(app: AppDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const forms = new Map(app.forms.map((f) => [f.id, f]));
  (app.dashboards ?? []).forEach((dashboard, i) => {
    dashboard.widgets.forEach((widget, j) => {
      if (widget.type === 'text') return;
      const form = forms.get(widget.source.form);
      if (!form) return;
      const at = pointer('', 'dashboards', i, 'widgets', j);
      if (widget.type === 'table') {
        if (widget.filter) issues.push(...checkFilter(widget.filter, form, pointer(at, 'filter')));
        if (widget.sort) issues.push(...checkSort(widget.sort, form, pointer(at, 'sort')));
        return;
      }
      // The compiled query's paths map back: groupBy -> dimensions, the rest keep their names.
      for (const issue of checkAggregate(chartQuery(widget, undefined), form, at)) {
        issues.push({ ...issue, path: issue.path.replace(`${at}/groupBy/`, `${at}/dimensions/`) });
      }
    });
  });
  return issues;
}
