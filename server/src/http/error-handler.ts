import type { ErrorRequestHandler, RequestHandler } from 'express';
import { QueryError } from '@tangram/query';
import { AppError, notFound, validationFailed } from './app-error';

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

/** 404 JSON for any `/api` path no route matched (instead of express's HTML page). */
export const apiNotFound: RequestHandler = (_req, _res, next) => next(notFound('API endpoint'));

/**
 * Turns every error into `{ error: { code, message, details } }`. Messages of unexpected errors,
 * stack traces and SQL never reach the client; 5xx are logged with the request id, method and path
 * only (no bodies, headers or cookies, which may hold passwords and tokens).
 */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  const appError = toAppError(err);
  if (appError.status >= 500) {
    console.error(
      `[error] ${req.requestId ?? '-'} ${req.method} ${req.path}:`,
      err instanceof Error ? (err.stack ?? err.message) : String(err),
    );
  }
  if (res.headersSent) return;
  if (appError.status === 429 && isRetryDetail(appError.details)) {
    res.setHeader('Retry-After', String(appError.details.retryAfterSeconds));
  }
  res.status(appError.status).json({
    error: { code: appError.code, message: appError.message, details: appError.details ?? null },
  });
};

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  // The query compilers refuse what their checks would refuse; that is the client's mistake.
  if (err instanceof QueryError) return validationFailed(err.issues, 'The query is invalid.');
  if (typeof err === 'object' && err !== null) {
    const e = err as { code?: unknown; status?: unknown; statusCode?: unknown; type?: unknown };
    if (typeof e.code === 'string' && PG_CONFLICTS[e.code]) {
      const c = PG_CONFLICTS[e.code]!;
      return new AppError(c.status, c.code, c.message);
    }
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
