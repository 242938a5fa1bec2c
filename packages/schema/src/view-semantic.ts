import type {
  CalendarSettings,
  FormDefinition,
  GallerySettings,
  GanttSettings,
  GridSettings,
  KanbanSettings,
  ViewConfig,
  ViewKind,
} from './generated/definitions.js';
import type { ValidationIssue } from './errors.js';
import { isSystemFieldName } from './system-fields.js';

/** The view kinds (decisions 0039, 0048); a config without `kind` is a grid. */
export const VIEW_KINDS = [
  'grid',
  'kanban',
  'calendar',
  'gallery',
  'gantt',
] as const satisfies readonly ViewKind[];

/**
 * Which fields a view setting may name: field types of the form, and system columns. One table for
 * the server's check on save, its kanban / calendar / gantt / grid-group endpoints and the studio's
 * and player's settings pickers, so all of them offer and refuse alike.
 */
export const FIELD_ROLES = {
  /** A kanban column or a grid group per value: single choices and single members, or the approval state. */
  group: { types: ['select', 'radio', 'member'], system: ['workflowStatus'] },
  /** A kanban column's or a grid group's sum. */
  sum: { types: ['number', 'money'], system: [] },
  /** A calendar's or a gantt bar's start and end. */
  date: { types: ['date', 'datetime'], system: ['createdAt', 'updatedAt'] },
  /** A calendar event's or a gantt bar's colour: a select's option colour. */
  color: { types: ['select', 'radio'], system: [] },
  /** A gallery card's cover. */
  cover: { types: ['image', 'attachment'], system: [] },
  /** A gantt bar's progress: a percent, or a number read as 0..100. */
  progress: { types: ['percent', 'number'], system: [] },
  /** A gantt bar's predecessors: a relation to the same form (checked below). */
  dependency: { types: ['relation'], system: [] },
} as const satisfies Record<string, { types: readonly string[]; system: readonly string[] }>;

export type FieldRole = keyof typeof FIELD_ROLES;

const ROLE_NAMES: Record<FieldRole, string> = {
  group: 'a single select, radio, member field or the workflow status',
  sum: 'a number or money field',
  date: 'a date or date-time field',
  color: 'a single select or radio field',
  cover: 'an image or attachment field',
  progress: 'a percent or number field',
  dependency: 'a relation field to this same form',
};

/** Whether `field` of `form` can play `role` (the pickers' filter; system columns aside). */
export function fieldFitsRole(form: FormDefinition, fieldId: string, role: FieldRole): boolean {
  const field = (form.fields ?? []).find((f) => f.id === fieldId);
  if (!field || !(FIELD_ROLES[role].types as readonly string[]).includes(field.type)) return false;
  if (role === 'dependency') return field.type === 'relation' && field.config.form === form.id;
  return true;
}

/** A problem with field `ref` used as `role`, or null when it fits. */
export function fieldRoleIssue(
  form: FormDefinition,
  ref: string,
  role: FieldRole,
  path: string,
): ValidationIssue | null {
  const rule = FIELD_ROLES[role];
  if ((rule.system as readonly string[]).includes(ref)) {
    // The approval state exists only on forms with a workflow.
    if (ref === 'workflowStatus' && !form.workflowId)
      return { path, code: 'wrongFieldType', message: 'this form has no workflow, so no workflow status' };
    return null;
  }
  const field = (form.fields ?? []).find((f) => f.id === ref);
  if (!field) return { path, code: 'unknownField', message: `unknown field "${ref.slice(0, 80)}"` };
  if (!fieldFitsRole(form, ref, role))
    return {
      path,
      code: 'wrongFieldType',
      message:
        role === 'dependency' && field.type === 'relation'
          ? `"${ref}" links to another form; predecessors need a relation to this same form`
          : `"${ref}" is a ${field.type} field; this setting needs ${ROLE_NAMES[role]}`,
    };
  return null;
}

/** A field a card or bar may show: any field of the form, or a system column. */
function displayIssue(form: FormDefinition, ref: string, path: string): ValidationIssue | null {
  if (isSystemFieldName(ref) || (form.fields ?? []).some((f) => f.id === ref)) return null;
  return { path, code: 'unknownField', message: `unknown field "${ref.slice(0, 80)}"` };
}

type Checker<S> = (form: FormDefinition, settings: S, path: string) => ValidationIssue[];

const issuesOf = (...items: (ValidationIssue | null)[]): ValidationIssue[] =>
  items.filter((i): i is ValidationIssue => i !== null);

