import type {
  AggregateDefinition,
  AggregateWidgetSource,
  AppDefinition,
  ChartSource,
  ChartWidget,
  Dashboard,
  FieldDefinition,
  Filter,
  FilterWidget,
  Widget,
  WidgetDimension,
  WidgetSource,
} from './generated/definitions.js';
import type { ValidationIssue } from './errors.js';
import { pointer } from './errors.js';
import { isSystemFieldName } from './system-fields.js';

/** System columns every form has; widgets may group, measure and filter by them. */
const DATE_SYSTEM_FIELDS = new Set(['createdAt', 'updatedAt']);
const MEMBER_SYSTEM_FIELDS = new Set(['createdBy', 'updatedBy', 'ownerId']);

/** How many (row) dimensions each aggregating widget type takes. */
const DIMENSIONS: Record<ChartWidget['type'], [min: number, max: number]> = {
  kpi: [0, 0],
  gauge: [0, 0],
  bar: [1, 2],
  line: [1, 2],
  area: [1, 2],
  pie: [1, 1],
  funnel: [0, 1],
  scatter: [1, 2],
  pivot: [0, 3],
};

/** Chart types whose first dimension is a category axis, so they can drill down along it. */
const DRILLABLE = new Set<ChartWidget['type']>(['bar', 'line', 'area', 'pie', 'funnel']);

/** Field types a filter widget of each kind may filter (system fields aside). */
const FILTER_FIELD_TYPES: Record<FilterWidget['type'], ReadonlySet<string> | null> = {
  dateRange: new Set(['date', 'datetime']),
  member: new Set(['member', 'members']),
  department: new Set(['department', 'departments']),
  select: null,
};

/** `{alias}` references in a formula measure (the server parses it fully with @tangram/formula). */
const FORMULA_REF = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** The result key of a dimension: its `as`, else the field id (with `_<bucket>` when bucketed). */
export function dimensionKey(d: { field: string; bucket?: string; as?: string }): string {
  return d.as ?? (d.bucket ? `${d.field}_${d.bucket}` : d.field);
}

/** The measure aliases a formula measure refers to, in order of appearance (duplicates kept once). */
export function formulaMeasureRefs(formula: string): string[] {
  return [...new Set([...formula.matchAll(FORMULA_REF)].map((m) => m[1]!))];
}

/** Whether a widget source reads an aggregate table's balances (decision 0036) rather than records. */
export function isAggregateSource(source: ChartSource | WidgetSource): source is AggregateWidgetSource {
  return 'aggregate' in source;
}

/** The form a data widget reads, or undefined for a text widget or an aggregate-table source. */
export function widgetForm(widget: Widget): string | undefined {
  if (widget.type === 'text' || isAggregateSource(widget.source)) return undefined;
  return widget.source.form;
}

/** The aggregate table a widget reads, or undefined when it reads records (or is a text widget). */
export function widgetAggregate(widget: Widget): string | undefined {
  if (widget.type === 'text' || !isAggregateSource(widget.source)) return undefined;
  return widget.source.aggregate;
}

/**
 * The fields a widget's source offers: a form's fields, or for a subform source the subform's
 * columns first and then the parent form's fields (a column shadows a parent field of the same id).
 * Undefined when the source names no form / subform of the app.
 */
export function sourceFields(
  app: Pick<AppDefinition, 'forms'>,
  source: WidgetSource | ChartSource,
): FieldDefinition[] | undefined {
  if (isAggregateSource(source)) return undefined;
  const form = app.forms.find((f) => f.id === source.form);
  if (!form) return undefined;
  if (source.subform === undefined) return form.fields;
  const sub = form.fields.find((f) => f.id === source.subform);
  if (!sub || sub.type !== 'subform') return undefined;
  const own = new Set(sub.config.fields.map((f) => f.id));
  return [...sub.config.fields, ...form.fields.filter((f) => !own.has(f.id) && f.type !== 'subform')];
}

