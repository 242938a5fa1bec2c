/**
 * Reading and rebuilding aggregate tables through the API (decision 0028). A balance summarises
 * its source forms, so it is visible to the app's admins and to members who may view every source
 * form and every field its postings read (any row scope): a warehouse clerk who cannot open
 * invoices, or see order amounts, does not read them through a balance (decision 0041). An app the caller cannot see is 404. Key titles are read
 * through the caller's read door, so a key whose record title is hidden from them shows its id only.
 */
import { canDo } from '@tangram/acl';
import { aggregateSourceFields, type AggregateDefinition, type AppDefinition } from '@tangram/schema';
import type { Principal } from '../access';
import { appRoleFor, grantFor } from '../access/grants';
import { loadApp } from '../apps/app-cache';
import type { Db } from '../db/db';
import { badRequest, forbidden, notFound, validationFailed, type AppError } from '../http/app-error';
import { writeAudit } from '../org/audit-log';
import { openReader } from '../records/kernel/reader';
import { rebuildAggregate, type RebuildReport } from './rebuild';

export const MAX_BALANCE_PAGE = 500;
const DEFAULT_BALANCE_PAGE = 100;

async function openAggregate(
  db: Db,
  principal: Principal,
  appId: string,
  aggregateId?: string,
): Promise<{ aggregates: AggregateDefinition[]; aggregate?: AggregateDefinition; admin: boolean }> {
  const { definition } = await loadApp(db, principal.orgId, appId);
  const role = await appRoleFor(db, principal, definition);
  if (role === null) throw notFound('App');
  const aggregates = definition.aggregates ?? [];
  if (aggregateId === undefined) return { aggregates, admin: role === 'admin' };
  const aggregate = aggregates.find((a) => a.id === aggregateId);
  if (!aggregate) throw notFound('Aggregate', 'aggregate_not_found');
  return { aggregates, aggregate, admin: role === 'admin' };
}

/**
 * Whether `principal` may read `aggregate`'s balances: app admins always, members only with view
 * on every form that posts into it and every field those postings read visible (a balance of
 * order amounts is hidden from whoever may not see the amounts). The one check for every channel
 * that shows balances.
 */
export async function mayReadAggregate(
  db: Db,
  principal: Principal,
  app: AppDefinition,
  aggregate: AggregateDefinition,
): Promise<boolean> {
  const role = await appRoleFor(db, principal, app);
  if (role === 'admin') return true;
  if (role === null) return false;
  for (const source of aggregate.sources) {
    const grant = await grantFor(db, principal, app, source.form);
    if (!canDo(grant, 'view')) return false;
    const visible = new Set(grant.fields.visible);
    if (!aggregateSourceFields(source).every((f) => visible.has(f))) return false;
  }
  return true;
}

/** 403 for a balance the caller may not read (in the client's language). */
export function aggregateNotReadable(): AppError {
  const error = forbidden(
    'Reading this balance needs access to every form and field that posts into it.',
    'aggregate_not_readable',
  );
  error.localized = { en: error.message, 'zh-CN': '查看此余额需要能查看记入它的所有表单和字段。' };
  return error;
}

/** The app's aggregate definitions the caller may read (what the balances and a designer need). */
export async function listAggregates(db: Db, principal: Principal, appId: string) {
  const { aggregates } = await openAggregate(db, principal, appId);
  const { definition } = await loadApp(db, principal.orgId, appId);
  const readable: AggregateDefinition[] = [];
  for (const agg of aggregates)
    if (await mayReadAggregate(db, principal, definition, agg)) readable.push(agg);
  return readable.map(({ id, name, description, keys, measures, rules }) => ({
    id,
    name,
    ...(description ? { description } : {}),
    keys,
    measures,
    rules: rules ?? [],
  }));
}

export interface BalanceQuery {
  limit?: string;
  cursor?: string;
  /** `k.<keyId>` = value filters. */
  keys: Record<string, string>;
}

const encodeCursor = (keyText: string) => Buffer.from(keyText, 'utf8').toString('base64url');

function decodeCursor(text: string): string {
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  if (!text || encodeCursor(decoded) !== text)
    throw badRequest('bad_cursor', 'The cursor is invalid; start again from the first page.');
  return decoded;
}

/**
 * One keyset page of balances by key (key text order): `{ items: [{ key, titles, values }], nextCursor }`.
 * Values are exact decimal text with the measure's places.
 */