const listIssues = (form: FormDefinition, refs: readonly string[] | undefined, path: string) =>
  (refs ?? []).map((ref, i) => displayIssue(form, ref, `${path}/${i}`));

const optionalRole = (form: FormDefinition, ref: string | undefined, role: FieldRole, path: string) =>
  ref !== undefined ? fieldRoleIssue(form, ref, role, path) : null;

const sameField = (end: string | undefined, start: string, path: string, startName: string) =>
  end !== undefined && end === start
    ? { path, code: 'sameField', message: `the end field must differ from the ${startName} field` }
    : null;

const checkKanban: Checker<KanbanSettings> = (form, s, path) =>
  issuesOf(
    fieldRoleIssue(form, s.groupField, 'group', `${path}/groupField`),
    optionalRole(form, s.sumField, 'sum', `${path}/sumField`),
    ...listIssues(form, s.cardFields, `${path}/cardFields`),
  );

const checkCalendar: Checker<CalendarSettings> = (form, s, path) =>
  issuesOf(
    fieldRoleIssue(form, s.dateField, 'date', `${path}/dateField`),
    optionalRole(form, s.endField, 'date', `${path}/endField`),
    sameField(s.endField, s.dateField, `${path}/endField`, 'date'),
    s.titleField !== undefined ? displayIssue(form, s.titleField, `${path}/titleField`) : null,
    optionalRole(form, s.colorField, 'color', `${path}/colorField`),
  );

const checkGallery: Checker<GallerySettings> = (form, s, path) =>
  issuesOf(
    optionalRole(form, s.coverField, 'cover', `${path}/coverField`),
    ...listIssues(form, s.cardFields, `${path}/cardFields`),
  );

const checkGantt: Checker<GanttSettings> = (form, s, path) =>
  issuesOf(
    fieldRoleIssue(form, s.startField, 'date', `${path}/startField`),
    fieldRoleIssue(form, s.endField, 'date', `${path}/endField`),
    sameField(s.endField, s.startField, `${path}/endField`, 'start'),
    s.titleField !== undefined ? displayIssue(form, s.titleField, `${path}/titleField`) : null,
    optionalRole(form, s.progressField, 'progress', `${path}/progressField`),
    optionalRole(form, s.dependencyField, 'dependency', `${path}/dependencyField`),
    optionalRole(form, s.colorField, 'color', `${path}/colorField`),
  );

const checkGrid: Checker<GridSettings> = (form, s, path) =>
  issuesOf(
    optionalRole(form, s.groupField, 'group', `${path}/groupField`),
    ...(s.sumFields ?? []).map((ref, i) => fieldRoleIssue(form, ref, 'sum', `${path}/sumFields/${i}`)),
    s.sumFields?.length && s.groupField === undefined
      ? { path: `${path}/sumFields`, code: 'required', message: 'group sums need a group field' }
      : null,
  );

type SettingsKey = 'grid' | 'kanban' | 'calendar' | 'gallery' | 'gantt';

/** Per kind: its settings block, whether the kind needs it, and how it is checked. */
const KINDS: Record<ViewKind, { key: SettingsKey; required: boolean; check: Checker<never> }> = {
  grid: { key: 'grid', required: false, check: checkGrid as Checker<never> },
  kanban: { key: 'kanban', required: true, check: checkKanban as Checker<never> },
  calendar: { key: 'calendar', required: true, check: checkCalendar as Checker<never> },
  gallery: { key: 'gallery', required: false, check: checkGallery as Checker<never> },
  gantt: { key: 'gantt', required: true, check: checkGantt as Checker<never> },
};

/**
 * The kind settings of a (shape-checked) view config against its form: the chosen kind's block must
 * be there (a grid's and a gallery's may be absent) and every block present must name fields of the
 * right types, so a switch back to another kind finds valid settings. Paths start at `basePath`
 * (`/config` on the views API).
 */
export function checkViewSettings(
  form: FormDefinition,
  config: Pick<ViewConfig, SettingsKey | 'kind'>,
  basePath = '',
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const kind = config.kind ?? 'grid';
  const spec = KINDS[kind];
  if (spec.required && config[spec.key] === undefined)
    issues.push({
      path: `${basePath}/${spec.key}`,
      code: 'required',
      message: `a ${kind} view needs its "${spec.key}" settings`,
    });
  for (const block of Object.values(KINDS)) {
    const settings = config[block.key];
    if (settings) issues.push(...block.check(form, settings as never, `${basePath}/${block.key}`));
  }
  return issues;
}
