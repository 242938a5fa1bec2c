/** One problem with one value of a request, as reported by the server (`details[]`). */
export interface ApiErrorDetail {
  /** JSON pointer of the bad value, e.g. `/data/f_amount` or `/email`. */
  path?: string;
  code?: string;
  message: string;
}

/**
 * A failed API call. `status` is the HTTP status (0 when the network failed), `code` the stable
 * machine code from the error body (`validation_failed`, `stale_version`, ...), `details` the
 * per-value problems so forms can show messages next to their fields.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorDetail[];
  /** The raw `details` value when it is not a list (e.g. `{ current }` on 409 stale_version). */
  readonly rawDetails: unknown;

  constructor(status: number, code: string, message: string, rawDetails?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.rawDetails = rawDetails;
    this.details = Array.isArray(rawDetails) ? rawDetails.filter(isDetail) : [];
  }

  /**
   * Messages keyed by field path, with a leading `/data/` or `/` removed so that the keys match
   * form field names (`/data/f_amount` -> `f_amount`, `/email` -> `email`). The first message per
   * path wins.
   */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) {
      if (!d.path) continue;
      const key = d.path.replace(/^\/data\//, '').replace(/^\//, '');
      if (!(key in out)) out[key] = d.message;
    }
    return out;
  }
}

function isDetail(value: unknown): value is ApiErrorDetail {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** True when `e` is an ApiError, optionally with the given code. */
export function isApiError(e: unknown, code?: string): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}
