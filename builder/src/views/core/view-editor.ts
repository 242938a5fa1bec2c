/**
 * The pure part of the studio's view editor (decision 0056): where the server's refusal of a view
 * is shown, and the order of a form's shared views. No React, no I/O.
 */

/** One per-value problem of an API error (`error.details[]`). */
export interface IssueDetail {
  path: string;
  code: string;
  message: string;
}

/** Texts for the refusal codes of view settings; a code without one keeps the server's message. */
export type IssueTexts = Partial<Record<string, string>>;

export interface PlacedIssues {
  /** The view's name (`/name`). */
  name?: string;
  /** The kind itself: its settings block is missing (`/config/kanban`, code `required`). */
  kind?: string;
  /** Per setting, keyed `block/key` (`/config/kanban/groupField` -> `kanban/groupField`). */
  settings: Record<string, string>;
  /** What has no control on screen (filters, columns, another kind's settings): path and message. */
  other: { path: string; message: string }[];
}

const SETTING_BLOCKS = new Set(['grid', 'kanban', 'calendar', 'gallery', 'gantt']);

/** `{{name}}` interpolation. */
const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');

/** The field a message is about, when the server quoted it (`unknown field "x"`, `"x" is a …`). */
const quotedField = (message: string) => /"([^"]+)"/.exec(message)?.[1] ?? '';

/**
 * Sorts the details of a refused save onto the controls they concern. `visibleKind` is the kind
 * whose settings are on screen: another kind's settings (checked too, decision 0039) are listed
 * apart, since no control shows them. The first message per control wins.
 */
export function placeIssues(
  details: readonly IssueDetail[],
  visibleKind: string,
  texts: IssueTexts = {},
): PlacedIssues {
  const out: PlacedIssues = { settings: {}, other: [] };
  for (const d of details) {
    const own = texts[d.code];
    const message = own ? fill(own, { field: quotedField(d.message) }) : d.message;
    if (d.path === '/name') {
      out.name ??= message;
      continue;
    }
    const parts = d.path.split('/').slice(1); // '' before the first slash
    if (parts[0] === 'config' && parts[1] && SETTING_BLOCKS.has(parts[1])) {
      if (parts.length === 2) {
        out.kind ??= message;
        continue;
      }
      if (parts[1] === visibleKind && parts[2]) {
        const key = `${parts[1]}/${parts[2]}`;
        out.settings[key] ??= message;
        continue;
      }
    }
    out.other.push({ path: d.path, message });
  }
  return out;
}

/** `ids` with `id` moved `delta` places (clamped to the ends); the same array when nothing moves. */
export function moveInOrder(ids: readonly string[], id: string, delta: number): readonly string[] {
  const from = ids.indexOf(id);
  if (from < 0) return ids;
  const to = Math.max(0, Math.min(ids.length - 1, from + delta));
  if (to === from) return ids;
  const next = ids.slice();
  next.splice(from, 1);
  next.splice(to, 0, id);
  return next;
}

/** The API error's details when it is a refusal with per-value problems (400/422), else none. */
export function issueDetails(error: unknown): IssueDetail[] {
  const details = (error as { details?: unknown } | null)?.details;
  if (!Array.isArray(details)) return [];
  return details.filter(
    (d): d is IssueDetail =>
      typeof d === 'object' &&
      d !== null &&
      typeof (d as IssueDetail).path === 'string' &&
      typeof (d as IssueDetail).message === 'string',
  );
}
