import { LEGACY_OPEN_ACCESS, type AppDefinition, type FormDefinition } from '@tangram/schema';
import { isDeepStrictEqual } from 'node:util';

/**
 * What a save did to an app definition, summarised for the audit log: which parts were added,
 * removed or changed, by id and name, never the definitions themselves (a row stays small, and the
 * app's version history holds the full text). Permissions (app access and form permission groups)
 * are summarised apart, because they are audited as their own event (`permissions.change`).
 */

/** One part named in a summary: its id, its name or label (i18n map) and, for fields and groups, its form. */
export interface PartRef {
  id: string;
  name?: unknown;
  formId?: string;
}

export interface PartChanges {
  added: PartRef[];
  removed: PartRef[];
  changed: PartRef[];
  /** How many were left out of the lists above (each list holds at most MAX_LISTED). */
  more?: number;
}

export interface DefinitionSummary {
  /** Top-level app properties that changed (name, icon, navigation, roles, ...). */
  app: string[];
  forms: PartChanges;
  fields: PartChanges;
  workflows: PartChanges;
  dashboards: PartChanges;
  automations: PartChanges;
  aggregates: PartChanges;
}

export interface PermissionSummary {
  /** Keys of `app.access` that changed (members, admins, defaultFormActions). */
  access: string[];
  groups: PartChanges;
}

export interface DefinitionDiff {
  definition: DefinitionSummary;
  permissions: PermissionSummary;
}

/** Entries listed per list; an app of 500 forms must not make a megabyte audit row. */
export const MAX_LISTED = 50;

/** Keys compared as parts of their own, not as top-level app properties. */
const PART_KEYS = new Set([
  'forms',
  'workflows',
  'dashboards',
  'automations',
  'aggregates',
  'access',
  'version',
  'formatVersion',
]);
/** Form keys summarised as fields or permissions rather than as a change of the form itself. */
const FORM_PART_KEYS = new Set(['fields', 'permissionGroups']);

type Identified = { id: string; name?: unknown; label?: unknown };

/** Compares two definitions (`before` null: the app is new, everything in it is added). */
export function diffDefinitions(before: AppDefinition | null, after: AppDefinition): DefinitionDiff {
  const formsBefore = before?.forms ?? [];
  return {
    definition: {
      app: changedKeys(before ?? {}, after, (k) => !PART_KEYS.has(k)),
      forms: diffParts(formsBefore, after.forms, (a, b) => sameExcept(a, b, FORM_PART_KEYS)),
      fields: diffNested(formsBefore, after.forms, (f) => f.fields),
      workflows: diffParts(before?.workflows ?? [], after.workflows ?? []),
      dashboards: diffParts(before?.dashboards ?? [], after.dashboards ?? []),
      automations: diffParts(before?.automations ?? [], after.automations ?? []),
      aggregates: diffParts(before?.aggregates ?? [], after.aggregates ?? []),
    },
    permissions: {
      // An app without `access` is open to every member (decision 0022): compare what is in effect.
      access: before
        ? changedKeys(before.access ?? LEGACY_OPEN_ACCESS, after.access ?? LEGACY_OPEN_ACCESS)
        : changedKeys(LEGACY_OPEN_ACCESS, after.access ?? LEGACY_OPEN_ACCESS),
      groups: diffNested(formsBefore, after.forms, (f) => f.permissionGroups ?? []),
    },
  };
}

/** True when the summary names no change at all. */
export function isEmptyPartChanges(c: PartChanges): boolean {
  return c.added.length + c.removed.length + c.changed.length === 0;
}

export function hasPermissionChanges(p: PermissionSummary): boolean {
  return p.access.length > 0 || !isEmptyPartChanges(p.groups);
}

/**
 * The summary without empty parts, for storing: `{ forms: { added: [...] }, app: ['name'] }`.
 * Empty lists and untouched parts are left out so a row says only what happened.
 */
export function compactSummary(summary: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(summary)) {
    if (Array.isArray(value)) {
      if (value.length) out[key] = value;
    } else if (isPartChanges(value)) {
      if (isEmptyPartChanges(value)) continue;
      out[key] = Object.fromEntries(
        Object.entries(value).filter(([, v]) => !(Array.isArray(v) && v.length === 0)),
      );
    }
  }
  return out;
}

function isPartChanges(v: unknown): v is PartChanges {
  return typeof v === 'object' && v !== null && 'added' in v && 'removed' in v && 'changed' in v;
}

function changedKeys(before: object, after: object, include: (k: string) => boolean = () => true): string[] {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  return [...keys].filter((k) => include(k) && !isDeepStrictEqual(b[k], a[k])).sort();
}

function sameExcept(a: object, b: object, ignored: Set<string>): boolean {
  return changedKeys(a, b, (k) => !ignored.has(k)).length === 0;
}

function ref(part: Identified, formId?: string): PartRef {
  const name = part.name ?? part.label;
  return { id: part.id, ...(name !== undefined ? { name } : {}), ...(formId ? { formId } : {}) };
}

/** Added, removed and changed parts of two lists matched by id. */
function diffParts<T extends Identified>(
  before: readonly T[],
  after: readonly T[],
  same: (a: T, b: T) => boolean = isDeepStrictEqual,
  formId?: string,
): PartChanges {
  const old = new Map(before.map((p) => [p.id, p]));
  const now = new Set(after.map((p) => p.id));
  const out: PartChanges = { added: [], removed: [], changed: [] };
  for (const part of after) {
    const prev = old.get(part.id);
    if (!prev) out.added.push(ref(part, formId));
    else if (!same(prev, part)) out.changed.push(ref(part, formId));
  }
  for (const part of before) if (!now.has(part.id)) out.removed.push(ref(part, formId));
  return cap(out);
}

/**
 * Parts held by forms (fields, permission groups), per form. A removed form's parts count as
 * removed and a new form's as added, so "who removed the salary field" finds either.
 */
function diffNested<T extends Identified>(
  before: readonly FormDefinition[],
  after: readonly FormDefinition[],
  partsOf: (form: FormDefinition) => readonly T[],
): PartChanges {
  const old = new Map(before.map((f) => [f.id, f]));
  const now = new Map(after.map((f) => [f.id, f]));
  const all: PartChanges[] = [];
  for (const form of after) {
    const prev = old.get(form.id);
    all.push(diffParts(prev ? partsOf(prev) : [], partsOf(form), isDeepStrictEqual, form.id));
  }
  for (const form of before)
    if (!now.has(form.id)) all.push(diffParts(partsOf(form), [], undefined, form.id));
  return cap({
    added: all.flatMap((c) => c.added),
    removed: all.flatMap((c) => c.removed),
    changed: all.flatMap((c) => c.changed),
    more: all.reduce((n, c) => n + (c.more ?? 0), 0),
  });
}

function cap(c: PartChanges): PartChanges {
  let more = c.more ?? 0;
  const take = (list: PartRef[]) => {
    more += Math.max(list.length - MAX_LISTED, 0);
    return list.slice(0, MAX_LISTED);
  };
  const out: PartChanges = { added: take(c.added), removed: take(c.removed), changed: take(c.changed) };
  if (more > 0) out.more = more;
  return out;
}
