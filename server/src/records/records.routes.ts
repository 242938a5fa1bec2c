import { balanceLookupData } from '../aggregates/balance-lookups';
import type { Request } from 'express';
import { requirePrincipal, type Principal } from '../access';
import { readingPrincipal } from '../access/view-as';
import type { RouteModule } from '../http/route-module';
import { validationFailed } from '../http/app-error';
import { validate, versionNumberSchema } from '../http/validate';
import { readIdempotencyKey } from './idempotency';
import type { RecordDto } from '../storage/record-store';
import { openReader, type RecordPage } from './kernel/reader';
import { requestLocale, withRelationDisplay } from './relation-display';
import { aggregateRecords, listRecords, parseListQuery, relationChoices } from './records.query';
import { relatedRecords } from './related-records';
import { MAX_BATCH, getRecord, recordHistory, type FormRef } from './records.service';
import {
  createRecord,
  createRecords,
  purgeRecord,
  setRecordDeleted,
  updateRecord,
  type BatchAnswer,
} from './records.writes';

const createBody = {
  type: 'object',
  properties: { data: { type: 'object' } },
  required: ['data'],
  additionalProperties: false,
} as const;

const batchBody = {
  type: 'object',
  properties: { items: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: createBody } },
  required: ['items'],
  additionalProperties: false,
} as const;

const updateBody = {
  type: 'object',
  properties: { data: { type: 'object' }, version: versionNumberSchema },
  required: ['data', 'version'],
  additionalProperties: false,
} as const;

const formRef = (req: Request<{ app: string; form: string }>): FormRef => ({
  appId: req.params.app,
  formId: req.params.form,
});

const BASE = '/apps/:app/forms/:form';

const MAX_BIN_PAGE = 100;

/** `?limit=&cursor=` of the recycle bin; anything else, or a bad limit, is a 400 naming it. */
function parseBinQuery(query: Record<string, unknown>): { limit: number; cursor?: string } {
  const issues: { path: string; code: string; message: string }[] = [];
  for (const key of Object.keys(query))
    if (key !== 'limit' && key !== 'cursor')
      issues.push({ path: `/${key}`, code: 'unknown_property', message: `unknown parameter "${key}"` });
  const { limit = '50', cursor } = query;
  const n = typeof limit === 'string' && /^\d{1,4}$/.test(limit) ? Number(limit) : NaN;
  if (!(n >= 1 && n <= MAX_BIN_PAGE))
    issues.push({
      path: '/limit',
      code: 'range',
      message: `limit must be a whole number from 1 to ${MAX_BIN_PAGE}`,
    });
  if (cursor !== undefined && (typeof cursor !== 'string' || cursor.length > 200))
    issues.push({
      path: '/cursor',
      code: 'type',
      message: 'cursor must be the nextCursor of the previous page',
    });
  if (issues.length) throw validationFailed(issues, 'The query is invalid.');
  return { limit: n, ...(typeof cursor === 'string' ? { cursor } : {}) };
}

/**
 * `?return=` of a batch create: `ids` (default: only `{ id, version }` per record, no lookups,
 * masking or large JSON; decisions 0050 and 0052) or `records` (the created records as a read
 * shows them).
 */
function batchAnswer(query: Record<string, unknown>): BatchAnswer {
  const issues = Object.keys(query)
    .filter((key) => key !== 'return')
    .map((key) => ({ path: `/${key}`, code: 'unknown_property', message: `unknown parameter "${key}"` }));
  const value = query.return ?? 'ids';
  if (value !== 'records' && value !== 'ids')
    issues.push({ path: '/return', code: 'enum', message: 'return must be "records" or "ids"' });
  if (issues.length) throw validationFailed(issues, 'The query is invalid.');
  return value as BatchAnswer;
}