/**
 * Checks the dashboards of an app beyond JSON Schema: unique ids (dashboards, widgets and filter
 * widgets share one namespace per dashboard), forms, subforms and fields that exist (in measures,
 * measure filters, widget filters, drill levels and comparisons too), dimension and measure counts
 * per chart type, unique result keys, formula measures that name other measures, top-N and sort
 * keys, and filter widgets whose field fits their kind and exists in every linked widget's source.
 * Field types (sum of a text field, a bucket on a number) are checked by the server's query checker.
 */
export function checkDashboards(app: AppDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
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
    issues.push(...checkDashboard(app, dashboard, at));
  });
  return issues;
}

/** A human name for a widget source in messages: `orders` or `orders.lines`. */
const sourceName = (s: WidgetSource) => (s.subform === undefined ? s.form : `${s.form}.${s.subform}`);

function checkDashboard(app: AppDefinition, dashboard: Dashboard, at: string): ValidationIssue[] {
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
    issues.push(...checkWidget(app, widget, path));
  });
  (dashboard.filters ?? []).forEach((filter, j) => {
    const path = pointer(at, 'filters', j);
    claim(filter.id, path);
    issues.push(...checkFilterWidget(app, filter, widgets, path));
  });
  return issues;
}

function checkFilterWidget(
  app: AppDefinition,
  filter: FilterWidget,
  widgets: Map<string, Widget>,
  path: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const form = app.forms.find((f) => f.id === filter.form);
  if (!form) return [unknownForm(filter.form, pointer(path, 'form'))];
  const fieldFits = (fields: readonly FieldDefinition[], id: string, at: string, owner: string): boolean => {
    const field = fields.find((f) => f.id === id);
    if (!field && !isSystemFieldName(id)) {
      issues.push({ path: at, code: 'unknown_field', message: `${owner} has no field "${id}"` });
      return false;
    }
    const allowed = FILTER_FIELD_TYPES[filter.type];
    const ok =
      !allowed ||
      (field
        ? allowed.has(field.type)
        : filter.type === 'dateRange'
          ? DATE_SYSTEM_FIELDS.has(id)
          : filter.type === 'member' && MEMBER_SYSTEM_FIELDS.has(id));
    if (!ok) {
      issues.push({
        path: at,
        code: 'wrong_field_type',
        message: `a ${filter.type} filter needs a ${[...allowed!].join(' or ')} field; "${id}" is ${field?.type ?? 'a system field'}`,
      });
    }
    return ok;
  };
  fieldFits(form.fields, filter.field, pointer(path, 'field'), `form "${form.id}"`);
  const linked = new Set(filter.widgets);
  for (const id of Object.keys(filter.fields ?? {})) {
    if (!linked.has(id)) {
      issues.push({
        path: pointer(path, 'fields', id),
        code: 'unknown_widget',
        message: `"${id}" is not one of this filter's linked widgets`,
      });
    }
  }
  filter.widgets.forEach((id, k) => {
    const target = widgets.get(id);
    const linkPath = pointer(path, 'widgets', k);
    if (!target) {
      issues.push({ path: linkPath, code: 'unknown_widget', message: `no widget "${id}" in this dashboard` });
      return;
    }
    if (target.type === 'text') {
      issues.push({
        path: linkPath,
        code: 'not_filterable',
        message: `text widget "${id}" cannot be filtered`,
      });
      return;
    }
    if (isAggregateSource(target.source)) {
      issues.push({
        path: linkPath,
        code: 'not_filterable',
        message: `widget "${id}" reads aggregate table "${target.source.aggregate}": dashboard filters do not apply to balances`,
      });
      return;
    }
    const fields = sourceFields(app, target.source);
    if (!fields) return; // reported on the widget
    const own = filter.fields?.[id];
    fieldFits(
      fields,
      own ?? filter.field,
      own === undefined ? linkPath : pointer(path, 'fields', id),
      `widget "${id}" (source "${sourceName(target.source)}")`,
    );
  });
  return issues;
}

