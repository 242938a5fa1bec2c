import { fieldRegistry } from '@tangram/fields';
import type { AppDefinition, FieldDefinition, FormDefinition } from '@tangram/client';
import { resolveLookup } from '@tangram/query';
import dayjs from 'dayjs';

/** Names of users and departments by id, for member and department columns. */
export interface Directory {
  users: ReadonlyMap<string, string>;
  departments: ReadonlyMap<string, string>;
  /** What to call a public form link where it is the author (decision 0047). */
  publicLink?: string;
}

export const emptyDirectory: Directory = { users: new Map(), departments: new Map() };

const USER_TYPES = new Set(['member', 'members']);
const DEPARTMENT_TYPES = new Set(['department', 'departments']);

/** Submissions through a public link are written with the link as their author: `pfl_…`. */
const PUBLIC_LINK_ID = /^pfl_/;

/** The name of whoever wrote something: a member, or a public link; undefined when unknown. */
export function authorName(id: string | null | undefined, dir: Directory): string | undefined {
  if (!id) return undefined;
  return dir.users.get(id) ?? (PUBLIC_LINK_ID.test(id) ? dir.publicLink : undefined);
}

const names = (value: unknown, name: (id: string) => string | undefined): string =>
  (Array.isArray(value) ? value : [value])
    .filter((v): v is string => typeof v === 'string')
    .map((id) => name(id) ?? id)
    .join(', ');

/** Display text of a system column's value. */
export function formatSystem(field: string, value: unknown, dir: Directory): string {
  if (value === null || value === undefined) return '';
  if (field === 'createdAt' || field === 'updatedAt')
    return dayjs(value as string).format('YYYY-MM-DD HH:mm');
  return names(value, (id) => authorName(id, dir));
}

/**
 * Display text of a field value: the field registry's format, with instants shown in the browser's
 * zone and member / department ids replaced by names.
 */
export function formatCell(
  field: FieldDefinition,
  value: unknown,
  locale: string,
  dir: Directory,
  related?: ReadonlyMap<string, FieldDefinition>,
): string {
  if (value === null || value === undefined) return '';
  if (field.type === 'lookup') return formatLookup(field, related?.get(field.id), value, locale, dir);
  if (USER_TYPES.has(field.type)) return names(value, (id) => dir.users.get(id));
  if (DEPARTMENT_TYPES.has(field.type)) return names(value, (id) => dir.departments.get(id));
  if (field.type === 'datetime' && typeof value === 'string') return dayjs(value).format('YYYY-MM-DD HH:mm');
  if (field.type === 'subform' && Array.isArray(value)) return value.length ? `${value.length} ×` : '';
  try {
    return fieldRegistry.of(field).format(value, field as never, locale);
  } catch {
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/**
 * The related fields the lookups of `form` read (same app), by lookup id: a lookup's value is
 * shown like the field it reads or aggregates (decision 0031; the server computes the value).
 */
export function lookupTargets(
  form: FormDefinition,
  app: AppDefinition | undefined,
): Map<string, FieldDefinition> {
  const out = new Map<string, FieldDefinition>();
  if (!app) return out;
  for (const field of form.fields ?? []) {
    if (field.type !== 'lookup') continue;
    const resolved = resolveLookup(form, field, (rel) =>
      rel.config.app !== undefined && rel.config.app !== app.id
        ? undefined
        : (app.forms ?? []).find((f) => f.id === rel.config.form),
    );
    if (resolved) out.set(field.id, resolved.field);
  }
  return out;
}

/** Counts and concatenations as the server answered; other values (and list items) like the related field. */
function formatLookup(
  field: Extract<FieldDefinition, { type: 'lookup' }>,
  target: FieldDefinition | undefined,
  value: unknown,
  locale: string,
  dir: Directory,
): string {
  const aggregate = field.config.aggregate ?? 'none';
  if (aggregate === 'count' || aggregate === 'concat' || !target) {
    return Array.isArray(value) ? value.map(String).join(', ') : String(value);
  }
  const items = Array.isArray(value) ? value : [value];
  return items
    .map((v) => formatCell(target, v, locale, dir))
    .filter(Boolean)
    .join(', ');
}