export async function readBalances(
  db: Db,
  principal: Principal,
  appId: string,
  aggregateId: string,
  q: BalanceQuery,
) {
  const { aggregate } = await openAggregate(db, principal, appId, aggregateId);
  const agg = aggregate!;
  const { definition } = await loadApp(db, principal.orgId, appId);
  if (!(await mayReadAggregate(db, principal, definition, agg))) throw aggregateNotReadable();
  const limit = q.limit === undefined ? DEFAULT_BALANCE_PAGE : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_BALANCE_PAGE)
    throw validationFailed(
      [
        {
          path: '/query/limit',
          code: 'range',
          message: `must be a whole number from 1 to ${MAX_BALANCE_PAGE}`,
        },
      ],
      'The query string is invalid.',
    );
  for (const keyId of Object.keys(q.keys))
    if (!agg.keys.some((k) => k.id === keyId))
      throw validationFailed(
        [
          {
            path: `/query/k.${keyId}`,
            code: 'unknown_key',
            message: `aggregate "${agg.id}" has no key "${keyId}"`,
          },
        ],
        `Aggregate "${agg.id}" has no key "${keyId}".`,
      );
  const after = q.cursor === undefined ? null : decodeCursor(q.cursor);
  const params: unknown[] = [principal.orgId, appId, agg.id, limit + 1, after, JSON.stringify(q.keys)];
  const { rows: keys } = await db.query<{ key_text: string; key_values: Record<string, string> }>(
    `SELECT key_text, min(key_values::text)::jsonb AS key_values FROM aggregate_balances
      WHERE org_id = $1 AND app_id = $2 AND aggregate_id = $3
        AND ($5::text IS NULL OR key_text > $5::text) AND key_values @> $6::jsonb
      GROUP BY key_text ORDER BY key_text LIMIT $4`,
    params,
  );
  const page = keys.slice(0, limit);
  const { rows } = await db.query<{ key_text: string; measure_id: string; value: string }>(
    `SELECT key_text, measure_id, value::text AS value FROM aggregate_balances
      WHERE org_id = $1 AND app_id = $2 AND aggregate_id = $3 AND key_text = ANY($4::text[])`,
    [principal.orgId, appId, agg.id, page.map((k) => k.key_text)],
  );
  const reader = openReader(db, principal);
  const titles = new Map<string, Map<string, string>>();
  for (const key of agg.keys) {
    if (key.type !== 'record' || !key.form) continue;
    const ids = [...new Set(page.map((k) => k.key_values[key.id]).filter((x): x is string => !!x))];
    // A key form the caller may not read shows ids only (no error: the balance itself is theirs).
    titles.set(
      key.id,
      await reader.titles({ appId: key.app ?? appId, formId: key.form }, ids).catch(() => new Map()),
    );
  }
  const decimals = new Map(agg.measures.map((m) => [m.id, m.decimals]));
  return {
    items: page.map((k) => ({
      key: k.key_values,
      titles: Object.fromEntries(
        agg.keys.flatMap((key) => {
          const title = titles.get(key.id)?.get(k.key_values[key.id] ?? '');
          return title === undefined ? [] : [[key.id, title]];
        }),
      ),
      values: Object.fromEntries(
        agg.measures.map((m) => {
          const row = rows.find((r) => r.key_text === k.key_text && r.measure_id === m.id);
          return [m.id, fixed(row?.value ?? '0', decimals.get(m.id) ?? 0)];
        }),
      ),
    })),
    nextCursor: keys.length > limit ? encodeCursor(page[page.length - 1]!.key_text) : null,
  };
}

/** Decimal text with exactly `places` places (the stored value is already rounded to them). */
function fixed(text: string, places: number): string {
  const [int = '0', frac = ''] = text.split('.');
  return places === 0 ? int : `${int}.${frac.padEnd(places, '0').slice(0, places)}`;
}

/** `POST …/rebuild` (app admins): recompute, report differences, fix them unless `dryRun`. */
export async function rebuild(
  db: Db,
  principal: Principal,
  appId: string,
  aggregateId: string,
  body: unknown,
): Promise<RebuildReport> {
  const dryRun = parseRebuildBody(body);
  const { aggregate, admin } = await openAggregate(db, principal, appId, aggregateId);
  if (!admin) throw forbidden("Only the app's administrators may rebuild its aggregates.", 'not_app_admin');
  return db.transaction(async (tx) => {
    const report = await rebuildAggregate(tx, { orgId: principal.orgId, appId, aggregateId }, aggregate!, {
      dryRun,
    });
    if (!dryRun)
      await writeAudit(tx, {
        orgId: principal.orgId,
        actorId: principal.userId,
        action: 'aggregate.rebuild',
        targetType: 'aggregate',
        targetId: aggregateId,
        detail: { appId, differences: report.differenceCount, records: report.records },
      });
    return report;
  });
}

function parseRebuildBody(body: unknown): boolean {
  if (body === undefined || body === null) return false;
  if (typeof body !== 'object' || Array.isArray(body))
    throw validationFailed([{ path: '', code: 'type', message: 'must be an object' }]);
  const extra = Object.keys(body).filter((k) => k !== 'dryRun');
  if (extra.length)
    throw validationFailed(
      extra.map((k) => ({ path: `/${k}`, code: 'unknown_property', message: 'is not a rebuild option' })),
    );
  const dryRun = (body as { dryRun?: unknown }).dryRun;
  if (dryRun !== undefined && typeof dryRun !== 'boolean')
    throw validationFailed([{ path: '/dryRun', code: 'type', message: 'must be true or false' }]);
  return dryRun === true;
}
