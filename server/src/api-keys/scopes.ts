import type { Grant } from '@tangram/acl';

/**
 * What one API key reaches (decision 0046): per app, every form or the listed ones, read or write.
 * A key acts with its owner's Grant narrowed by these scopes; it never widens anything.
 */
export interface ApiKeyScope {
  app: string;
  /** The forms of `app` the key reaches; null = every form of the app. */
  forms: string[] | null;
  access: 'read' | 'write';
}

/** What a request authenticated by a key carries on its principal. */
export interface ApiKeyContext {
  id: string;
  scopes: readonly ApiKeyScope[];
}

export const MAX_SCOPES = 20;
export const MAX_SCOPE_FORMS = 100;

/** The scope entry that covers `formId` of `appId` (or the app, when `formId` is omitted), or null. */
export function scopeFor(scopes: readonly ApiKeyScope[], appId: string, formId?: string): ApiKeyScope | null {
  const entry = scopes.find((s) => s.app === appId);
  if (!entry) return null;
  if (formId !== undefined && entry.forms !== null && !entry.forms.includes(formId)) return null;
  return entry;
}

/** Actions a write key keeps: record work only; form settings (`manage`) and imports stay with the web app. */
const WRITE_ACTIONS = new Set(['view', 'create', 'edit', 'delete', 'export', 'print']);
const READ_ACTIONS = new Set(['view', 'export', 'print']);

/**
 * The owner's grant on one form narrowed by the key: nothing outside its scopes, no writes for a
 * read key. Called where every grant is computed (access/grants.ts), so every read and write path of
 * the records kernel obeys it.
 */
export function narrowGrantByKey(grant: Grant, appId: string, key: ApiKeyContext): Grant {
  const entry = scopeFor(key.scopes, appId, grant.formId);
  if (!entry)
    return {
      ...grant,
      basis: 'noAccess',
      actions: [],
      scopes: { view: NONE, edit: NONE, delete: NONE, export: NONE, print: NONE },
      fields: { visible: [], editable: [] },
    };
  const keep = entry.access === 'write' ? WRITE_ACTIONS : READ_ACTIONS;
  const actions = grant.actions.filter((a) => keep.has(a));
  if (entry.access === 'write') return { ...grant, actions };
  return {
    ...grant,
    actions,
    scopes: { ...grant.scopes, edit: NONE, delete: NONE },
    fields: { visible: grant.fields.visible, editable: [] },
  };
}

const NONE = { kind: 'none' } as const;

/** Why a key may not make a request, or null when the route is one keys may use. */
export type KeyRouteRefusal = { kind: 'route' } | { kind: 'app' } | { kind: 'form' } | { kind: 'read_only' };

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The routes an API key may use, matched on the path relative to `/api/v1`: an app's OpenAPI
 * description and types, and the records API of the forms in its scopes. Everything else (key
 * management, sign-in, admin and definition routes, the web app's helpers) is refused, so a new
 * route is closed to keys until it is listed here.
 */
export function keyRouteRefusal(
  method: string,
  path: string,
  scopes: readonly ApiKeyScope[],
): KeyRouteRefusal | null {
  const parts = path.split('/').slice(1).map(decodeSegment);
  if (parts.some((p) => p === null)) return { kind: 'route' };
  const seg = parts as string[];
  if (seg.at(-1) === '') seg.pop(); // a trailing slash (the router is not strict)
  if (seg[0] !== 'apps' || seg.length < 3) return { kind: 'route' };
  const appId = seg[1]!;
  // Documentation: GET /apps/:app/openapi.json, /apps/:app/types.ts
  if (seg.length === 3 && (seg[2] === 'openapi.json' || seg[2] === 'types.ts')) {
    if (method !== 'GET' && method !== 'HEAD') return { kind: 'route' };
    return scopeFor(scopes, appId) ? null : { kind: 'app' };
  }
  if (seg[2] !== 'forms' || seg.length < 5) return { kind: 'route' };
  const formId = seg[3]!;
  const rest = seg.slice(4);
  let write: boolean;
  if (rest.length === 1 && rest[0] === 'records') {
    if (method !== 'GET' && method !== 'POST') return { kind: 'route' };
    write = method === 'POST';
  } else if (rest.length === 2 && rest[0] === 'records' && rest[1] === 'query') {
    if (method !== 'POST') return { kind: 'route' };
    write = false;
  } else if (rest.length === 2 && rest[0] === 'records' && rest[1] === 'batch') {
    if (method !== 'POST') return { kind: 'route' };
    write = true;
  } else if (rest.length === 2 && rest[0] === 'records') {
    if (!['GET', 'PATCH', 'DELETE'].includes(method)) return { kind: 'route' };
    write = method !== 'GET';
  } else if (rest.length === 1 && rest[0] === 'aggregate') {
    if (method !== 'POST') return { kind: 'route' };
    write = false;
  } else return { kind: 'route' };
  if (!scopeFor(scopes, appId)) return { kind: 'app' };
  const entry = scopeFor(scopes, appId, formId);
  if (!entry) return { kind: 'form' };
  if (write && entry.access !== 'write' && !READ_METHODS.has(method)) return { kind: 'read_only' };
  return null;
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
