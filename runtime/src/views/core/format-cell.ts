import { fieldRegistry } from '@tangram/fields';
import type { FieldDefinition } from '@tangram/client';
import dayjs from 'dayjs';

/** Names of users and departments by id, for member and department columns. */
export interface Directory {
  users: ReadonlyMap<string, string>;
  departments: ReadonlyMap<string, string>;
}

export const emptyDirectory: Directory = { users: new Map(), departments: new Map() };

const USER_TYPES = new Set(['member', 'members']);
const DEPARTMENT_TYPES = new Set(['department', 'departments']);

const names = (value: unknown, map: ReadonlyMap<string, string>): string =>
  (Array.isArray(value) ? value : [value])
    .filter((v): v is string => typeof v === 'string')
    .map((id) => map.get(id) ?? id)
    .join(', ');

/** Display text of a system column's value. */
export function formatSystem(field: string, value: unknown, dir: Directory): string {
  if (value === null || value === undefined) return '';
  if (field === 'createdAt' || field === 'updatedAt')
    return dayjs(value as string).format('YYYY-MM-DD HH:mm');
  return names(value, dir.users);
}

/**
 * Display text of a field value: the field registry's format, with instants shown in the browser's
 * zone and member / department ids replaced by names.
 */
export function formatCell(field: FieldDefinition, value: unknown, locale: string, dir: Directory): string {
  if (value === null || value === undefined) return '';
  if (USER_TYPES.has(field.type)) return names(value, dir.users);
  if (DEPARTMENT_TYPES.has(field.type)) return names(value, dir.departments);
  if (field.type === 'datetime' && typeof value === 'string') return dayjs(value).format('YYYY-MM-DD HH:mm');
  if (field.type === 'subform' && Array.isArray(value)) return value.length ? `${value.length} ×` : '';
  try {
    return fieldRegistry.of(field).format(value, field as never, locale);
  } catch {
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}
