import { ApiError } from './api-error';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * A read sent as POST (a filter AST in the body, an aggregate): still answered as the viewed
   * user by a "view as" client. GET and HEAD are reads without saying so.
   */
  read?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const API_PREFIX = '/api/v1';

/**
 * The HTTP layer of the client: JSON in and out, cookies included, the CSRF token remembered from
 * the last session response and sent on every unsafe method, error bodies turned into ApiError.
 */
export class Transport {
  private csrfToken: string | null = null;
  private readonly baseUrl: string;
  private readonly fetchFn: FetchLike;
  private readonly viewAs: string | undefined;
  private readonly language: (() => string | undefined) | undefined;

  constructor(baseUrl: string, fetchFn: FetchLike, viewAs?: string, language?: () => string | undefined) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.fetchFn = fetchFn;
    this.viewAs = viewAs;
    this.language = language;
  }

  /** Headers every request carries: the UI language, when the app told us. */
  private baseHeaders(): Record<string, string> {
    const language = this.language?.();
    return language ? { 'Accept-Language': language } : {};
  }

  /**
   * The query of a request, with `viewAs` on reads of a "view as" client. A write through such a
   * client is refused here, before it leaves: the server would run it as the admin, not as the
   * user on screen, which is never what someone looking through another's eyes means to do.
   */
  private queryOf(method: string, options: RequestOptions): RequestOptions['query'] {
    if (this.viewAs === undefined) return options.query;
    if (!SAFE_METHODS.has(method) && !options.read)
      throw new ApiError(403, 'view_as_read_only', 'Viewing as another user is read-only.');
    return { ...options.query, viewAs: this.viewAs };
  }

  getCsrfToken(): string | null {
    return this.csrfToken;
  }

  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  url(path: string, query?: RequestOptions['query']): string {
    const qs = buildQueryString(query);
    return `${this.baseUrl}${API_PREFIX}${path}${qs ? `?${qs}` : ''}`;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const query = this.queryOf(method, options);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...this.baseHeaders(),
      ...options.headers,
    };
    const init: RequestInit = { method, headers, credentials: 'include' };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    if (!SAFE_METHODS.has(method) && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    if (options.signal) init.signal = options.signal;

    let response: Response;
    try {
      response = await this.fetchFn(this.url(path, query), init);
    } catch (e) {
      if (e instanceof Error && e.name === 'AbortError') throw e;
      throw new ApiError(0, 'network_error', e instanceof Error ? e.message : 'Network error');
    }
    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * A request whose answer is a file (an export): the body as a Blob and the file name from
   * `Content-Disposition` (`filename*` preferred). Errors are JSON like everywhere else.
   */
  async requestFile(method: string, path: string, options: RequestOptions = {}): Promise<DownloadedFile> {
    const query = this.queryOf(method, options);
    const headers: Record<string, string> = { ...this.baseHeaders(), ...options.headers };
    const init: RequestInit = { method, headers, credentials: 'include' };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    if (!SAFE_METHODS.has(method) && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    if (options.signal) init.signal = options.signal;
    let response: Response;
    try {
      response = await this.fetchFn(this.url(path, query), init);
    } catch (e) {
      if (e instanceof Error && e.name === 'AbortError') throw e;
      throw new ApiError(0, 'network_error', e instanceof Error ? e.message : 'Network error');
    }
    if (!response.ok) throw await toApiError(response);
    return { blob: await response.blob(), filename: fileNameOf(response.headers.get('Content-Disposition')) };
  }
}

/** A downloaded file: its bytes and the name the server gave it. */
export interface DownloadedFile {
  blob: Blob;
  filename: string | undefined;
}

/** The file name of a `Content-Disposition` header: `filename*=UTF-8''…` first, else `filename="…"`. */
export function fileNameOf(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      /* falls back to the plain name */
    }
  }
  return /filename\s*=\s*"([^"]*)"/i.exec(header)?.[1] ?? /filename\s*=\s*([^;]+)/i.exec(header)?.[1]?.trim();
}

/** Builds `a=1&b=x` from defined values, in insertion order. */
export function buildQueryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.append(key, String(value));
  }
  return params.toString();
}

async function toApiError(response: Response): Promise<ApiError> {
  const fallback = response.statusText || `HTTP ${response.status}`;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return new ApiError(response.status, `http_${response.status}`, fallback);
  }
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null)
    return new ApiError(response.status, `http_${response.status}`, fallback);
  const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
  return new ApiError(
    response.status,
    typeof code === 'string' ? code : `http_${response.status}`,
    typeof message === 'string' ? message : fallback,
    details,
  );
}