function checkSource(app: AppDefinition, source: WidgetSource, at: string): ValidationIssue | undefined {
  const form = app.forms.find((f) => f.id === source.form);
  if (!form) return unknownForm(source.form, pointer(at, 'source', 'form'));
  if (source.subform === undefined) return undefined;
  const sub = form.fields.find((f) => f.id === source.subform);
  if (!sub || sub.type !== 'subform') {
    return {
      path: pointer(at, 'source', 'subform'),
      code: 'unknown_subform',
      message: `form "${form.id}" has no subform field "${source.subform}"`,
    };
  }
  return undefined;
}

function checkWidget(app: AppDefinition, widget: Widget, at: string): ValidationIssue[] {
  if (widget.type === 'text') return [];
  if (isAggregateSource(widget.source))
    return checkAggregateWidget(app, widget as ChartWidget, widget.source, at);
  const bad = checkSource(app, widget.source, at);
  if (bad) return [bad];
  const fields = sourceFields(app, widget.source)!;
  const owner = `source "${sourceName(widget.source)}"`;
  const issues: ValidationIssue[] = [];
  const need = (id: string, path: string) => {
    if (!isSystemFieldName(id) && !fields.some((f) => f.id === id))
      issues.push({ path, code: 'unknown_field', message: `${owner} has no field "${id}"` });
  };
  const needInFilter = (filter: Filter | undefined, path: string) => {
    if (filter) for (const [id, p] of filterFields(filter, path)) need(id, p);
  };
  needInFilter(widget.filter, pointer(at, 'filter'));
  if (widget.type === 'table') {
    widget.columns.forEach((field, k) => need(field, pointer(at, 'columns', k)));
    return issues;
  }
  issues.push(...checkShape(widget, at));

  const keys = new Set<string>();
  const claimKey = (key: string, path: string) => {
    if (keys.has(key))
      issues.push({ path, code: 'duplicate_alias', message: `result column "${key}" appears twice` });
    keys.add(key);
  };
  const dimension = (d: WidgetDimension, path: string) => {
    need(d.field, pointer(path, 'field'));
    claimKey(dimensionKey(d), path);
  };
  widget.dimensions.forEach((d, k) => dimension(d, pointer(at, 'dimensions', k)));
  widget.pivot?.columns.forEach((d, k) => dimension(d, pointer(at, 'pivot', 'columns', k)));

  const measures = new Map(widget.measures.map((m) => [m.as, m]));
  widget.measures.forEach((m, k) => {
    const path = pointer(at, 'measures', k);
    claimKey(m.as, pointer(path, 'as'));
    if (m.op === 'formula') {
      issues.push(...checkFormulaMeasure(widget, k, path));
      return;
    }
    if (m.formula !== undefined) {
      issues.push({
        path: pointer(path, 'formula'),
        code: 'not_allowed',
        message: `op "${m.op}" takes no formula`,
      });
    }
    if (m.field !== undefined) need(m.field, pointer(path, 'field'));
    needInFilter(m.filter, pointer(path, 'filter'));
  });

  // Top-N: one dimension at most, ranked by a measure SQL computes.
  const allDims = [
    ...widget.dimensions.map((d, k) => [d, pointer(at, 'dimensions', k)] as const),
    ...(widget.pivot?.columns ?? []).map((d, k) => [d, pointer(at, 'pivot', 'columns', k)] as const),
  ];
  const topped = allDims.filter(([d]) => d.top);
  topped.slice(1).forEach(([, path]) =>
    issues.push({
      path: pointer(path, 'top'),
      code: 'too_many_top',
      message: 'only one dimension may keep a top N',
    }),
  );
  for (const [d, path] of topped.slice(0, 1)) {
    const by = d.top!.by;
    if (by !== undefined) {
      const m = measures.get(by);
      if (!m || m.op === 'formula') {
        issues.push({
          path: pointer(path, 'top', 'by'),
          code: 'unknown_measure',
          message: m
            ? `top N ranks by a computed measure, not formula measure "${by}"`
            : `"${by}" is not a measure of this widget`,
        });
      }
    }
  }

  (widget.sort ?? []).forEach((s, k) => {
    if (!keys.has(s.key)) {
      issues.push({
        path: pointer(at, 'sort', k, 'key'),
        code: 'unknown_alias',
        message: `sort key "${s.key}" is not a dimension or measure of this widget`,
      });
    }
  });

  widget.drill?.levels.forEach((level, k) => need(level.field, pointer(at, 'drill', 'levels', k, 'field')));
  if (widget.compare) need(widget.compare.field, pointer(at, 'compare', 'field'));
  return issues;
}

