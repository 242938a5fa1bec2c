import type { Request } from 'express';
import { requirePrincipal } from '../access';
import type { RouteModule } from '../http/route-module';
import { validate } from '../http/validate';
import type { FormRef } from '../records/records.service';
import { MAX_COMMENT, addComment, listComments } from './comments.service';

// Length is checked again after trimming; the schema bound only stops oversized bodies early.
const commentBody = {
  type: 'object',
  properties: { body: { type: 'string', maxLength: MAX_COMMENT * 2 } },
  required: ['body'],
  additionalProperties: false,
} as const;

const formRef = (req: Request<{ app: string; form: string }>): FormRef => ({
  appId: req.params.app,
  formId: req.params.form,
});

const PATH = '/apps/:app/forms/:form/records/:id/comments';

/** `GET|POST …/records/:id/comments` (docs/api.md). */
export const commentRoutes: RouteModule = (router, { db }) => {
  router.get(PATH, async (req, res) => {
    res.json({ items: await listComments(db, requirePrincipal(req), formRef(req), req.params.id) });
  });

  router.post(PATH, async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<{ body: string }>(commentBody, req.body);
    res
      .status(201)
      .json({ comment: await addComment(db, principal, formRef(req), req.params.id, body.body) });
  });
};
