import { ApiError } from './api-error';
import type { DownloadedFile, Transport } from './transport';
import type { FetchLike } from './transport';

export interface ImportRef {
  appId: string;
  formId: string;
}

export interface ImportColumn {
  column: number;
  field: string;
  sub?: string;
}

/** Sheet, header row, mapping and policies of an import (decision 0040). */
export interface ImportSettings {
  sheet: number;
  headerRow: number;
  columns: ImportColumn[];
  policy: 'all_or_nothing' | 'skip_bad_rows';
  mode: 'create' | 'upsert';
  keyField?: string;
  groupBy?: number;
}

export interface ImportSheet {
  index: number;
  name: string;
  rows: number;
  columns: number;
  preview: { number: number; cells: string[] }[];
  merged: string[];
  formulasWithoutValue: number;
}

export interface ImportTarget {
  field: string;
  sub?: string;
  type: string;
  label: { 'zh-CN'?: string; en?: string };
  required: boolean;
}

export interface ImportCellError {
  row: number;
  column: number | null;
  header: string;
  value: string;
  code: string;
  reason: string;
}

export type ImportStatus =
  'reading' | 'ready' | 'queued' | 'running' | 'checked' | 'done' | 'failed' | 'cancelled';

export interface ImportJob {
  id: string;
  status: ImportStatus;
  phase: 'check' | 'write';
  writeAfterCheck: boolean;
  file: { name: string; kind: 'xlsx' | 'csv'; size: number; encoding: string | null };
  sheets: ImportSheet[];
  settings: ImportSettings | null;
  suggestion: ImportSettings;
  targets: ImportTarget[];
  progress: { total: number; done: number; rowsPerSecond: number | null; secondsLeft: number | null };
  created: number;
  updated: number;
  skipped: number;
  badRows: number;
  errorCount: number;
  errors: ImportCellError[];
  message: string | null;
  /** Why a file could not be read after the upload was answered (`reading` -> `failed`). */
  errorCode: string | null;
  cancelRequested: boolean;
  createdAt: string;
  finishedAt: string | null;
}

interface ImportsTransport {
  http: Transport;
  fetch: FetchLike;
}

const enc = encodeURIComponent;
const base = (r: ImportRef) => `/apps/${enc(r.appId)}/forms/${enc(r.formId)}/imports`;

/**
 * Record import: upload a spreadsheet (multipart), set its mapping, dry run, run, follow the
 * progress, cancel, and download the bad rows as xlsx.
 */
export function createImportsApi({ http, fetch }: ImportsTransport) {
  const job = (p: Promise<{ import: ImportJob }>) => p.then((r) => r.import);
  return {
    upload: async (ref: ImportRef, file: Blob, name: string, lang: string): Promise<ImportJob> => {
      const body = new FormData();
      body.append('file', file, name);
      const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': lang };
      const token = http.getCsrfToken();
      if (token) headers['X-CSRF-Token'] = token;
      let response: Response;
      try {
        response = await fetch(http.url(base(ref)), {
          method: 'POST',
          body,
          headers,
          credentials: 'include',
        });
      } catch (e) {
        throw new ApiError(0, 'network_error', e instanceof Error ? e.message : 'Network error');
      }
      const json = (await response.json().catch(() => null)) as {
        import?: ImportJob;
        error?: { code?: string; message?: string; details?: unknown };
      } | null;
      if (!response.ok || !json?.import)
        throw new ApiError(
          response.status,
          json?.error?.code ?? `http_${response.status}`,
          json?.error?.message ?? `HTTP ${response.status}`,
          json?.error?.details,
        );
      return json.import;
    },
    get: (ref: ImportRef, id: string, lang: string) =>
      job(http.request('GET', `${base(ref)}/${enc(id)}`, { headers: { 'Accept-Language': lang } })),
    configure: (ref: ImportRef, id: string, settings: ImportSettings, lang: string) =>
      job(
        http.request('PUT', `${base(ref)}/${enc(id)}/settings`, {
          body: settings,
          headers: { 'Accept-Language': lang },
        }),
      ),
    dryRun: (ref: ImportRef, id: string, lang: string) =>
      job(http.request('POST', `${base(ref)}/${enc(id)}/dry-run`, { headers: { 'Accept-Language': lang } })),
    run: (ref: ImportRef, id: string, lang: string) =>
      job(http.request('POST', `${base(ref)}/${enc(id)}/run`, { headers: { 'Accept-Language': lang } })),
    cancel: (ref: ImportRef, id: string, lang: string) =>
      job(http.request('POST', `${base(ref)}/${enc(id)}/cancel`, { headers: { 'Accept-Language': lang } })),
    errorReport: (ref: ImportRef, id: string, lang: string): Promise<DownloadedFile> =>
      http.requestFile('GET', `${base(ref)}/${enc(id)}/errors.xlsx`, {
        headers: { 'Accept-Language': lang },
      }),
  };
}