/** The measure ops an aggregate-table widget offers (count counts balance keys; no field). */
const BALANCE_OPS = new Set(['sum', 'avg', 'min', 'max', 'count', 'formula']);

/**
 * A chart widget over an aggregate table's balances (decision 0036): the aggregate exists, every
 * dimension names one of its keys (no bucket, no top N), every measure sums / averages / bounds
 * one of its measures (or counts keys, or is a formula), and the record-only parts (filters,
 * drill-down, comparison) are absent. Sort keys and chart shape are checked as for records.
 */
function checkAggregateWidget(
  app: AppDefinition,
  widget: ChartWidget,
  source: AggregateWidgetSource,
  at: string,
): ValidationIssue[] {
  const aggregate: AggregateDefinition | undefined = (app.aggregates ?? []).find(
    (a) => a.id === source.aggregate,
  );
  if (!aggregate) {
    return [
      {
        path: pointer(at, 'source', 'aggregate'),
        code: 'unknown_aggregate',
        message: `no aggregate table "${source.aggregate}" in this app`,
      },
    ];
  }
  const issues: ValidationIssue[] = [...checkShape(widget, at)];
  const keyIds = new Set(aggregate.keys.map((k) => k.id));
  const measureIds = new Set(aggregate.measures.map((m) => m.id));
  const notAllowed = (path: string, what: string) =>
    issues.push({ path, code: 'not_allowed', message: `a widget over an aggregate table has no ${what}` });
  for (const key of ['filter', 'drill', 'compare'] as const)
    if (widget[key] !== undefined)
      notAllowed(pointer(at, key), key === 'compare' ? 'period comparison' : key);
  const keys = new Set<string>();
  const claimKey = (key: string, path: string) => {
    if (keys.has(key))
      issues.push({ path, code: 'duplicate_alias', message: `result column "${key}" appears twice` });
    keys.add(key);
  };
  const dimension = (d: WidgetDimension, path: string) => {
    if (!keyIds.has(d.field))
      issues.push({
        path: pointer(path, 'field'),
        code: 'unknown_key',
        message: `aggregate table "${aggregate.id}" has no key "${d.field}" (keys: ${[...keyIds].join(', ')})`,
      });
    if (d.bucket !== undefined) notAllowed(pointer(path, 'bucket'), 'date buckets');
    if (d.top !== undefined) notAllowed(pointer(path, 'top'), 'top N');
    claimKey(dimensionKey(d), path);
  };
  widget.dimensions.forEach((d, k) => dimension(d, pointer(at, 'dimensions', k)));
  widget.pivot?.columns.forEach((d, k) => dimension(d, pointer(at, 'pivot', 'columns', k)));
  widget.measures.forEach((m, k) => {
    const path = pointer(at, 'measures', k);
    claimKey(m.as, pointer(path, 'as'));
    if (!BALANCE_OPS.has(m.op)) {
      issues.push({
        path: pointer(path, 'op'),
        code: 'not_allowed',
        message: `op "${m.op}" is not offered over balances: use sum, avg, min, max, count or formula`,
      });
      return;
    }
    if (m.op === 'formula') {
      issues.push(...checkFormulaMeasure(widget, k, path));
      return;
    }
    if (m.filter !== undefined) notAllowed(pointer(path, 'filter'), 'measure filter');
    if (m.formula !== undefined)
      issues.push({
        path: pointer(path, 'formula'),
        code: 'not_allowed',
        message: `op "${m.op}" takes no formula`,
      });
    if (m.op === 'count') {
      if (m.field !== undefined)
        notAllowed(pointer(path, 'field'), 'field on a count (it counts balance keys)');
      return;
    }
    if (m.field === undefined || !measureIds.has(m.field))
      issues.push({
        path: pointer(path, 'field'),
        code: 'unknown_measure',
        message:
          m.field === undefined
            ? `op "${m.op}" needs a measure of aggregate table "${aggregate.id}"`
            : `aggregate table "${aggregate.id}" has no measure "${m.field}" (measures: ${[...measureIds].join(', ')})`,
      });
  });
  (widget.sort ?? []).forEach((s, k) => {
    if (!keys.has(s.key)) {
      issues.push({
        path: pointer(at, 'sort', k, 'key'),
        code: 'unknown_alias',
        message: `sort key "${s.key}" is not a dimension or measure of this widget`,
      });
    }
  });
  if (source.having)
    issues.push(...checkHaving(widget, aggregate, source.having, pointer(at, 'source', 'having')));
  if (source.keyFilter) {
    const key = aggregate.keys.find((k) => k.id === source.keyFilter!.key);
    if (!key || key.type !== 'record')
      issues.push({
        path: pointer(at, 'source', 'keyFilter', 'key'),
        code: 'unknown_key',
        message: `aggregate table "${aggregate.id}" has no record key "${source.keyFilter.key}"`,
      });
  }
  return issues;
}

