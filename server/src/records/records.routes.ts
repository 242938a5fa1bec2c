import type { Request } from 'express';
import { requirePrincipal } from '../access';
import { readingPrincipal } from '../access/view-as';
import type { RouteModule } from '../http/route-module';
import { validate, versionNumberSchema } from '../http/validate';
import { readIdempotencyKey } from './idempotency';
import { aggregateRecords, listRecords, parseListQuery } from './records.query';
import { MAX_BATCH, getRecord, recordHistory, type FormRef } from './records.service';
import { createRecord, createRecords, setRecordDeleted, updateRecord } from './records.writes';

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

/** `/apps/:app/forms/:form/records*` and `aggregate` (docs/api.md). */
export const recordRoutes: RouteModule = (router, { db, writes }) => {
  router.get(`${BASE}/records`, async (req, res) => {
    // Read routes answer as the viewed user for an admin's ?viewAs= (access/view-as.ts).
    const principal = await readingPrincipal(db, req);
    res.json(await listRecords(db, principal, formRef(req), parseListQuery(req.query)));
  });

  router.post(`${BASE}/records/query`, async (req, res) => {
    const principal = await readingPrincipal(db, req);
    res.json(await listRecords(db, principal, formRef(req), req.body));
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
    res.status(result.status).json(result.body);
  });

  router.post(`${BASE}/records/batch`, async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<{ items: { data: unknown }[] }>(batchBody, req.body);
    const result = await createRecords(
      db,
      writes,
      principal,
      formRef(req),
      body.items,
      readIdempotencyKey(req.get('idempotency-key')),
    );
    res.status(result.status).json(result.body);
  });

  router.get(`${BASE}/records/:id`, async (req, res) => {
    const principal = await readingPrincipal(db, req);
    res.json({ record: await getRecord(db, principal, formRef(req), req.params.id) });
  });

  router.patch(`${BASE}/records/:id`, async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<{ data: unknown; version: number }>(updateBody, req.body);
    res.json({ record: await updateRecord(db, writes, principal, formRef(req), req.params.id, body) });
  });

  router.delete(`${BASE}/records/:id`, async (req, res) => {
    await setRecordDeleted(db, writes, requirePrincipal(req), formRef(req), req.params.id, true);
    res.status(204).end();
  });

  router.post(`${BASE}/records/:id/restore`, async (req, res) => {
    const principal = requirePrincipal(req);
    res.json({ record: await setRecordDeleted(db, writes, principal, formRef(req), req.params.id, false) });
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
