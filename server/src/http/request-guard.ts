import type { RequestHandler, Router } from 'express';
import { textProblem, textProblemMessage } from '@tangram/fields';
import { validationFailed, type ErrorDetail } from './app-error';
import { INT32_MAX } from './validate';

/**
 * One check for every path parameter and query string of the API, before any handler runs, so no
 * route can pass text PostgreSQL cannot store (a NUL, a lone surrogate) or a number beyond its
 * column type to SQL. Bodies get the same text check in the strict JSON parser.
 *
 * Every route parameter has a declared kind (PARAM_KINDS); `assertParamKinds` refuses to start an
 * API with a route whose parameter has none, so a new route is covered or fails loudly.
 */
export type ParamKind =
  /** An identifier (record, app, form, user, task, file, ...): short text without control characters. */
  | 'id'
  /** A positive whole number stored in an `integer` column (1..2^31-1), e.g. a version number. */
  | 'int32';

export const PARAM_KINDS: Readonly<Record<string, ParamKind>> = {
  app: 'id',
  form: 'id',
  field: 'id',
  id: 'id',
  view: 'id',
  task: 'id',
  action: 'id',
  dashboard: 'id',
  widget: 'id',
  template: 'id',
  user: 'id',
  aggregate: 'id',
  version: 'int32',
  automation: 'id',
  delivery: 'id',
  token: 'id',
  run: 'id',
  import: 'id',
  apiKey: 'id',
};

/**
 * Query parameters that carry an id, checked like path parameters of that kind (`/query/<name>`):
 * `viewAs` (an admin reading as another user, decision 0023).
 */
export const QUERY_KINDS: Readonly<Record<string, ParamKind>> = {
  viewAs: 'id',
};

/** Longer ids exist nowhere (generated ids are 30 characters, definition ids at most 63). */
const MAX_ID_LENGTH = 200;
/** C0 controls and DEL: never part of an id. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** The problem with a path parameter's value, or null when it is well-formed for its kind. */
export function paramProblem(kind: ParamKind, value: string): Omit<ErrorDetail, 'path'> | null {
  const text = textProblem(value);
  if (text) return { code: text, message: textProblemMessage(text) };
  if (kind === 'int32') {
    if (!/^\d{1,10}$/.test(value))
      return { code: 'type', message: 'must be a whole number written with digits' };
    const n = Number(value);
    if (n < 1 || n > INT32_MAX) return { code: 'range', message: `must be from 1 to ${INT32_MAX}` };
    return null;
  }
  if (value.length === 0 || value.length > MAX_ID_LENGTH)
    return { code: 'length', message: `must be 1 to ${MAX_ID_LENGTH} characters long` };
  if (hasControlCharacter(value))
    return { code: 'control_character', message: 'must not contain control characters' };
  return null;
}

/** Registers the check of every declared parameter kind on `router` (400 naming `/params/<name>`). */
export function guardParams(router: Router): void {
  for (const [name, kind] of Object.entries(PARAM_KINDS)) {
    router.param(name, (_req, _res, next, value: unknown) => {
      const problem = typeof value === 'string' ? paramProblem(kind, value) : null;
      if (!problem) return next();
      next(validationFailed([{ path: `/params/${name}`, ...problem }], 'A path parameter is invalid.'));
    });
  }
}

/** The names of the parameters in an express route path (`/apps/:app/versions/:version`). */
export function routeParamNames(path: string): string[] {
  return [...path.matchAll(/[:*]([A-Za-z_$][A-Za-z0-9_$]*)/g)].map((m) => m[1]!);
}

/** Routes registered on `router`, as method and path (one entry per method). */
export function listRoutes(router: Router): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  for (const layer of router.stack) {
    const route = layer.route as { path?: unknown; methods?: Record<string, boolean> } | undefined;
    if (!route || typeof route.path !== 'string') continue;
    for (const [method, on] of Object.entries(route.methods ?? {}))
      if (on && method !== '_all') out.push({ method: method.toUpperCase(), path: route.path });
  }
  return out;
}

/** Throws when a route of `router` uses a parameter without a kind in PARAM_KINDS. */
export function assertParamKinds(router: Router): void {
  for (const { method, path } of listRoutes(router)) {
    const unknown = routeParamNames(path).filter((name) => !Object.hasOwn(PARAM_KINDS, name));
    if (unknown.length)
      throw new Error(
        `${method} ${path}: give the path parameter(s) ${unknown.join(', ')} a kind in PARAM_KINDS (server/src/http/request-guard.ts)`,
      );
  }
}

/**
 * Refuses query strings whose names or values hold text that cannot be stored, and percent-escapes
 * that are not UTF-8 (which the query parser would otherwise turn into U+FFFD silently). The path
 * of the bad value is `/query/<name>`.
 */
export const guardQuery: RequestHandler = (req, _res, next) => {
  const at = req.originalUrl.indexOf('?');
  if (at < 0) return next();
  const issues: ErrorDetail[] = [];
  for (const part of req.originalUrl.slice(at + 1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeQueryText(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeQueryText(part.slice(eq + 1));
    const path = `/query/${name === null ? '' : pointerToken(name)}`;
    if (name === null || value === null) {
      issues.push({ path, code: 'malformed_escape', message: 'has a %-escape that is not UTF-8 text' });
      continue;
    }
    const problem = textProblem(name) ?? textProblem(value);
    if (problem) {
      issues.push({ path, code: problem, message: textProblemMessage(problem) });
      continue;
    }
    const kind = Object.hasOwn(QUERY_KINDS, name) ? QUERY_KINDS[name] : undefined;
    const kindProblem = kind ? paramProblem(kind, value) : null;
    if (kindProblem) issues.push({ path, ...kindProblem });
  }
  if (issues.length) return next(validationFailed(issues, 'The query string is invalid.'));
  next();
};

function decodeQueryText(raw: string): string | null {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

function pointerToken(name: string): string {
  // The name itself may be what is wrong: show it without the NUL.
  return name.replaceAll('\u0000', '\uFFFD').replace(/~/g, '~0').replace(/\//g, '~1');
}