/** `/apps/:app/forms/:form/records*` and `aggregate` (docs/api.md). */
export const recordRoutes: RouteModule = (router, { db, writes }) => {
  /** A page with its relations' titles as `principal` may see them (decision 0035). */
  const withDisplay = async (
    req: Request<{ app: string; form: string }>,
    principal: Principal,
    page: RecordPage,
  ) => {
    const items = await withRelationDisplay(
      openReader(db, principal),
      formRef(req),
      page.items,
      requestLocale(req.acceptsLanguages.bind(req)),
    );
    // Balance lookups (decision 0036), one statement for the page.
    const data = await balanceLookupData(
      db,
      principal,
      formRef(req),
      items.map((r) => r.data),
    );
    return { ...page, items: items.map((r, i) => ({ ...r, data: data[i]! })) };
  };

  router.get(`${BASE}/records`, async (req, res) => {
    // Read routes answer as the viewed user for an admin's ?viewAs= (access/view-as.ts).
    const principal = await readingPrincipal(db, req);
    const page = await listRecords(db, principal, formRef(req), parseListQuery(req.query));
    res.json(await withDisplay(req, principal, page));
  });

  router.get(`${BASE}/fields/:field/choices`, async (req, res) => {
    // A relation picker's list: the relation's choice filter applies as the definition's own
    // condition (records.query.ts, decision 0027).
    const principal = await readingPrincipal(db, req);
    const { q, limit, cursor, ...rest } = parseListQuery(req.query);
    res.json(
      await relationChoices(
        db,
        principal,
        formRef(req),
        req.params.field,
        {
          ...rest,
          ...(q !== undefined ? { q } : {}),
          ...(limit !== undefined ? { limit } : {}),
          ...(cursor !== undefined ? { cursor } : {}),
        },
        requestLocale(req.acceptsLanguages.bind(req)),
      ),
    );
  });

  router.post(`${BASE}/records/query`, async (req, res) => {
    const principal = await readingPrincipal(db, req);
    res.json(await withDisplay(req, principal, await listRecords(db, principal, formRef(req), req.body)));
  });

  router.post(`${BASE}/records`, async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<{ data: unknown }>(createBody, req.body);
    const result = await createRecord(
      db,
      writes,
      principal,
      formRef(req),
      body,
      readIdempotencyKey(req.get('idempotency-key')),
    );
    // The answer names linked records like a read does, so the form and the table show titles.
    const [record] = await withRelationDisplay(
      openReader(db, principal),
      formRef(req),
      [(result.body as { record: RecordDto }).record],
      requestLocale(req.acceptsLanguages.bind(req)),
    );
    res.status(result.status).json({ record });
  });

  router.post(`${BASE}/records/batch`, async (req, res) => {
    const principal = requirePrincipal(req);
    const answer = batchAnswer(req.query);
    const body = validate<{ items: { data: unknown }[] }>(batchBody, req.body);
    const result = await createRecords(
      db,
      writes,
      principal,
      formRef(req),
      body.items,
      readIdempotencyKey(req.get('idempotency-key')),
      answer,
    );
    res.status(result.status).json(result.body);
  });

  router.get(`${BASE}/records/:id`, async (req, res) => {
    const principal = await readingPrincipal(db, req);
    const record = await getRecord(db, principal, formRef(req), req.params.id);
    const [shown] = await withRelationDisplay(
      openReader(db, principal),
      formRef(req),
      [record],
      requestLocale(req.acceptsLanguages.bind(req)),
    );
    // Balance lookups (decision 0036) are read from the aggregate's balances, current at read time.
    if (shown) shown.data = (await balanceLookupData(db, principal, formRef(req), [shown.data]))[0]!;
    res.json({ record: shown });
  });

  router.patch(`${BASE}/records/:id`, async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<{ data: unknown; version: number }>(updateBody, req.body);
    const saved = await updateRecord(db, writes, principal, formRef(req), req.params.id, body);
    const [record] = await withRelationDisplay(
      openReader(db, principal),
      formRef(req),
      [saved],
      requestLocale(req.acceptsLanguages.bind(req)),
    );
    res.json({ record });
  });

  router.delete(`${BASE}/records/:id`, async (req, res) => {
    await setRecordDeleted(db, writes, requirePrincipal(req), formRef(req), req.params.id, true);
    res.status(204).end();
  });

  router.post(`${BASE}/records/:id/restore`, async (req, res) => {
    const principal = requirePrincipal(req);
    res.json({ record: await setRecordDeleted(db, writes, principal, formRef(req), req.params.id, false) });
  });

  // The recycle bin (decision 0035): deleted records the caller may restore, newest first.
  router.get(`${BASE}/recycle-bin`, async (req, res) => {
    const principal = await readingPrincipal(db, req);
    const { limit, cursor } = parseBinQuery(req.query);
    const page = await openReader(db, principal).deleted(formRef(req), {
      limit,
      ...(cursor ? { cursor } : {}),
    });
    // Deleted records are named like live ones: linked records' titles as the caller sees them.
    res.json(await withDisplay(req, principal, page));
  });

  router.delete(`${BASE}/recycle-bin/:id`, async (req, res) => {
    await purgeRecord(db, writes, requirePrincipal(req), formRef(req), req.params.id);
    res.status(204).end();
  });

  // Records of any app that link to this one, and balances keyed by it (decision 0060).
  router.get(`${BASE}/records/:id/related`, async (req, res) => {
    const principal = await readingPrincipal(db, req);
    const locale = requestLocale(req.acceptsLanguages.bind(req));
    res.json(await relatedRecords(db, principal, formRef(req), req.params.id, locale));
  });

  router.get(`${BASE}/records/:id/history`, async (req, res) => {
    const principal = await readingPrincipal(db, req);
    res.json({ items: await recordHistory(db, principal, formRef(req), req.params.id) });
  });

  router.post(`${BASE}/aggregate`, async (req, res) => {
    const principal = await readingPrincipal(db, req);
    res.json(await aggregateRecords(db, principal, formRef(req), req.body));
  });
};
