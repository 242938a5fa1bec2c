/**
 * The import wizard's pure parts: mapping edits, the time-left text, and an API error as a
 * sentence in the user's language. The React binding (react/import-wizard.tsx) holds no logic
 * beyond calling these and the API.
 */
import type { ImportColumn, ImportJob, ImportSettings, ImportTarget } from '@tangram/client';
import type { ImportTexts } from '../texts';

export type WizardStep = 'upload' | 'sheet' | 'mapping' | 'check' | 'run';
export const STEPS: readonly WizardStep[] = ['upload', 'sheet', 'mapping', 'check', 'run'];

/** `field` or `field.sub`: one value for a select. */
export const targetKey = (t: { field: string; sub?: string | undefined }) =>
  t.sub ? `${t.field}.${t.sub}` : t.field;

/** The mapping with `column` pointed at `key` (or at nothing); a field stays on one column. */
export function mapColumn(
  columns: readonly ImportColumn[],
  column: number,
  key: string | null,
): ImportColumn[] {
  const rest = columns.filter((c) => c.column !== column && (key === null || targetKey(c) !== key));
  if (key === null) return rest;
  const [field, sub] = key.split('.') as [string, string | undefined];
  return [...rest, { column, field, ...(sub ? { sub } : {}) }].sort((a, b) => a.column - b.column);
}

export const columnTarget = (columns: readonly ImportColumn[], column: number) => {
  const hit = columns.find((c) => c.column === column);
  return hit ? targetKey(hit) : null;
};

/** The header cells of the chosen header row. */
export function headersOf(job: ImportJob, settings: ImportSettings): string[] {
  const sheet = job.sheets[settings.sheet];
  return sheet?.preview.find((r) => r.number === settings.headerRow)?.cells ?? [];
}

/** The first data value under each column, for the mapping's sample column. */
export function samplesOf(job: ImportJob, settings: ImportSettings): string[] {
  const sheet = job.sheets[settings.sheet];
  const below = sheet?.preview.filter((r) => r.number > settings.headerRow) ?? [];
  const width = Math.max(0, ...below.map((r) => r.cells.length));
  return Array.from(
    { length: width },
    (_v, i) => below.find((r) => (r.cells[i] ?? '').trim())?.cells[i] ?? '',
  );
}

/** Whether a subform field is mapped (then a group column makes sense). */
export const mapsSubform = (columns: readonly ImportColumn[]) => columns.some((c) => c.sub);

/** Fields usable as the upsert key: mapped top-level text-like fields. */
export function keyCandidates(
  columns: readonly ImportColumn[],
  targets: readonly ImportTarget[],
): ImportTarget[] {
  const mapped = new Set(columns.filter((c) => !c.sub).map((c) => c.field));
  return targets.filter(
    (t) => !t.sub && mapped.has(t.field) && ['text', 'phone', 'email', 'number', 'url'].includes(t.type),
  );
}

export const fill = (text: string, values: Record<string, string | number>): string =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));

export function timeLeft(seconds: number | null, tx: ImportTexts): string | null {
  if (seconds === null || !Number.isFinite(seconds)) return null;
  return seconds < 90
    ? fill(tx.seconds, { n: Math.max(1, Math.round(seconds)) })
    : fill(tx.minutes, { n: Math.round(seconds / 60) });
}

/** An API error as one sentence in the user's language (the server's message for unknown codes). */
export function errorText(e: unknown, tx: ImportTexts): string {
  const err = e as { code?: string; message?: string; details?: unknown };
  const known = tx.errors as Record<string, string>;
  if (err.code === 'bad_headers' && Array.isArray(err.details)) {
    const parts = (err.details as { path: string; code: string; message: string }[]).map((d) =>
      fill(known[d.code] ?? d.code, { col: Number(d.path.split('/').pop()) + 1, name: d.message }),
    );
    return `${known.bad_headers}${parts.join('；')}`;
  }
  if (err.code === 'field_not_editable' && Array.isArray(err.details))
    return fill(known.field_not_editable!, {
      detail: (err.details as { message: string }[]).map((d) => d.message).join(', '),
    });
  if (err.code && known[err.code]) return known[err.code]!;
  return err.message ?? String(e);
}

export const isActive = (job: ImportJob | null) =>
  job !== null && (job.status === 'queued' || job.status === 'running');
