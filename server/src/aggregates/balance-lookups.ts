/**
 * Balance lookups (decision 0036): a lookup field whose config names an aggregate table's measure
 * and maps each key to a field of its row (or of the parent record, for a subform row), e.g.
 * "available stock" on an order line = stock.qty at (line.product, record.warehouse). Computed on
 * the server from the stored balance, exact decimal text rounded to the measure's places, read by
 * the key's primary key. Balances are visible to every member of the app (decision 0028), so the
 * caller's right to the value is the right to open the form.
 */
import type {
  AggregateDefinition,
  AppDefinition,
  BalanceLookup,
  FieldDefinition,
  FormDefinition,
} from '@tangram/schema';
import { loadForm } from '../apps/app-cache';
import type { Db } from '../db/db';
import { keyTextOf } from './postings';

type Row = Record<string, unknown>;
type LookupField = Extract<FieldDefinition, { type: 'lookup' }>;

/** A balance lookup of a form: on the record (`subform` undefined) or a column of a subform. */
export interface BalanceLookupField {
  field: LookupField & { config: { balance: BalanceLookup } };
  subform?: string;
}

/** The form's balance lookups, record-level first, then those of each subform. */
export function balanceLookupFields(form: FormDefinition): BalanceLookupField[] {
  const out: BalanceLookupField[] = [];
  const own = (f: FieldDefinition): f is BalanceLookupField['field'] =>
    f.type === 'lookup' && f.config.balance !== undefined;
  for (const f of form.fields) {
    if (own(f)) out.push({ field: f });
    if (f.type === 'subform')
      for (const c of f.config.fields) if (own(c)) out.push({ field: c, subform: f.id });
  }
  return out;
}

/**
 * The key text of a balance lookup for one row, or null when a key value is empty (no balance is
 * shown for a line without a product). Values are read as postings store them.
 */
export function balanceKeyText(
  aggregate: AggregateDefinition,
  balance: BalanceLookup,
  row: Row,
  record: Row,
): string | null {
  const values: string[] = [];
  for (const key of aggregate.keys) {
    const ref = balance.keys[key.id];
    if (!ref) return null;
    const raw = (ref.from === 'record' ? record : row)[ref.field];
    if (raw === undefined || raw === null || raw === '') return null;
    values.push(typeof raw === 'string' ? raw : JSON.stringify(raw));
  }
  return keyTextOf(values);
}

/** Decimal text with exactly `places` places. */
function fixed(text: string, places: number): string {
  const negative = text.startsWith('-');
  const [int = '0', frac = ''] = text.replace(/^-/, '').split('.');
  const body = places === 0 ? int : `${int}.${frac.padEnd(places, '0').slice(0, places)}`;
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}

/**
 * Reads the balances of many (lookup, key) pairs in one statement per aggregate and measure set.
 * Answers decimal text with the measure's places ("0" places: whole numbers); a key with no
 * balance row is 0, as the balances API shows it.
 */
export async function readBalanceValues(
  db: Db,
  scope: { orgId: string; appId: string },
  wanted: readonly { aggregate: AggregateDefinition; measure: string; keyText: string }[],
): Promise<string[]> {
  if (wanted.length === 0) return [];
  const { rows } = await db.query<{
    aggregate_id: string;
    key_text: string;
    measure_id: string;
    value: string;
  }>(
    `SELECT b.aggregate_id, b.key_text, b.measure_id, b.value::text AS value
       FROM aggregate_balances b
       JOIN unnest($3::text[], $4::text[], $5::text[]) AS w(aggregate_id, key_text, measure_id)
         ON b.aggregate_id = w.aggregate_id AND b.key_text = w.key_text AND b.measure_id = w.measure_id
      WHERE b.org_id = $1 AND b.app_id = $2`,
    [
      scope.orgId,
      scope.appId,
      wanted.map((w) => w.aggregate.id),
      wanted.map((w) => w.keyText),
      wanted.map((w) => w.measure),
    ],
  );
  const found = new Map(
    rows.map((r) => [`${r.aggregate_id}\u0000${r.key_text}\u0000${r.measure_id}`, r.value]),
  );
  return wanted.map((w) => {
    const places = w.aggregate.measures.find((m) => m.id === w.measure)?.decimals ?? 0;
    return fixed(found.get(`${w.aggregate.id}\u0000${w.keyText}\u0000${w.measure}`) ?? '0', places);
  });
}

/**
 * Fills every balance lookup of `form` into each of `records` (a record's data, subform rows
 * included): a number parsed from the exact decimal text, or null when a key is empty. One
 * statement for all of them; returns copies.
 */
export async function withBalanceLookups(
  db: Db,
  scope: { orgId: string; appId: string },
  app: Pick<AppDefinition, 'aggregates'>,
  form: FormDefinition,
  records: readonly Row[],
): Promise<Row[]> {
  const lookups = balanceLookupFields(form);
  if (lookups.length === 0) return [...records];
  type Slot = {
    set: (v: number | null) => void;
    aggregate: AggregateDefinition;
    measure: string;
    keyText: string;
  };
  const slots: Slot[] = [];
  const out = records.map((data) => {
    const copy: Row = { ...data };
    for (const { field, subform } of lookups) {
      const balance = field.config.balance;
      const aggregate = (app.aggregates ?? []).find((a) => a.id === balance.aggregate);
      if (!aggregate) continue;
      const visit = (row: Row, set: (v: number | null) => void) => {
        const keyText = balanceKeyText(aggregate, balance, row, data);
        if (keyText === null) set(null);
        else slots.push({ set, aggregate, measure: balance.measure, keyText });
      };
      if (subform === undefined) {
        visit(data, (v) => (copy[field.id] = v));
        continue;
      }
      if (!Array.isArray(copy[subform])) continue;
      const rows = (copy[subform] as Row[]).map((r) => ({ ...r }));
      copy[subform] = rows;
      for (const row of rows) visit(row, (v) => (row[field.id] = v));
    }
    return copy;
  });
  const values = await readBalanceValues(db, scope, slots);
  slots.forEach((slot, i) => slot.set(Number(values[i])));
  return out;
}

/**
 * The data of records of a form of the caller's org with their balance lookups (record answers:
 * a single record, list and query pages), current at read time.
 */
export async function balanceLookupData(
  db: Db,
  principal: { orgId: string },
  ref: { appId: string; formId: string },
  records: readonly Row[],
): Promise<Row[]> {
  const ctx = await loadForm(db, principal.orgId, ref.appId, ref.formId);
  if (balanceLookupFields(ctx.form).length === 0) return [...records];
  return withBalanceLookups(db, { orgId: principal.orgId, appId: ref.appId }, ctx.app, ctx.form, records);
}
