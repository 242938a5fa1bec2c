import type { ErrorRequestHandler, RequestHandler } from 'express';
import { QueryError } from '@tangram/query';
import { isDatabaseUnavailable } from '../db/unavailable';
import { AppError, notFound, validationFailed } from './app-error';

/** Seconds a client is asked to wait while the database is unreachable (a restart takes a few). */
const DATABASE_RETRY_SECONDS = 5;

// PostgreSQL error codes that mean "the client's request conflicts with stored data" rather than a bug.
const PG_CONFLICTS: Record<string, { status: number; code: string; message: string }> = {
  '23505': { status: 409, code: 'conflict', message: 'A value that must be unique is already in use.' },
  '23503': {
    status: 409,
    code: 'conflict',
    message: 'The change refers to something that does not exist or is still in use.',
  },
  '40001': { status: 409, code: 'retry', message: 'The change collided with another one; please retry.' },
  '40P01': { status: 409, code: 'retry', message: 'The change collided with another one; please retry.' },
  '57014': {
    status: 503,
    code: 'query_timeout',
    message: 'The request took too long and was stopped. Narrow the filter and try again.',
  },
};

/**
 * At most this many entries of `error.details` are sent; the rest are counted. A 600 KB body of
 * 60,000 unknown keys would otherwise answer with megabytes of issues nobody reads.
 */
export const MAX_ERROR_DETAILS = 50;
/** Longest text of one detail's `path` or `message` (a key can be as long as the body limit). */
const MAX_DETAIL_TEXT = 500;
const MAX_MESSAGE = 1000;

/**
 * A safety net only: the request checks (strict JSON, path parameters, query strings, value checks)
 * refuse bad values first and name them. A PostgreSQL "data exception" (class 22: NUL in text
 * 22021, bad Unicode escape 22P05, date/time out of range 22008, number out of range 22003, invalid
 * text representation 22P02, bad date/time format 22007, ...) that still gets through was caused by
 * a value the client sent, so it is a 400 rather than a 500; it is logged so the missing check can
 * be added.
 */
const PG_DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;

/** 404 JSON for any `/api` path no route matched (instead of express's HTML page). */
export const apiNotFound: RequestHandler = (_req, _res, next) => next(notFound('API endpoint'));

/**
 * Turns every error into `{ error: { code, message, details } }`. Messages of unexpected errors,
 * stack traces and SQL never reach the client; 5xx are logged with the request id, method and path
 * only (no bodies, headers or cookies, which may hold passwords and tokens).
 */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  const appError = toAppError(err);
  if (appError.code === 'unstorable_value') {
    console.warn(
      `[warn] ${req.requestId ?? '-'} ${req.method} ${req.path}: the database refused a value no check caught:`,
      err instanceof Error ? err.message : String(err),
    );
  }
  if (appError.code === 'database_unavailable') {
    // One line, not a stack per request: during an outage every request lands here.
    console.error(
      `[error] ${req.requestId ?? '-'} ${req.method} ${req.path}: database unavailable:`,
      err instanceof Error ? err.message : String(err),
    );
  } else if (appError.status >= 500) {
    console.error(
      `[error] ${req.requestId ?? '-'} ${req.method} ${req.path}:`,
      err instanceof Error ? (err.stack ?? err.message) : String(err),
    );
  }
  if (res.headersSent) return;
  if ((appError.status === 429 || appError.status === 503) && isRetryDetail(appError.details)) {
    res.setHeader('Retry-After', String(appError.details.retryAfterSeconds));
  }
  const language = preferredLanguage(req);
  res.status(appError.status).json({
    error: {
      code: appError.code,
      message: shorten(localizedMessage(appError, language), MAX_MESSAGE),
      ...boundedDetails(localizedDetails(appError.details, language)),
    },
  });
};

type Language = 'en' | 'zh-CN';
type Localized = { en: string; 'zh-CN': string };

