import type { AppDefinition, Dashboard, FieldDefinition, FilterWidget, I18NText } from '@tangram/schema';
import { widgetForm } from '@tangram/schema';

/** The filter widget types the editor offers. */
export type FilterType = FilterWidget['type'];

/** Changes of a dashboard's filter widgets (date range, select, member, department) and their links. */
export type FilterCommand =
  | { kind: 'addFilter'; type: FilterType; form: string; id?: string }
  | { kind: 'removeFilter'; id: string }
  | { kind: 'setFilterType'; id: string; type: FilterType }
  | { kind: 'setFilterSource'; id: string; form: string; field: string }
  | { kind: 'setFilterLabel'; id: string; label: I18NText | undefined }
  | { kind: 'linkFilter'; id: string; widget: string; linked: boolean };

export const FILTER_COMMANDS: ReadonlySet<string> = new Set<FilterCommand['kind']>([
  'addFilter',
  'removeFilter',
  'setFilterType',
  'setFilterSource',
  'setFilterLabel',
  'linkFilter',
]);

export class FilterCommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A field a filter can stand on: a form field, or a system column (created at, created by, …). */
export interface FilterFieldChoice {
  id: string;
  /** The form field, absent for system columns. */
  field?: FieldDefinition;
}

/**
 * Which fields each filter type can filter: completeness is a type error, so a new filter type
 * must say what it stands on. System columns come after the form's own fields.
 */
const FILTER_FIELDS = {
  dateRange: { types: ['date', 'datetime'], system: ['createdAt', 'updatedAt'] },
  select: { types: ['select', 'radio', 'multiselect', 'checkbox'], system: [] },
  member: { types: ['member', 'members'], system: ['createdBy', 'updatedBy', 'ownerId'] },
  department: { types: ['department', 'departments'], system: [] },
} satisfies Record<FilterType, { types: string[]; system: string[] }>;

/** The fields of a form a filter of this type can stand on, in form order, then system columns. */
export function filterFieldChoices(
  form: { fields: FieldDefinition[] } | undefined,
  type: FilterType,
): FilterFieldChoice[] {
  if (!form) return [];
  const spec = FILTER_FIELDS[type];
  return [
    ...form.fields
      .filter((f) => (spec.types as string[]).includes(f.type))
      .map((field) => ({ id: field.id, field })),
    ...spec.system.map((id) => ({ id })),
  ];
}

/** True when `field` exists in `form` (a system column always does). */
function formHas(app: Pick<AppDefinition, 'forms'>, form: string, field: string): boolean {
  if (['createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId', 'id'].includes(field)) return true;
  return app.forms.find((f) => f.id === form)?.fields.some((f) => f.id === field) ?? false;
}

/** The widgets a filter on (form, field) can be linked to: those whose source form has that field. */
export function linkableWidgets(
  dashboard: Dashboard,
  app: Pick<AppDefinition, 'forms'>,
  form: string,
  field: string,
): string[] {
  return dashboard.widgets
    .filter((w) => widgetForm(w) === form && formHas(app, form, field))
    .map((w) => w.id);
}

function nextFilterId(dashboard: Dashboard): string {
  const used = new Set([...dashboard.widgets, ...(dashboard.filters ?? [])].map((w) => w.id.toLowerCase()));
  for (let i = 1; ; i++) if (!used.has(`filter_${i}`)) return `filter_${i}`;
}

/**
 * Applies one filter command; returns a new dashboard. A new filter stands on the first suitable
 * field of its form and is linked to every widget of that form (what a user means nine times out
 * of ten); a new field or form re-links the same way, keeping only links that still hold.
 */
export function applyFilterCommand(
  dashboard: Dashboard,
  command: FilterCommand,
  app: Pick<AppDefinition, 'forms'>,
): Dashboard {
  const filters = dashboard.filters ?? [];
  const update = (id: string, fn: (f: FilterWidget) => FilterWidget): Dashboard => {
    if (!filters.some((f) => f.id === id))
      throw new FilterCommandError('unknown_filter', `no filter "${id}"`);
    return { ...dashboard, filters: filters.map((f) => (f.id === id ? fn(f) : f)) };
  };
  const firstField = (form: string, type: FilterType): string => {
    const choice = filterFieldChoices(
      app.forms.find((f) => f.id === form),
      type,
    )[0];
    if (!choice)
      throw new FilterCommandError('no_field', `form "${form}" has no field a ${type} filter can use`);
    return choice.id;
  };
  switch (command.kind) {
    case 'addFilter': {
      if (filters.length >= 20) throw new FilterCommandError('too_many', 'at most 20 filters');
      const field = firstField(command.form, command.type);
      const filter: FilterWidget = {
        id: command.id ?? nextFilterId(dashboard),
        type: command.type,
        form: command.form,
        field,
        widgets: linkableWidgets(dashboard, app, command.form, field),
      };
      return { ...dashboard, filters: [...filters, filter] };
    }
    case 'removeFilter': {
      const rest = filters.filter((f) => f.id !== command.id);
      if (rest.length === filters.length)
        throw new FilterCommandError('unknown_filter', `no filter "${command.id}"`);
      const { filters: _drop, ...without } = dashboard;
      return rest.length ? { ...dashboard, filters: rest } : without;
    }
    case 'setFilterType':
      return update(command.id, (f) => {
        if (f.type === command.type) return f;
        const field = firstField(f.form, command.type);
        return relink({ ...f, type: command.type, field }, dashboard, app);
      });
    case 'setFilterSource':
      return update(command.id, (f) => {
        const allowed = filterFieldChoices(
          app.forms.find((x) => x.id === command.form),
          f.type,
        );
        if (!allowed.some((c) => c.id === command.field))
          throw new FilterCommandError('bad_field', `a ${f.type} filter cannot use "${command.field}"`);
        return relink({ ...f, form: command.form, field: command.field }, dashboard, app);
      });
    case 'setFilterLabel':
      return update(command.id, (f) => {
        const { label: _drop, ...rest } = f;
        return command.label ? { ...rest, label: command.label } : rest;
      });
    case 'linkFilter':
      return update(command.id, (f) => {
        if (!command.linked) return { ...f, widgets: f.widgets.filter((w) => w !== command.widget) };
        if (f.widgets.includes(command.widget)) return f;
        if (!linkableWidgets(dashboard, app, f.form, f.field).includes(command.widget))
          throw new FilterCommandError(
            'not_linkable',
            `widget "${command.widget}" has no field "${f.field}"`,
          );
        return { ...f, widgets: [...f.widgets, command.widget] };
      });
  }
}

/** After a change of form or field: links that still hold stay; with none left, every linkable widget. */
function relink(filter: FilterWidget, dashboard: Dashboard, app: Pick<AppDefinition, 'forms'>): FilterWidget {
  const linkable = linkableWidgets(dashboard, app, filter.form, filter.field);
  const kept = filter.widgets.filter((w) => linkable.includes(w));
  return { ...filter, widgets: kept.length ? kept : linkable };
}
