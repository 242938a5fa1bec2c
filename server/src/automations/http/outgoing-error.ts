/** Why an outgoing request failed; `retryable` says whether a later attempt may succeed. */
export type OutgoingErrorCode =
  | 'bad_url'
  | 'ssrf_refused'
  | 'dns_failed'
  | 'connect_failed'
  | 'timeout'
  | 'redirect_refused'
  | 'http_error';

const RETRYABLE: Record<OutgoingErrorCode, boolean> = {
  bad_url: false,
  ssrf_refused: false, // the same name resolves the same way; an operator must change the allowlist
  dns_failed: true,
  connect_failed: true,
  timeout: true,
  redirect_refused: false, // redirects are never followed, so a retry ends the same
  http_error: false, // refined per status by httpStatusRetryable
};

export class OutgoingError extends Error {
  override readonly name = 'OutgoingError';
  readonly retryable: boolean;

  constructor(
    readonly code: OutgoingErrorCode,
    message: string,
    options: { retryable?: boolean; status?: number } = {},
  ) {
    super(message);
    this.retryable = options.retryable ?? RETRYABLE[code];
    this.status = options.status;
  }

  readonly status: number | undefined;
}

/** 5xx, 408 (timeout) and 429 (rate limited) may pass later; other 4xx will not. */
export function httpStatusRetryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}
