import type { Filter } from '@tangram/client';
import { FILTER_PARAM } from './url-filter';

/** The search parameter naming a record whose drawer a data view opens (`?record=<id>`). */
export const RECORD_PARAM = 'record';

const formPath = (appId: string, formId: string) =>
  `/apps/${encodeURIComponent(appId)}/forms/${encodeURIComponent(formId)}`;

/** The data view of `formId` with record `recordId` open in its drawer. */
export const recordLink = (appId: string, formId: string, recordId: string): string =>
  `${formPath(appId, formId)}?${new URLSearchParams({ [RECORD_PARAM]: recordId }).toString()}`;

/** The data view of `formId` filtered by `filter` (shown as the URL filter chip). */
export const filteredLink = (appId: string, formId: string, filter: Filter): string =>
  `${formPath(appId, formId)}?${new URLSearchParams({ [FILTER_PARAM]: JSON.stringify(filter) }).toString()}`;

/**
 * The record id in a data view's address, or null. Ids are short tokens: anything else is
 * ignored rather than sent to the server.
 */
export function linkedRecordId(search: string): string | null {
  const id = new URLSearchParams(search).get(RECORD_PARAM);
  return id && /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null;
}

/** The address without the record parameter (other parameters kept), for when its drawer closes. */
export function withoutRecordParam(path: string, search: string): string {
  const params = new URLSearchParams(search);
  params.delete(RECORD_PARAM);
  const rest = params.toString();
  return rest ? `${path}?${rest}` : path;
}

/** The filter "links to `recordId`" over a relation field, as the related list's "view all" uses. */
export const linksToFilter = (fieldId: string, multiple: boolean, recordId: string): Filter =>
  multiple
    ? { kind: 'cmp', field: fieldId, op: 'in', value: [recordId] }
    : { kind: 'cmp', field: fieldId, op: 'eq', value: recordId };

/** Exact decimal text with its whole part grouped by thousands ("-12345.60" -> "-12,345.60"). */
export function groupDigits(text: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!match) return text;
  return `${match[1]}${match[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${match[3] ?? ''}`;
}
