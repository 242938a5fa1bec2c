/**
 * Display labels of a widget's answer: the values of dimension and field columns whose field is a
 * relation, member(s) or department(s) are ids; `labels[columnKey][value]` names them so charts,
 * tooltips and table cells show names, not ids. Only the values present in the answer are read
 * (at most the rows returned), in one query per kind and target form.
 *
 * - Relations: the linked record's title read through the viewer's read door (decision 0035): a
 *   record the viewer may not read is `null` (the client shows a neutral mark, never the title).
 * - Members and departments: names from the org directory, which every member of the org sees.
 */
import type { FieldDefinition } from '@tangram/schema';
import type { Db } from '../db/db';
import type { Principal } from '../access';
import { openReader } from '../records/kernel/reader';
import { relationTitles } from '../records/relation-display';
import type { WidgetColumn } from './widget-query';

type Row = Record<string, unknown>;

/** `labels[columnKey][value]`: the display text of an id, null when the viewer may not read it. */
export type WidgetLabels = Record<string, Record<string, string | null>>;

/** System columns that hold a member id. */
const MEMBER_KEYS = new Set(['createdBy', 'updatedBy', 'ownerId']);

type Kind = 'relation' | 'member' | 'department';

function kindOf(field: FieldDefinition | undefined, id: string): Kind | undefined {
  if (MEMBER_KEYS.has(id)) return 'member';
  switch (field?.type) {
    case 'relation':
      return 'relation';
    case 'member':
    case 'members':
      return 'member';
    case 'department':
    case 'departments':
      return 'department';
    default:
      return undefined;
  }
}

/** The ids a cell holds: one id or a list of them. */
const idsOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');

/**
 * The labels of `columns` over `rows`. `fields` are the widget source's fields (undefined for an
 * aggregate source, whose record keys already come as titles). Undefined when nothing needs one.
 */
export async function widgetLabels(
  db: Db,
  principal: Principal,
  appId: string,
  fields: readonly FieldDefinition[] | undefined,
  columns: readonly WidgetColumn[],
  rows: readonly Row[],
  locale = 'zh-CN',
): Promise<WidgetLabels | undefined> {
  if (!fields || rows.length === 0) return undefined;
  const wanted: { key: string; kind: Kind; field: FieldDefinition | undefined; ids: Set<string> }[] = [];
  for (const column of columns) {
    if (column.role === 'measure') continue;
    const field = fields.find((f) => f.id === column.field);
    const kind = kindOf(field, column.field);
    if (!kind) continue;
    const ids = new Set(rows.flatMap((r) => idsOf(r[column.key])));
    if (ids.size) wanted.push({ key: column.key, kind, field, ids });
  }
  if (wanted.length === 0) return undefined;
  const all = (kind: Kind) => [...new Set(wanted.filter((w) => w.kind === kind).flatMap((w) => [...w.ids]))];
  const names = async (table: 'users' | 'departments', ids: string[]) => {
    if (ids.length === 0) return new Map<string, string>();
    const { rows: found } = await db.query<{ id: string; name: string }>(
      `SELECT id, name FROM ${table} WHERE org_id = $1 AND id = ANY($2)`,
      [principal.orgId, ids],
    );
    return new Map(found.map((r) => [r.id, r.name]));
  };
  const [members, departments] = await Promise.all([
    names('users', all('member')),
    names('departments', all('department')),
  ]);
  const reader = openReader(db, principal);
  const labels: WidgetLabels = {};
  for (const w of wanted) {
    let map: Record<string, string | null>;
    if (w.kind === 'relation' && w.field?.type === 'relation') {
      map = await relationTitles(reader, appId, w.field, [...w.ids], locale);
    } else {
      const directory = w.kind === 'member' ? members : departments;
      // An id no longer in the directory (a removed user) keeps showing as itself.
      map = Object.fromEntries(
        [...w.ids].filter((id) => directory.has(id)).map((id) => [id, directory.get(id)!]),
      );
    }
    if (Object.keys(map).length) labels[w.key] = map;
  }
  return Object.keys(labels).length ? labels : undefined;
}
