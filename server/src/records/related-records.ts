/**
 * Related records (decision 0060): for one record, the records of any app of the org whose
 * relation field links to it (a customer's orders, shipments and invoices), and the balances of
 * aggregate tables keyed by it (the customer's open receivables). Everything is read through the
 * read door with the viewer's own grant: a form they may not view, or whose linking field is hidden
 * from them, is left out entirely; rows outside their scope are neither listed nor counted; hidden
 * fields are masked. Balances follow the one rule of every balance channel (`mayReadAggregate`).
 *
 * Which forms link where is found by scanning the org's current app definitions; the scan is kept
 * per org and redone only when an app's version (or the set of apps) changes.
 */
import type { Grant } from '@tangram/acl';
import type {
  AggregateDefinition,
  AppDefinition,
  FieldDefinition,
  Filter,
  FormDefinition,
  I18NText,
} from '@tangram/schema';
import type { Principal } from '../access';
import { loadApp, loadForm } from '../apps/app-cache';
import { mayReadAggregate } from '../aggregates/aggregates.service';
import type { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { pgMetaStore } from '../storage/meta-store';
import type { RecordDto } from '../storage/record-store';
import { openReader, type RecordReader } from './kernel/reader';
import { withRelationDisplay, type RelationDisplay } from './relation-display';
import type { FormRef } from './records.service';

/** Groups answered at most; the rest are counted in `omitted` (one or two statements each). */
export const MAX_RELATED_GROUPS = 20;
/** Records listed per group, newest first. */
export const RELATED_ROWS = 5;
/** Aggregate tables whose balance is answered at most. */
export const MAX_RELATED_BALANCES = 10;
/** Fields shown beside a row's title. */
const DISPLAY_COLUMNS = 3;

/** Field types short enough to show in one line of a related row. */
const SHORT_TYPES: ReadonlySet<string> = new Set([
  'text',
  'serial',
  'number',
  'money',
  'percent',
  'date',
  'datetime',
  'select',
  'radio',
  'boolean',
  'phone',
  'email',
  'member',
  'department',
  'relation',
]);

/**
 * Whether a field fits one line of a related row. A formula counts unless its result is text (of
 * no bounded length): an order's total is usually a formula, and it is what a reader looks for.
 */
const isShort = (f: FieldDefinition): boolean =>
  SHORT_TYPES.has(f.type) || (f.type === 'formula' && f.config.resultType !== 'text');

/** A relation field of some app's form that links to the target form. */
export interface RelationSource {
  appId: string;
  formId: string;
  fieldId: string;
  multiple: boolean;
}

/** An aggregate table with a record key over the target form. */
export interface BalanceSource {
  appId: string;
  aggregate: AggregateDefinition;
  keyId: string;
}

export interface ReverseIndex {
  relations: Map<string, RelationSource[]>;
  balances: Map<string, BalanceSource[]>;
}

const targetKey = (appId: string, formId: string) => `${appId}\u0000${formId}`;

/**
 * Pure: every top-level relation field and every aggregate record key of `apps`, by the form it
 * targets (`config.app`, else the field's own app). Apps and forms keep their definition order,
 * so groups come back in a stable order. Subform relation columns are not indexed (decision 0060).
 */
export function reverseIndex(apps: readonly AppDefinition[]): ReverseIndex {
  const relations = new Map<string, RelationSource[]>();
  const balances = new Map<string, BalanceSource[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const app of apps) {
    for (const form of app.forms)
      for (const field of form.fields) {
        if (field.type !== 'relation') continue;
        push(relations, targetKey(field.config.app ?? app.id, field.config.form), {
          appId: app.id,
          formId: form.id,
          fieldId: field.id,
          multiple: field.config.multiple === true,
        });
      }
    for (const aggregate of app.aggregates ?? [])
      for (const key of aggregate.keys)
        if (key.type === 'record' && key.form)
          push(balances, targetKey(key.app ?? app.id, key.form), { appId: app.id, aggregate, keyId: key.id });
  }
  return { relations, balances };
}

/**
 * Pure: the fields a related row shows beside its title — the first short fields the viewer may
 * see, in form order, leaving out the title field and the relation that links back (it names the
 * record being looked at).
 */
export function displayColumns(
  form: FormDefinition,
  visible: ReadonlySet<string>,
  linkField: string,
): string[] {
  return form.fields
    .filter(
      (f) => isShort(f) && visible.has(f.id) && !f.hidden && f.id !== linkField && f.id !== form.titleField,
    )
    .slice(0, DISPLAY_COLUMNS)
    .map((f) => f.id);
}

/** Pure: the filter "links to `id`" over a relation field (a list relation holds it among others). */
export const linksTo = (fieldId: string, multiple: boolean, id: string): Filter =>
  multiple
    ? { kind: 'cmp', field: fieldId, op: 'in', value: [id] }
    : { kind: 'cmp', field: fieldId, op: 'eq', value: id };

const indexCache = new Map<string, { stamp: string; index: ReverseIndex }>();

/**
 * The org's reverse index, rebuilt when an app was added, changed or deleted. Apps in id order
 * (the listing's order follows edits), so groups keep their places.
 */
async function orgIndex(db: Db, orgId: string): Promise<ReverseIndex> {
  const rows = (await pgMetaStore.list(db, orgId)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const stamp = rows.map((r) => `${r.id}@${r.version}`).join(',');
  const cached = indexCache.get(orgId);
  if (cached?.stamp === stamp) return cached.index;
  const apps: AppDefinition[] = [];
  for (const row of rows) apps.push((await loadApp(db, orgId, row.id)).definition);
  const index = reverseIndex(apps);
  indexCache.set(orgId, { stamp, index });
  return index;
}

/** The trimmed definition a related row is shown with: name, title field and shown columns. */
export interface RelatedForm {
  id: string;
  name: I18NText;
  titleField?: string;
  fields: FieldDefinition[];
}

export interface RelatedGroup {
  appId: string;
  appName: I18NText;
  formId: string;
  formName: I18NText;
  /** The relation field that links to the record. */
  fieldId: string;
  fieldLabel: I18NText;
  multiple: boolean;
  /** Linked records the viewer may see: exact up to the count cap, else a floor (`atLeast`). */
  total: number;
  totalKind: 'exact' | 'atLeast';
  form: RelatedForm;
  /** Field ids shown beside each row's title. */
  columns: string[];
  /** The newest linked records (at most `RELATED_ROWS`), data trimmed to `form.fields`. */
  items: (RecordDto & { display?: RelationDisplay })[];
}

export interface RelatedBalance {
  appId: string;
  appName: I18NText;
  aggregateId: string;
  name: I18NText;
  /** The key of the aggregate that is this record (other keys are summed over). */
  keyId: string;
  measures: { id: string; label: I18NText; decimals: number; value: string }[];
}

export interface RelatedAnswer {
  /** False when the form's designer turned the Related tab off (`showRelated: false`). */
  shown: boolean;
  groups: RelatedGroup[];
  /** Readable groups beyond `MAX_RELATED_GROUPS`, not answered. */
  omitted: number;
  balances: RelatedBalance[];
}

/** Null when the viewer cannot open the form (no app membership, no view), else their grant. */
async function viewGrant(reader: RecordReader, ref: FormRef): Promise<Grant | null> {
  try {
    return (await reader.open(ref)).grant;
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return null;
    throw error;
  }
}

/**
 * `GET …/records/:id/related`: 404 (or 403 `form_not_readable`) exactly as reading the record
 * itself, then the groups and balances the viewer may see.
 */
export async function relatedRecords(
  db: Db,
  principal: Principal,
  ref: FormRef,
  id: string,
  locale: string,
): Promise<RelatedAnswer> {
  const reader = openReader(db, principal);
  await reader.get(ref, id);
  const target = await loadForm(db, principal.orgId, ref.appId, ref.formId);
  if (target.form.showRelated === false) return { shown: false, groups: [], omitted: 0, balances: [] };
  const index = await orgIndex(db, principal.orgId);
  const key = targetKey(ref.appId, ref.formId);

  // Which groups the viewer may see is decided on grants alone (no record read), so the cap
  // counts only groups they would actually get.
  const readable: { source: RelationSource; grant: Grant }[] = [];
  // The record's own app first (its contacts before another app's orders), each in index order.
  const sources = [...(index.relations.get(key) ?? [])].sort(
    (a, b) => Number(b.appId === ref.appId) - Number(a.appId === ref.appId),
  );
  for (const source of sources) {
    const grant = await viewGrant(reader, { appId: source.appId, formId: source.formId });
    // A hidden linking field would let the viewer probe it by the group's count: no group.
    if (grant && grant.fields.visible.includes(source.fieldId)) readable.push({ source, grant });
  }
  const groups: RelatedGroup[] = [];
  for (const { source, grant } of readable.slice(0, MAX_RELATED_GROUPS))
    groups.push(await readGroup(db, principal.orgId, reader, source, grant, id, locale));

  const balances: RelatedBalance[] = [];
  for (const source of (index.balances.get(key) ?? []).slice(0, MAX_RELATED_BALANCES)) {
    const balance = await readBalance(db, principal, source, id);
    if (balance) balances.push(balance);
  }
  return { shown: true, groups, omitted: Math.max(0, readable.length - MAX_RELATED_GROUPS), balances };
}

async function readGroup(
  db: Db,
  orgId: string,
  reader: RecordReader,
  source: RelationSource,
  grant: Grant,
  id: string,
  locale: string,
): Promise<RelatedGroup> {
  const ref = { appId: source.appId, formId: source.formId };
  const { form, app } = await loadForm(db, orgId, ref.appId, ref.formId);
  const visible = new Set(grant.fields.visible);
  const columns = displayColumns(form, visible, source.fieldId);
  // What the row's title is made of (the title field, else the serial number, else a summary of
  // short fields) plus the shown columns: the rest of the record stays on the server.
  const kept = form.fields.filter(
    (f) =>
      visible.has(f.id) &&
      (f.id === form.titleField || columns.includes(f.id) || (isShort(f) && f.type !== 'relation')),
  );
  const keptIds = new Set(kept.map((f) => f.id));
  const filter = linksTo(source.fieldId, source.multiple, id);
  // One statement for the page; the capped count only when there are more rows than shown.
  const page = await reader.page(ref, {
    filter,
    sort: [{ field: 'createdAt', dir: 'desc' }],
    limit: RELATED_ROWS,
  });
  let total = page.items.length;
  let totalKind: 'exact' | 'atLeast' = 'exact';
  if (page.nextCursor !== null) {
    const counted = await reader.page(ref, {
      filter,
      sort: [{ field: 'id', dir: 'asc' }],
      limit: 1,
      count: 'capped',
    });
    total = counted.total ?? total;
    totalKind = counted.totalKind === 'atLeast' ? 'atLeast' : 'exact';
  }
  const trimmed = page.items.map((r) => ({
    ...r,
    data: Object.fromEntries(Object.entries(r.data).filter(([fieldId]) => keptIds.has(fieldId))),
  }));
  const items = await withRelationDisplay(reader, ref, trimmed, locale);
  const field = form.fields.find((f) => f.id === source.fieldId)!;
  return {
    appId: source.appId,
    appName: app.name,
    formId: source.formId,
    formName: form.name,
    fieldId: source.fieldId,
    fieldLabel: field.label,
    multiple: source.multiple,
    total,
    totalKind,
    form: {
      id: form.id,
      name: form.name,
      ...(form.titleField && visible.has(form.titleField) ? { titleField: form.titleField } : {}),
      fields: kept,
    },
    columns,
    items,
  };
}

/**
 * The balance of one aggregate at this record's key, summed over its other keys (stock by product
 * and warehouse, at a product: its stock in all warehouses). Null when the viewer may not read it.
 */
async function readBalance(
  db: Db,
  principal: Principal,
  source: BalanceSource,
  id: string,
): Promise<RelatedBalance | null> {
  let app: AppDefinition;
  try {
    app = (await loadApp(db, principal.orgId, source.appId)).definition;
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return null;
    throw error;
  }
  const { aggregate } = source;
  if (!(await mayReadAggregate(db, principal, app, aggregate))) return null;
  // A single-key aggregate is read by its primary key; with more keys, by the key's value.
  const single = aggregate.keys.length === 1;
  const { rows } = await db.query<{ measure_id: string; value: string }>(
    `SELECT measure_id, sum(value)::text AS value FROM aggregate_balances
      WHERE org_id = $1 AND app_id = $2 AND aggregate_id = $3
        AND ${single ? 'key_text = $4' : 'key_values @> $4::jsonb'}
      GROUP BY measure_id`,
    [
      principal.orgId,
      source.appId,
      aggregate.id,
      single ? JSON.stringify([id]) : JSON.stringify({ [source.keyId]: id }),
    ],
  );
  const found = new Map(rows.map((r) => [r.measure_id, r.value]));
  return {
    appId: source.appId,
    appName: app.name,
    aggregateId: aggregate.id,
    name: aggregate.name,
    keyId: source.keyId,
    measures: aggregate.measures.map((m) => ({
      id: m.id,
      label: m.label,
      decimals: m.decimals ?? 0,
      value: fixed(found.get(m.id) ?? '0', m.decimals ?? 0),
    })),
  };
}

/** Decimal text rounded half away from zero to `places` (sums of stored values may carry more). */
export function fixed(text: string, places: number): string {
  const negative = text.trim().startsWith('-');
  const [int = '0', frac = ''] = text.trim().replace(/^-/, '').split('.');
  const digits = `${int}${frac.padEnd(places + 1, '0').slice(0, places + 1)}`;
  let n = BigInt(digits.slice(0, -1) || '0');
  if (Number(digits.slice(-1)) >= 5) n += 1n;
  const s = n.toString().padStart(places + 1, '0');
  const body = places === 0 ? s : `${s.slice(0, -places)}.${s.slice(-places)}`;
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}