/**
 * `having` compares a row's summed measure with a fixed value, or with a field of the record one of
 * the row's keys names: the measure exists, the key is a record key grouped by the widget (one
 * record per row), and the
 * rows are plain groups (no pivot columns or totals to compare). The field is checked when the
 * widget runs: the key's form may be another app's.
 */
function checkHaving(
  widget: ChartWidget,
  aggregate: AggregateDefinition,
  having: NonNullable<AggregateWidgetSource['having']>,
  at: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!aggregate.measures.some((m) => m.id === having.measure))
    issues.push({
      path: pointer(at, 'measure'),
      code: 'unknown_measure',
      message: `aggregate table "${aggregate.id}" has no measure "${having.measure}"`,
    });
  // One bound: a fixed number, or a field of a key's record (both or neither is ambiguous).
  if (having.value !== undefined) {
    if (having.key !== undefined || having.field !== undefined)
      issues.push({
        path: at,
        code: 'having_two_bounds',
        message: 'compare with either a fixed value or a field of a key record, not both',
      });
    if (widget.type === 'pivot' || widget.pivot)
      issues.push({ path: at, code: 'not_allowed', message: 'a pivot over balances takes no having' });
    return issues;
  }
  if (having.key === undefined || having.field === undefined) {
    issues.push({
      path: at,
      code: 'having_no_bound',
      message: 'say what to compare with: a fixed value, or a key and a field of its record',
    });
    return issues;
  }
  const key = aggregate.keys.find((k) => k.id === having.key);
  if (!key || key.type !== 'record')
    issues.push({
      path: pointer(at, 'key'),
      code: 'unknown_key',
      message: `aggregate table "${aggregate.id}" has no record key "${having.key}"`,
    });
  else if (!widget.dimensions.some((d) => d.field === having.key))
    issues.push({
      path: pointer(at, 'key'),
      code: 'key_not_grouped',
      message: `key "${having.key}" must be one of the widget's dimensions to compare with its record`,
    });
  if (widget.type === 'pivot' || widget.pivot)
    issues.push({ path: at, code: 'not_allowed', message: 'a pivot over balances takes no having' });
  return issues;
}

/** A formula measure: it names earlier or plain measures of the widget, and has no field or filter. */
function checkFormulaMeasure(widget: ChartWidget, k: number, path: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const m = widget.measures[k]!;
  const measures = new Map(widget.measures.map((x) => [x.as, x]));
  if (m.formula === undefined) {
    issues.push({
      path: pointer(path, 'formula'),
      code: 'missing_formula',
      message: 'a formula measure needs a formula',
    });
  } else {
    const refs = formulaMeasureRefs(m.formula);
    if (refs.length === 0) {
      issues.push({
        path: pointer(path, 'formula'),
        code: 'invalid_formula',
        message: 'a formula measure refers to other measures as {alias}',
      });
    }
    for (const ref of refs) {
      const target = measures.get(ref);
      const before = widget.measures.findIndex((x) => x.as === ref) < k;
      if (!target || (target.op === 'formula' && !before)) {
        issues.push({
          path: pointer(path, 'formula'),
          code: 'unknown_measure',
          message: target
            ? `formula measure "${m.as}" uses formula measure "${ref}", which must come before it`
            : `formula measure "${m.as}" uses {${ref}}, which is not a measure of this widget`,
        });
      }
    }
  }
  for (const key of ['field', 'filter'] as const) {
    if (m[key] !== undefined) {
      issues.push({
        path: pointer(path, key),
        code: 'not_allowed',
        message: `a formula measure has no ${key}: it computes from other measures`,
      });
    }
  }
  return issues;
}

