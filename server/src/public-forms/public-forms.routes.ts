/**
 * Public form links (decision 0047).
 *
 * App admins (`manage` on the app), under `/apps/:app/forms/:form/public-links`:
 *   GET    ...                    the form's live links and the fields a link may offer
 *   POST   ...                    { fields, title?, description?, thankYou?, expiresAt?, maxSubmissions?, enabled? }
 *                                 -> 201 { link, token } (the token is never shown again)
 *   PATCH  .../:id                any of the settings
 *   DELETE .../:id                revoke: the link answers 404 from now on
 *   POST   .../:id/token          a new token (the old link stops working) -> { link, token }
 *
 * Anyone holding a link, without a session (cookies are ignored: nothing here reads `req.principal`,
 * so a browser's session grants nothing and needs no CSRF token):
 *   GET    /public/forms/:token                  the narrowed form and the bot check's parameters
 *   POST   /public/forms/:token/submissions      { data, proof, website } -> 201 { thankYou }
 */
import type { Request } from 'express';
import { requirePrincipal } from '../access';
import { payloadTooLarge, tooManyRequests } from '../http/app-error';
import type { RouteModule } from '../http/route-module';
import { validate } from '../http/validate';
import {
  createLink,
  listLinks,
  publicForm,
  renewToken,
  revokeLink,
  submit,
  updateLink,
  type AuditMeta,
  type LinkInput,
  type SubmissionInput,
} from './public-forms.service';
import { countSubmitAttempt, pruneSubmitState } from './submit-throttle';

/** A submission's JSON body at most (a public form has no uploads; 1 MB is for signed-in writes). */
export const SUBMISSION_BODY_LIMIT = 64 * 1024;

const id = { type: 'string', minLength: 1, maxLength: 64 } as const;
const text = (max: number) => ({ type: 'string', maxLength: max }) as const;

const settingsProperties = {
  fields: { type: 'array', minItems: 1, maxItems: 200, uniqueItems: true, items: id },
  title: text(200),
  description: text(2000),
  thankYou: text(2000),
  enabled: { type: 'boolean' },
  expiresAt: { type: ['string', 'null'], maxLength: 40 },
  maxSubmissions: { type: ['integer', 'null'], minimum: 1, maximum: 1_000_000 },
} as const;

const createSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['fields'],
  properties: settingsProperties,
} as const;

const updateSchema = { type: 'object', additionalProperties: false, properties: settingsProperties } as const;

const submissionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['data'],
  properties: {
    data: { type: 'object' },
    website: text(200),
    proof: {
      type: 'object',
      additionalProperties: false,
      required: ['issuedAt', 'nonce', 'counter'],
      properties: {
        issuedAt: { type: 'integer', minimum: 0, maximum: 10_000_000_000_000 },
        nonce: { type: 'string', minLength: 8, maxLength: 64 },
        counter: { type: 'integer', minimum: 0, maximum: 2_147_483_647 },
      },
    },
  },
} as const;

const metaOf = (req: Request): AuditMeta => ({ ip: req.ip, userAgent: req.get('user-agent') });

export const publicFormRoutes: RouteModule = (router, { db, writes }) => {
  const base = '/apps/:app/forms/:form/public-links';
  const refOf = (p: Record<string, string>) => ({ appId: p.app!, formId: p.form! });

  router.get(base, async (req, res) => {
    res.json(await listLinks(db, requirePrincipal(req), refOf(req.params)));
  });

  router.post(base, async (req, res) => {
    const principal = requirePrincipal(req);
    const input = validate(createSchema, req.body) as LinkInput & { fields: string[] };
    res.status(201).json(await createLink(db, principal, refOf(req.params), input, metaOf(req)));
  });

  router.patch(`${base}/:id`, async (req, res) => {
    const principal = requirePrincipal(req);
    const input = validate(updateSchema, req.body) as LinkInput;
    const link = await updateLink(db, principal, refOf(req.params), req.params.id, input, metaOf(req));
    res.json({ link });
  });

  router.delete(`${base}/:id`, async (req, res) => {
    await revokeLink(db, requirePrincipal(req), refOf(req.params), req.params.id, metaOf(req));
    res.status(204).end();
  });

  router.post(`${base}/:id/token`, async (req, res) => {
    res.json(await renewToken(db, requirePrincipal(req), refOf(req.params), req.params.id, metaOf(req)));
  });

  router.get('/public/forms/:token', async (req, res) => {
    res.json(await publicForm(db, req.params.token));
  });

  router.post('/public/forms/:token/submissions', async (req, res) => {
    // Counted before anything else, so refused and naive posts use up the address's attempts too.
    const wait = await countSubmitAttempt(db, req.ip ?? '');
    if (wait > 0) throw tooManyRequests('Too many submissions from this address. Try again later.', wait);
    if (Math.random() < 0.01) await pruneSubmitState(db);
    if (Buffer.byteLength(JSON.stringify(req.body ?? null)) > SUBMISSION_BODY_LIMIT)
      throw payloadTooLarge(SUBMISSION_BODY_LIMIT);
    const input = validate(submissionSchema, req.body) as SubmissionInput;
    res.status(201).json(await submit(db, writes, req.params.token, input, metaOf(req)));
  });
};
