/**
 * The files of an export "as a zip with the files" (decision 0057): which stored files the sheet
 * names, the path each gets inside the zip (`files/<record>/<column>/<name>`, the text the sheet's
 * cell holds), and the bound on their number and total size, checked as the sheet is written so
 * an export that would be too large stops early with a clear error.
 *
 * Only files the sheet names are ever added, and the sheet names only what the exporter's read
 * door gave back (their `export` scope, their visible fields), so the zip holds no file of a
 * record or field they may not read. File metadata is read per page from `files`, scoped to the
 * exporter's org (a file id of another org does not exist here).
 */
import type { Db } from '../db/db';
import { unprocessable } from '../http/app-error';
import { EXPORT_LIMITS } from './limits';

export interface ZipLimits {
  /** Total bytes of the files in one zip. */
  maxBytes: number;
  /** Files in one zip. */
  maxFiles: number;
}

/** The zip bounds: `EXPORT_ZIP_MAX_BYTES` (tests and small servers) lowers the byte limit. */
export function zipLimits(env: NodeJS.ProcessEnv = process.env): ZipLimits {
  const raw = env.EXPORT_ZIP_MAX_BYTES;
  const n = raw === undefined ? NaN : Number(raw);
  return {
    maxBytes: Number.isInteger(n) && n >= 0 ? n : EXPORT_LIMITS.zipBytes,
    maxFiles: EXPORT_LIMITS.zipFiles,
  };
}

export interface ZipEntry {
  fileId: string;
  path: string;
  mime: string;
}

interface FileMeta {
  name: string;
  size: number;
  mime: string;
}

/** Characters no file system or zip tool takes in a name, and controls; a path never climbs. */
// eslint-disable-next-line no-control-regex -- control characters are what is being replaced
const UNSAFE = /[\u0000-\u001f\u007f\\/:*?"<>|]/g;

/** One path segment: safe characters, no leading dots, at most `max` characters. */
export function safeSegment(text: string, fallback: string, max = 80): string {
  const cleaned = [...text.replace(UNSAFE, '_').trim().replace(/^\.+/, '')].slice(0, max).join('').trim();
  return cleaned || fallback;
}

/** `name.ext` -> `name (2).ext`. */
function numbered(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/** A megabyte figure for messages: 1.5 MB, 200 MB. */
const mb = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

export class ZipFiles {
  private readonly meta = new Map<string, FileMeta | null>();
  private readonly paths = new Map<string, string>();
  private readonly used = new Set<string>();
  private readonly list: ZipEntry[] = [];
  private total = 0;

  constructor(
    private readonly limits: ZipLimits,
    private readonly origin: string,
  ) {}

  get bytes(): number {
    return this.total;
  }

  get entries(): readonly ZipEntry[] {
    return this.list;
  }

  /** Reads the names, sizes and types of `ids` not known yet (one statement per page). */
  async load(db: Db, orgId: string, ids: Iterable<string>): Promise<void> {
    const wanted = [...new Set(ids)].filter((id) => !this.meta.has(id) && !this.paths.has(id));
    if (wanted.length === 0) return;
    const { rows } = await db.query<{ id: string; name: string; size: string | number; mime: string }>(
      `SELECT id, name, size, mime FROM files WHERE org_id = $1 AND id = ANY($2::text[])`,
      [orgId, wanted],
    );
    for (const id of wanted) this.meta.set(id, null);
    for (const r of rows) this.meta.set(r.id, { name: r.name, size: Number(r.size), mime: r.mime });
  }

  /** Metadata of files already placed is dropped after each page: memory holds the paths only. */
  forgetPage(): void {
    this.meta.clear();
  }

  /**
   * The path of file `fileId` in the zip, placed under `record/column` the first time it is named
   * (a file two records share is added once). A file not in the org's store keeps its link.
   * Throws 422 `export_files_too_large` once the files pass the bound.
   */
  pathOf(record: string, column: string, fileId: string): string {
    const known = this.paths.get(fileId);
    if (known) return known;
    const meta = this.meta.get(fileId);
    if (!meta) return `${this.origin}/api/v1/files/${encodeURIComponent(fileId)}?download`;
    if (this.list.length + 1 > this.limits.maxFiles || this.total + meta.size > this.limits.maxBytes)
      throw unprocessable(
        'export_files_too_large',
        `The files of this export come to more than ${this.list.length + 1 > this.limits.maxFiles ? `${this.limits.maxFiles} files` : mb(this.limits.maxBytes)}: narrow the filter, or export attachments as links.`,
        { maxBytes: this.limits.maxBytes, maxFiles: this.limits.maxFiles },
      );
    const dir = `files/${safeSegment(record, 'record')}/${safeSegment(column, 'files')}`;
    const name = safeSegment(meta.name, 'file', 120);
    let path = `${dir}/${name}`;
    for (let n = 2; this.used.has(path.toLowerCase()); n += 1) path = `${dir}/${numbered(name, n)}`;
    this.used.add(path.toLowerCase());
    this.paths.set(fileId, path);
    this.list.push({ fileId, path, mime: meta.mime });
    this.total += meta.size;
    return path;
  }
}

/** Files already compressed (images, PDFs, office files, archives) are stored, not deflated again. */
export function worthDeflating(mime: string): boolean {
  return /^text\/|json|xml|svg/.test(mime);
}
