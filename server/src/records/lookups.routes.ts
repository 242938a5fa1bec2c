import type { Request } from 'express';
import { readingPrincipal } from '../access/view-as';
import { balanceKeyText, balanceLookupFields, readBalanceValues } from '../aggregates/balance-lookups';
import { notFound, unprocessable } from '../http/app-error';
import type { RouteModule } from '../http/route-module';
import { validate } from '../http/validate';
import { linkageFields, linkedValue } from './kernel/linkage-defaults';
import { openReader } from './kernel/reader';
import type { FormRef } from './records.service';
import { relationPickerTitles } from './records.query';
import { requestLocale } from './relation-display';

const dataBody = {
  type: 'object',
  properties: { data: { type: 'object', maxProperties: 1000 } },
  required: ['data'],
  additionalProperties: false,
} as const;

const balanceBody = {
  type: 'object',
  properties: {
    data: { type: 'object', maxProperties: 1000 },
    row: { type: 'object', maxProperties: 1000 },
  },
  required: ['data'],
  additionalProperties: false,
} as const;

const formRef = (req: Request<{ app: string; form: string }>): FormRef => ({
  appId: req.params.app,
  formId: req.params.form,
});

const BASE = '/apps/:app/forms/:form';

/**
 * Server answers a form being filled needs before it is saved (decision 0031), both read as the
 * user through the read door:
 * - `POST .../lookups/preview` `{ data }`: the lookup values for the relation values in `data`
 *   (an unsaved record, or relations changed since the last save), the same SQL as record answers.
 * - `GET .../fields/:field/titles?ids=`: names of the records a relation picker holds.
 * - `POST .../fields/:field/linkage` `{ data }`: the value the field's data linkage default takes
 *   for this form's values in `data` (`{ value: null }` when nothing matches).
 */
export const lookupRoutes: RouteModule = (router, { db }) => {
  router.post(`${BASE}/lookups/preview`, async (req, res) => {
    const principal = await readingPrincipal(db, req);
    const { data } = validate<{ data: Record<string, unknown> }>(dataBody, req.body);
    const values = await openReader(db, principal).lookupValues(formRef(req), data);
    res.json({ values });
  });

  // `?ids=a,b` -> `{ titles }`: names for the records a relation picker holds (records.query.ts).
  router.get(`${BASE}/fields/:field/titles`, async (req, res) => {
    const principal = await readingPrincipal(db, req);
    const locale = requestLocale(req.acceptsLanguages.bind(req));
    res.json({
      titles: await relationPickerTitles(
        db,
        principal,
        formRef(req),
        req.params.field,
        req.query.ids,
        locale,
      ),
    });
  });

  router.post(`${BASE}/fields/:field/linkage`, async (req, res) => {
    const principal = await readingPrincipal(db, req);
    const { data } = validate<{ data: Record<string, unknown> }>(dataBody, req.body);
    const reader = openReader(db, principal);
    const form = await reader.open(formRef(req));
    // A field the user cannot see does not exist for them.
    if (!form.grant.fields.visible.includes(req.params.field)) throw notFound('Field');
    const field = linkageFields(form.ctx.form.fields).find((f) => f.id === req.params.field);
    if (!field)
      throw unprocessable('no_linkage', `The field "${req.params.field}" has no data linkage default.`, [
        { path: '/field', code: 'no_linkage', message: 'this field has no data linkage default' },
      ]);
    res.json({ value: await linkedValue(reader, form.ctx, field, data) });
  });

  // `{ data, row? }` -> `{ value, text }`: a balance lookup's value for the keys in `data` (the
  // record) and `row` (the subform row it sits in), as the user picks them (decision 0036).
  router.post(`${BASE}/fields/:field/balance`, async (req, res) => {
    const principal = await readingPrincipal(db, req);
    const { data, row } = validate<{ data: Record<string, unknown>; row?: Record<string, unknown> }>(
      balanceBody,
      req.body,
    );
    const form = await openReader(db, principal).open(formRef(req));
    const lookup = balanceLookupFields(form.ctx.form).find((l) => l.field.id === req.params.field);
    // A field the user cannot see does not exist for them (a subform column goes with its subform).
    if (!form.grant.fields.visible.includes(lookup?.subform ?? req.params.field)) throw notFound('Field');
    if (!lookup)
      throw unprocessable('no_balance', `The field "${req.params.field}" is not a balance lookup.`, [
        { path: '/field', code: 'no_balance', message: 'this field shows no aggregate balance' },
      ]);
    const balance = lookup.field.config.balance;
    const aggregate = (form.ctx.app.aggregates ?? []).find((a) => a.id === balance.aggregate);
    const keyText = aggregate ? balanceKeyText(aggregate, balance, row ?? data, data) : null;
    if (!aggregate || keyText === null) {
      res.json({ value: null, text: null });
      return;
    }
    const [text] = await readBalanceValues(db, { orgId: principal.orgId, appId: req.params.app }, [
      { aggregate, measure: balance.measure, keyText },
    ]);
    res.json({ value: Number(text), text });
  });
};
