import type { FieldType } from '@tangram/schema';
import { lookupField, type FieldInfo } from './field-info.js';
import { QueryError, type QueryForm } from './types.js';
import { asciiLower } from './values.js';

/** Longest search text accepted. */
export const MAX_SEARCH_LENGTH = 200;

/**
 * Field types a quick search (`q`) looks into: free text people type and read. Choice, member and
 * relation fields hold ids, not words; rich text holds markup. Formula fields count when they
 * produce text.
 */
const SEARCHABLE: ReadonlySet<FieldType> = new Set<FieldType>([
  'text',
  'textarea',
  'phone',
  'email',
  'url',
  'serial',
  'address',
  'formula',
]);

/** The fields `q` searches, in form order. */
export function searchableFields(form: QueryForm): FieldInfo[] {
  const out: FieldInfo[] = [];
  for (const field of form.fields) {
    if (!SEARCHABLE.has(field.type)) continue;
    const found = lookupField(form, field.id);
    if (found.ok && (found.info.kind === 'text' || found.info.kind === 'address')) out.push(found.info);
  }
  return out;
}

/**
 * The needle of a search: trimmed and ASCII-lowercased, or null for "no search". Throws
 * `QueryError` for text longer than `MAX_SEARCH_LENGTH`.
 */
export function searchNeedle(q: string | null | undefined): string | null {
  if (q === null || q === undefined) return null;
  if (typeof q !== 'string')
    throw new QueryError([{ path: '/q', code: 'invalidSearch', message: 'q must be text' }]);
  const trimmed = q.trim();
  if (trimmed.length > MAX_SEARCH_LENGTH) {
    throw new QueryError([
      {
        path: '/q',
        code: 'invalidSearch',
        message: `search text is at most ${MAX_SEARCH_LENGTH} characters`,
      },
    ]);
  }
  return trimmed === '' ? null : asciiLower(trimmed);
}
