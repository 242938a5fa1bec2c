import { ApiError } from './api-error';
import type { Filter, SortKey } from './schema-types';
import { fileNameOf, type DownloadedFile, type FetchLike, type Transport } from './transport';

export interface ExportRef {
  appId: string;
  formId: string;
}

/** What to export (decision 0044): a saved view, or the data view's own columns, filter and sort. */
export interface ExportRequest {
  format: 'xlsx' | 'csv';
  view?: string;
  columns?: string[];
  filter?: Filter;
  sort?: SortKey[];
  q?: string;
  /** `sheet`: a second sheet per subform (xlsx only); `rows`: one row per subform row. */
  subforms?: 'sheet' | 'rows' | 'none';
  /** `zip`: the sheet and the records' files in one zip, cells naming paths inside it (decision 0057). */
  attachments?: 'links' | 'zip';
}

export interface ExportJob {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  format: 'xlsx' | 'csv';
  fileName: string;
  rowsTotal: number | null;
  rowsDone: number;
  fileSize: number | null;
  message: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** The file can be downloaded until then. */
  expiresAt: string;
}

/** A small export answers the file; a large one a job to follow. */
export type ExportStart = { kind: 'file'; file: DownloadedFile } | { kind: 'job'; job: ExportJob };

const enc = encodeURIComponent;
const base = (r: ExportRef) => `/apps/${enc(r.appId)}/forms/${enc(r.formId)}/exports`;

/** Record export: start (file or job), follow a job, download its file. */
export function createExportsApi({ http, fetch }: { http: Transport; fetch: FetchLike }) {
  return {
    start: async (ref: ExportRef, request: ExportRequest, lang: string): Promise<ExportStart> => {
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'Accept-Language': lang,
      };
      const token = http.getCsrfToken();
      if (token) headers['X-CSRF-Token'] = token;
      let response: Response;
      try {
        response = await fetch(http.url(base(ref)), {
          method: 'POST',
          body: JSON.stringify(request),
          headers,
          credentials: 'include',
        });
      } catch (e) {
        throw new ApiError(0, 'network_error', e instanceof Error ? e.message : 'Network error');
      }
      if (response.status === 200)
        return {
          kind: 'file',
          file: {
            blob: await response.blob(),
            filename: fileNameOf(response.headers.get('Content-Disposition')),
          },
        };
      const json = (await response.json().catch(() => null)) as {
        export?: ExportJob;
        error?: { code?: string; message?: string; details?: unknown };
      } | null;
      if (response.status !== 202 || !json?.export)
        throw new ApiError(
          response.status,
          json?.error?.code ?? `http_${response.status}`,
          json?.error?.message ?? `HTTP ${response.status}`,
          json?.error?.details,
        );
      return { kind: 'job', job: json.export };
    },
    get: (ref: ExportRef, id: string) =>
      http.request<{ export: ExportJob }>('GET', `${base(ref)}/${enc(id)}`).then((r) => r.export),
    download: (ref: ExportRef, id: string): Promise<DownloadedFile> =>
      http.requestFile('GET', `${base(ref)}/${enc(id)}/file`),
  };
}
