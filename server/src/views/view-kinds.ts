import { lookupField } from '@tangram/query';
import type { FormDefinition, ValidationIssue } from '@tangram/schema';
import type { VIEW_KINDS } from './views.schemas';

export type ViewKind = (typeof VIEW_KINDS)[number];

export interface KanbanSettings {
  groupField: string;
  cardFields?: string[];
  sumField?: string;
  collapsed?: string[];
}

export interface CalendarSettings {
  dateField: string;
  endField?: string;
  titleField?: string;
  colorField?: string;
}

export interface GallerySettings {
  coverField?: string;
  cardFields?: string[];
}

/** The kind part of a saved view's config (decision 0039). */
export interface KindSettings {
  kind?: ViewKind;
  kanban?: KanbanSettings;
  calendar?: CalendarSettings;
  gallery?: GallerySettings;
}

/**
 * Which fields a setting may name: field types of the form, and system columns. One table, used
 * by the view check on save and by the kanban / calendar endpoints, so both refuse alike.
 */
export const FIELD_ROLES = {
  /** A kanban column per value: single choices and single members, or the approval state. */
  group: { types: ['select', 'radio', 'member'], system: ['workflowStatus'] },
  /** A kanban column's sum. */
  sum: { types: ['number', 'money'], system: [] },
  /** A calendar's start and end. */
  date: { types: ['date', 'datetime'], system: ['createdAt', 'updatedAt'] },
  /** A calendar event's colour: a select's option colour. */
  color: { types: ['select', 'radio'], system: [] },
  /** A gallery card's cover. */
  cover: { types: ['image', 'attachment'], system: [] },
} as const satisfies Record<string, { types: readonly string[]; system: readonly string[] }>;

export type FieldRole = keyof typeof FIELD_ROLES;

const ROLE_NAMES: Record<FieldRole, string> = {
  group: 'a single select, radio, member field or the workflow status',
  sum: 'a number or money field',
  date: 'a date or date-time field',
  color: 'a single select or radio field',
  cover: 'an image or attachment field',
};

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
  if (!(rule.types as readonly string[]).includes(field.type))
    return {
      path,
      code: 'wrongFieldType',
      message: `"${ref}" is a ${field.type} field; this setting needs ${ROLE_NAMES[role]}`,
    };
  return null;
}

/** A field a card may show: any field of the form with a value, or a system column. */
function displayIssue(form: FormDefinition, ref: string, path: string): ValidationIssue | null {
  const found = lookupField(form, ref);
  if (found.ok || found.code === 'notQueryable') return null;
  return { path, code: found.code, message: found.message };
}

type Checker<S> = (form: FormDefinition, settings: S, path: string) => ValidationIssue[];

const issuesOf = (...items: (ValidationIssue | null)[]): ValidationIssue[] =>
  items.filter((i): i is ValidationIssue => i !== null);

const listIssues = (form: FormDefinition, refs: readonly string[] | undefined, path: string) =>
  (refs ?? []).map((ref, i) => displayIssue(form, ref, `${path}/${i}`));

const checkKanban: Checker<KanbanSettings> = (form, s, path) =>
  issuesOf(
    fieldRoleIssue(form, s.groupField, 'group', `${path}/groupField`),
    s.sumField !== undefined ? fieldRoleIssue(form, s.sumField, 'sum', `${path}/sumField`) : null,
    ...listIssues(form, s.cardFields, `${path}/cardFields`),
  );

const checkCalendar: Checker<CalendarSettings> = (form, s, path) =>
  issuesOf(
    fieldRoleIssue(form, s.dateField, 'date', `${path}/dateField`),
    s.endField !== undefined ? fieldRoleIssue(form, s.endField, 'date', `${path}/endField`) : null,
    s.endField !== undefined && s.endField === s.dateField
      ? {
          path: `${path}/endField`,
          code: 'sameField',
          message: 'the end field must differ from the date field',
        }
      : null,
    s.titleField !== undefined ? displayIssue(form, s.titleField, `${path}/titleField`) : null,
    s.colorField !== undefined ? fieldRoleIssue(form, s.colorField, 'color', `${path}/colorField`) : null,
  );

const checkGallery: Checker<GallerySettings> = (form, s, path) =>
  issuesOf(
    s.coverField !== undefined ? fieldRoleIssue(form, s.coverField, 'cover', `${path}/coverField`) : null,
    ...listIssues(form, s.cardFields, `${path}/cardFields`),
  );

/** Per kind: which settings block it needs and how that block is checked. */
const KINDS = {
  grid: null,
  kanban: { key: 'kanban', check: checkKanban },
  calendar: { key: 'calendar', check: checkCalendar },
  gallery: { key: 'gallery', check: checkGallery },
} as const satisfies Record<ViewKind, { key: keyof KindSettings; check: Checker<never> } | null>;

/**
 * The kind settings of a view config against its form: the chosen kind's block must be there
 * (a gallery's may be empty) and every block present must name fields of the right types, so a
 * switch back to another kind finds valid settings.
 */
export function checkKindSettings(form: FormDefinition, config: KindSettings): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const kind = config.kind ?? 'grid';
  const spec = KINDS[kind];
  if (spec && spec.key !== 'gallery' && config[spec.key] === undefined)
    issues.push({
      path: `/config/${spec.key}`,
      code: 'required',
      message: `a ${kind} view needs its "${spec.key}" settings`,
    });
  for (const block of Object.values(KINDS)) {
    const settings = block ? config[block.key] : undefined;
    if (block && settings) issues.push(...block.check(form, settings as never, `/config/${block.key}`));
  }
  return issues;
}