/** Counts and options that depend on the chart type. */
function checkShape(widget: ChartWidget, at: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const type = widget.type;
  const [min, max] = DIMENSIONS[type];
  const dims = widget.dimensions.length;
  if (dims < min || dims > max) {
    issues.push({
      path: pointer(at, 'dimensions'),
      code: 'dimension_count',
      message:
        min === max
          ? `a ${type} widget takes ${min} dimension${min === 1 ? '' : 's'}`
          : `a ${type} widget takes ${min} to ${max} dimensions`,
    });
  }
  const visible = widget.measures.filter((m) => !m.hidden).length;
  if (widget.measures.length === 0 || visible === 0) {
    issues.push({
      path: pointer(at, 'measures'),
      code: 'no_measure',
      message: 'add at least one (shown) measure',
    });
  }
  const measureCount = (ok: boolean, message: string) => {
    if (!ok && visible > 0) issues.push({ path: pointer(at, 'measures'), code: 'measure_count', message });
  };
  if (type === 'gauge' || type === 'pie') measureCount(visible === 1, `a ${type} widget shows one measure`);
  if (type === 'scatter')
    measureCount(
      visible === 2 || visible === 3,
      'a scatter widget shows 2 measures (x, y) and optionally a size',
    );
  if (type === 'funnel') {
    measureCount(
      dims === 1 ? visible === 1 : visible >= 2,
      'a funnel shows one measure per stage value (one dimension), or 2 or more measures as stages',
    );
  }
  const only = (key: 'pivot' | 'compare' | 'drill', types: readonly ChartWidget['type'][]) => {
    if (widget[key] !== undefined && !types.includes(type)) {
      issues.push({
        path: pointer(at, key),
        code: 'not_allowed',
        message: `${key} is for ${types.join(', ')} widgets, not ${type}`,
      });
    }
  };
  only('pivot', ['pivot']);
  only('compare', ['kpi']);
  only('drill', [...DRILLABLE]);
  if (type === 'pivot') {
    if (!widget.pivot) {
      issues.push({
        path: pointer(at, 'pivot'),
        code: 'missing_pivot',
        message: 'a pivot widget needs pivot.columns',
      });
    } else if (dims + widget.pivot.columns.length === 0) {
      issues.push({
        path: pointer(at, 'dimensions'),
        code: 'dimension_count',
        message: 'a pivot needs at least one row or column dimension',
      });
    }
  }
  if (widget.drill && dims === 0) {
    issues.push({
      path: pointer(at, 'drill'),
      code: 'not_allowed',
      message: 'drill-down needs a first dimension',
    });
  }
  if (type === 'gauge') {
    const g = widget.options?.gauge;
    if (!g) {
      issues.push({
        path: pointer(at, 'options', 'gauge'),
        code: 'missing_gauge',
        message: 'a gauge needs options.gauge { min, max }',
      });
    } else if (!(g.min < g.max)) {
      issues.push({
        path: pointer(at, 'options', 'gauge', 'max'),
        code: 'invalid_range',
        message: 'gauge max must be greater than min',
      });
    }
  }
  return issues;
}

/** Every field a filter compares, with the JSON pointer of its `field`. */
function filterFields(filter: Filter, path: string): [string, string][] {
  if ('items' in filter) {
    return filter.items.flatMap((item, i) => filterFields(item, pointer(path, 'items', i)));
  }
  return [[filter.field, pointer(path, 'field')]];
}

const unknownForm = (id: string, path: string): ValidationIssue => ({
  path,
  code: 'unknown_form',
  message: `no form "${id}" in this app`,
});
