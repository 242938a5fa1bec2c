import { ApiError } from './api-error';
import type { FetchLike } from './transport';

/** A stored file's metadata, as returned by `POST /files`. */
export interface FileInfo {
  id: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export interface FileUploadOptions {
  /** Types the caller wants (`['image/*']`); checked by the server against the sniffed type. */
  accept?: readonly string[];
  signal?: AbortSignal;
}

/** What the files API needs from the client: URLs, the CSRF token, and fetch. */
export interface FilesTransport {
  url(path: string, query?: Record<string, string | undefined>): string;
  csrfToken(): string | null;
  fetch: FetchLike;
}

/**
 * `files.upload(blob, name)` (multipart, streamed to disk by the server) and `files.url(id)` (for
 * `<img src>` and download links; the session cookie authorises the GET).
 */
export function createFilesApi(t: FilesTransport) {
  return {
    upload: async (file: Blob, name: string, opts: FileUploadOptions = {}): Promise<FileInfo> => {
      const body = new FormData();
      body.append('file', file, name);
      const headers: Record<string, string> = { Accept: 'application/json' };
      const token = t.csrfToken();
      if (token) headers['X-CSRF-Token'] = token;
      const query = { accept: opts.accept?.length ? opts.accept.join(',') : undefined };
      let response: Response;
      try {
        response = await t.fetch(t.url('/files', query), {
          method: 'POST',
          body,
          headers,
          credentials: 'include',
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
      } catch (e) {
        if (e instanceof Error && e.name === 'AbortError') throw e;
        throw new ApiError(0, 'network_error', e instanceof Error ? e.message : 'Network error');
      }
      const json = (await response.json().catch(() => null)) as {
        file?: FileInfo;
        error?: { code?: string; message?: string; details?: unknown };
      } | null;
      if (!response.ok || !json?.file) {
        const error = json?.error;
        throw new ApiError(
          response.status,
          error?.code ?? `http_${response.status}`,
          error?.message ?? (response.statusText || `HTTP ${response.status}`),
          error?.details,
        );
      }
      return json.file;
    },
    /** The download URL of a file; `download` forces `Content-Disposition: attachment`. */
    url: (id: string, opts: { download?: boolean } = {}) =>
      t.url(`/files/${encodeURIComponent(id)}`, { download: opts.download ? '1' : undefined }),
  };
}
