import { isCalendarDate, isInstant, textProblem } from '@tangram/fields';
import { validationFailed, type ErrorDetail } from '../http/app-error';

/**
 * The filters of `GET /admin/audit`, read from the query string. Every problem is reported at once,
 * each naming its parameter (`/query/<name>`), so a client can show it next to the right control.
 */
export interface AuditFilter {
  actor?: string;
  /** Exact action (`user.create`), or a prefix ending in a dot (`user.`: every user action). */
  action?: { exact: string } | { prefix: string };
  targetType?: string;
  targetId?: string;
  /** Inclusive bounds: an instant, or a calendar day in the org's time zone (the whole day). */
  from?: TimeBound;
  to?: TimeBound;
  cursor?: AuditCursor;
  limit: number;
}

export type TimeBound = { instant: string } | { day: string };

/** Where the previous page ended: the last row's time (with microseconds) and id. */
export interface AuditCursor {
  at: string;
  id: string;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
const MAX_TEXT = 200;
const PARAMS = ['actor', 'action', 'targetType', 'targetId', 'from', 'to', 'cursor', 'limit'] as const;
type Param = (typeof PARAMS)[number];

/** Parses the query string; 400 `validation_failed` naming every bad or unknown parameter. */
export function parseAuditQuery(query: Record<string, unknown>): AuditFilter {
  const issues: ErrorDetail[] = [];
  const issue = (name: string, code: string, message: string) =>
    issues.push({ path: `/query/${name}`, code, message });
  for (const name of Object.keys(query))
    if (!(PARAMS as readonly string[]).includes(name))
      issue(name, 'unknown_parameter', `is not a filter of the audit log (use ${PARAMS.join(', ')})`);

  const text = (name: Param): string | undefined => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') return void issue(name, 'type', 'must be given once, as text');
    const problem = textProblem(value);
    if (problem) return void issue(name, problem, 'is not valid text');
    if (value.length > MAX_TEXT) return void issue(name, 'length', `must be at most ${MAX_TEXT} characters`);
    return value;
  };

  const filter: AuditFilter = { limit: DEFAULT_LIMIT };
  const actor = text('actor');
  if (actor) filter.actor = actor;
  const action = text('action');
  if (action) {
    if (!/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\.?$/.test(action))
      issue('action', 'format', 'must be an action such as user.create, or a prefix such as user.');
    else filter.action = action.endsWith('.') ? { prefix: action } : { exact: action };
  }
  const targetType = text('targetType');
  if (targetType) filter.targetType = targetType;
  const targetId = text('targetId');
  if (targetId) {
    if (!targetType) issue('targetId', 'requires', 'needs targetType as well (ids are unique per type)');
    filter.targetId = targetId;
  }
  const from = bound('from', text('from'), issue);
  if (from) filter.from = from;
  const to = bound('to', text('to'), issue);
  if (to) filter.to = to;
  if (from && to && isBefore(to, from)) issue('to', 'range', 'must not be before from');
  const cursor = text('cursor');
  if (cursor) {
    const decoded = decodeAuditCursor(cursor);
    if (decoded) filter.cursor = decoded;
    else issue('cursor', 'bad_cursor', 'is not a cursor of this list; start again from the first page');
  }
  const limit = text('limit');
  if (limit !== undefined) {
    const n = Number(limit);
    if (!/^\d+$/.test(limit) || n < 1 || n > MAX_LIMIT)
      issue('limit', 'range', `must be a whole number from 1 to ${MAX_LIMIT}`);
    else filter.limit = n;
  }
  if (issues.length) throw validationFailed(issues, 'The audit log filters are invalid.');
  return filter;
}

function bound(
  name: string,
  value: string | undefined,
  issue: (name: string, code: string, message: string) => void,
): TimeBound | undefined {
  if (value === undefined) return undefined;
  if (isCalendarDate(value) && /^\d{4}-\d{2}-\d{2}$/.test(value)) return { day: value };
  if (isInstant(value)) return { instant: value };
  issue(name, 'format', 'must be a date (2026-03-05) or a date and time with offset (2026-03-05T08:00:00Z)');
  return undefined;
}

/** `a` is before `b`; only bounds of one kind compare (a day's start depends on the org's zone). */
function isBefore(a: TimeBound, b: TimeBound): boolean {
  if ('day' in a && 'day' in b) return a.day < b.day;
  if ('instant' in a && 'instant' in b) return Date.parse(a.instant) < Date.parse(b.instant);
  return false;
}

/** Opaque to clients: base64url of `[at with microseconds, id]`. */
export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

export function decodeAuditCursor(text: string): AuditCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(value[0]) &&
      /^\d{1,18}$/.test(value[1])
    )
      return { at: value[0], id: value[1] };
  } catch {
    // not base64 JSON: the same answer as any other foreign text
  }
  return null;
}
