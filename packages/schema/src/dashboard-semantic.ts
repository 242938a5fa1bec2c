import type {
  AppDefinition,
  ChartWidget,
  Dashboard,
  FormDefinition,
  Widget,
} from './generated/definitions.js';
import type { ValidationIssue } from './errors.js';
import { pointer } from './errors.js';

/** System columns every form has; widgets may group, measure and filter by them. */
const SYSTEM_FIELDS = new Set(['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId']);

/** How many dimensions each aggregating widget type takes. */
const DIMENSIONS: Record<ChartWidget['type'], [min: number, max: number]> = {
  kpi: [0, 0],
  bar: [1, 2],
  line: [1, 2],
  area: [1, 2],
  pie: [1, 1],
};

/** The result key of a dimension: its `as`, else the field id (with `_<bucket>` when bucketed). */
export function dimensionKey(d: { field: string; bucket?: string; as?: string }): string {
  return d.as ?? (d.bucket ? `${d.field}_${d.bucket}` : d.field);
}

/**
 * Checks the dashboards of an app beyond JSON Schema: unique ids (dashboards, widgets and filter
 * widgets share one namespace per dashboard), forms and fields that exist, dimension counts per
 * chart type, unique result keys, and filter widgets linked to widgets whose form has the field.
 * Measure types (sum of a text field) are checked by the server with the query checker.
 */
export function checkDashboards(app: AppDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const forms = new Map(app.forms.map((f) => [f.id, f]));
  const seen = new Set<string>();
  (app.dashboards ?? []).forEach((dashboard, i) => {
    const at = pointer('', 'dashboards', i);
    if (seen.has(dashboard.id.toLowerCase())) {
      issues.push({
        path: pointer(at, 'id'),
        code: 'duplicate_id',
        message: `dashboard id "${dashboard.id}" is used twice`,
      });
    }
    seen.add(dashboard.id.toLowerCase());
    issues.push(...checkDashboard(dashboard, at, forms));
  });
  return issues;
}

function checkDashboard(
  dashboard: Dashboard,
  at: string,
  forms: Map<string, FormDefinition>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const ids = new Set<string>();
  const claim = (id: string, path: string) => {
    if (ids.has(id.toLowerCase())) {
      issues.push({
        path: pointer(path, 'id'),
        code: 'duplicate_id',
        message: `widget id "${id}" is used twice in dashboard "${dashboard.id}"`,
      });
    }
    ids.add(id.toLowerCase());
  };
  const widgets = new Map<string, Widget>();
  dashboard.widgets.forEach((widget, j) => {
    const path = pointer(at, 'widgets', j);
    claim(widget.id, path);
    widgets.set(widget.id, widget);
    issues.push(...checkWidget(widget, path, forms));
  });
  (dashboard.filters ?? []).forEach((filter, j) => {
    const path = pointer(at, 'filters', j);
    claim(filter.id, path);
    const form = forms.get(filter.form);
    if (!form) {
      issues.push(unknownForm(filter.form, pointer(path, 'form')));
      return;
    }
    if (!hasField(form, filter.field)) issues.push(unknownField(filter.field, form, pointer(path, 'field')));
    filter.widgets.forEach((id, k) => {
      const target = widgets.get(id);
      const linkPath = pointer(path, 'widgets', k);
      if (!target) {
        issues.push({
          path: linkPath,
          code: 'unknown_widget',
          message: `no widget "${id}" in this dashboard`,
        });
      } else if (target.type === 'text') {
        issues.push({
          path: linkPath,
          code: 'not_filterable',
          message: `text widget "${id}" cannot be filtered`,
        });
      } else {
        const targetForm = forms.get(target.source.form);
        if (targetForm && !hasField(targetForm, filter.field)) {
          issues.push({
            path: linkPath,
            code: 'unknown_field',
            message: `widget "${id}" reads form "${targetForm.id}", which has no field "${filter.field}"`,
          });
        }
      }
    });
  });
  return issues;
}

function checkWidget(widget: Widget, at: string, forms: Map<string, FormDefinition>): ValidationIssue[] {
  if (widget.type === 'text') return [];
  const form = forms.get(widget.source.form);
  if (!form) return [unknownForm(widget.source.form, pointer(at, 'source', 'form'))];
  const issues: ValidationIssue[] = [];
  if (widget.type === 'table') {
    widget.columns.forEach((field, k) => {
      if (!hasField(form, field)) issues.push(unknownField(field, form, pointer(at, 'columns', k)));
    });
    return issues;
  }
  const [min, max] = DIMENSIONS[widget.type];
  if (widget.dimensions.length < min || widget.dimensions.length > max) {
    issues.push({
      path: pointer(at, 'dimensions'),
      code: 'dimension_count',
      message:
        min === max
          ? `a ${widget.type} widget takes ${min} dimension${min === 1 ? '' : 's'}`
          : `a ${widget.type} widget takes ${min} to ${max} dimensions`,
    });
  }
  if (widget.measures.length === 0) {
    issues.push({ path: pointer(at, 'measures'), code: 'no_measure', message: 'add at least one measure' });
  }
  const keys = new Set<string>();
  const claimKey = (key: string, path: string) => {
    if (keys.has(key)) {
      issues.push({ path, code: 'duplicate_alias', message: `result column "${key}" appears twice` });
    }
    keys.add(key);
  };
  widget.dimensions.forEach((d, k) => {
    const path = pointer(at, 'dimensions', k);
    if (!hasField(form, d.field)) issues.push(unknownField(d.field, form, pointer(path, 'field')));
    claimKey(dimensionKey(d), path);
  });
  widget.measures.forEach((m, k) => {
    const path = pointer(at, 'measures', k);
    if (m.field !== undefined && !hasField(form, m.field))
      issues.push(unknownField(m.field, form, pointer(path, 'field')));
    claimKey(m.as, pointer(path, 'as'));
  });
  return issues;
}

const hasField = (form: FormDefinition, id: string) =>
  SYSTEM_FIELDS.has(id) || form.fields.some((f) => f.id === id);

const unknownForm = (id: string, path: string): ValidationIssue => ({
  path,
  code: 'unknown_form',
  message: `no form "${id}" in this app`,
});

const unknownField = (id: string, form: FormDefinition, path: string): ValidationIssue => ({
  path,
  code: 'unknown_field',
  message: `form "${form.id}" has no field "${id}"`,
});
