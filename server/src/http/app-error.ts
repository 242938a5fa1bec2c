/** One problem with one value of a request, reported in `error.details[]`. */
export interface ErrorDetail {
  /** JSON pointer of the bad value, e.g. `/email` or `/data/f_amount`. */
  path: string;
  code: string;
  message: string;
}

/**
 * An error the client can act on. The error middleware turns it into
 * `{ error: { code, message, details } }` with `status`. Anything that is not an AppError becomes a
 * generic 500 whose details stay in the server log.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  /**
   * The message in each UI language, when it names things from a definition (a balance rule's
   * refusal): the error handler answers the one the request's Accept-Language prefers.
   */
  localized?: { 'zh-CN': string; en: string };

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Gives `error` its Chinese twin of the English message (answered by Accept-Language). */
export function withChinese<E extends AppError>(error: E, zh: string): E {
  error.localized = { en: error.message, 'zh-CN': zh };
  return error;
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, details);

export function validationFailed(details: ErrorDetail[], message?: string): AppError {
  const error = new AppError(400, 'validation_failed', message ?? 'The request has invalid values.', details);
  // The generic sentence has a Chinese twin; a specific message is sent as written.
  if (message === undefined)
    error.localized = { en: error.message, 'zh-CN': '提交的内容有误，请按提示修改。' };
  return error;
}

export const unauthenticated = (message = 'Sign in to continue.') =>
  new AppError(401, 'unauthenticated', message);

export const forbidden = (message = 'You are not allowed to do this.', code = 'forbidden') =>
  new AppError(403, code, message);

export const notFound = (what = 'Resource', code = 'not_found') =>
  new AppError(404, code, `${what} not found.`);

export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(409, code, message, details);

export const payloadTooLarge = (limit: number) =>
  new AppError(413, 'payload_too_large', `The request body exceeds the limit of ${limit} bytes.`);

export const unsupportedMediaType = () =>
  new AppError(415, 'unsupported_media_type', 'Request bodies must be application/json.');

export const unprocessable = (code: string, message: string, details?: unknown) =>
  new AppError(422, code, message, details);

export const tooManyRequests = (message: string, retryAfterSeconds?: number) =>
  new AppError(429, 'too_many_requests', message, retryAfterSeconds ? { retryAfterSeconds } : undefined);