/** The UI language the request's Accept-Language prefers; English without a preference. */
function preferredLanguage(req: Parameters<ErrorRequestHandler>[1]): Language {
  // Without a preference the server's messages stay English, as every other error's.
  if (!req.headers['accept-language']) return 'en';
  // English first: `*` (what Node's fetch sends) or a tie is not a preference for Chinese.
  const preferred = req.acceptsLanguages('en', 'zh-CN', 'zh');
  return preferred === 'zh-CN' || preferred === 'zh' ? 'zh-CN' : 'en';
}

/** The message in the language the client prefers, for errors that carry both. */
function localizedMessage(error: AppError, language: Language): string {
  if (!error.localized) return error.message;
  return error.localized[language];
}

/**
 * Details that carry `localized` (record value checks: required, ranges, number and phone
 * formats) answer in the preferred language; `localized` itself is not sent.
 */
function localizedDetails(details: unknown, language: Language): unknown {
  if (!Array.isArray(details)) return details;
  return details.map((detail: unknown) => {
    if (!isLocalizedDetail(detail)) return detail;
    const { localized, ...rest } = detail;
    return { ...rest, message: localized[language] };
  });
}

function isLocalizedDetail(d: unknown): d is { localized: Localized; message: string } {
  if (typeof d !== 'object' || d === null) return false;
  const l = (d as { localized?: unknown }).localized;
  return (
    typeof l === 'object' &&
    l !== null &&
    typeof (l as Localized).en === 'string' &&
    typeof (l as Localized)['zh-CN'] === 'string'
  );
}

/**
 * `details` as sent: lists longer than MAX_ERROR_DETAILS are cut, with `detailsTotal` giving the
 * full count and `detailsTruncated: true`; long paths and messages are shortened.
 */
function boundedDetails(details: unknown): {
  details: unknown;
  detailsTruncated?: true;
  detailsTotal?: number;
} {
  if (!Array.isArray(details)) return { details: details ?? null };
  const shown = details.slice(0, MAX_ERROR_DETAILS).map(shortenDetail);
  if (details.length <= MAX_ERROR_DETAILS) return { details: shown };
  return { details: shown, detailsTruncated: true, detailsTotal: details.length };
}

function shortenDetail(detail: unknown): unknown {
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return detail;
  const out: Record<string, unknown> = { ...(detail as Record<string, unknown>) };
  for (const key of ['path', 'message'])
    if (typeof out[key] === 'string') out[key] = shorten(out[key] as string, MAX_DETAIL_TEXT);
  return out;
}

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  // The query compilers refuse what their checks would refuse; that is the client's mistake.
  if (err instanceof QueryError) return validationFailed(err.issues, 'The query is invalid.');
  // Before the SQLSTATE table: a stopped or restarting database is not the request's fault. Its
  // transaction died with the connection (unless the cut fell between COMMIT and its answer, which
  // is what Idempotency-Keys are for), so the client may send it again.
  if (isDatabaseUnavailable(err))
    return new AppError(
      503,
      'database_unavailable',
      'The database is not reachable right now. Try again shortly.',
      { retryAfterSeconds: DATABASE_RETRY_SECONDS },
    );
  if (typeof err === 'object' && err !== null) {
    const e = err as { code?: unknown; status?: unknown; statusCode?: unknown; type?: unknown };
    if (typeof e.code === 'string' && PG_CONFLICTS[e.code]) {
      const c = PG_CONFLICTS[e.code]!;
      return new AppError(c.status, c.code, c.message);
    }
    if (typeof e.code === 'string' && PG_DATA_EXCEPTION.test(e.code))
      return new AppError(
        400,
        'unstorable_value',
        'A value in the request cannot be stored: it is out of range or not valid text.',
      );
    // Errors raised by express/http-errors for bad requests (e.g. a malformed %-escape in the path).
    const status =
      typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 0;
    if (status >= 400 && status < 500)
      return new AppError(status, 'bad_request', 'The request is malformed.');
  }
  return new AppError(500, 'internal_error', 'Something went wrong on the server. It has been logged.');
}

function isRetryDetail(d: unknown): d is { retryAfterSeconds: number } {
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof (d as { retryAfterSeconds?: unknown }).retryAfterSeconds === 'number'
  );
}
