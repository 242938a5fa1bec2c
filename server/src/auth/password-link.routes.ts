import { validate } from '../http/validate';
import type { RouteModule } from '../http/route-module';
import { passwordSchema } from './auth.schemas';
import { startSession } from './auth.routes';
import { acceptLink, inspectLink } from './password-links';
import { deleteSession } from './session-store';

interface TokenBody {
  token: string;
}
interface AcceptBody extends TokenBody {
  password: string;
}

const tokenSchema = { type: 'string', minLength: 1, maxLength: 200 } as const;
const inspectSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['token'],
  properties: { token: tokenSchema },
};
const acceptSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['token', 'password'],
  properties: { token: tokenSchema, password: passwordSchema },
};

/**
 * `/auth/password-links/*`: the public side of invite and reset links (password-links.ts). The
 * token goes in the body, not the path, so it never lands in access logs.
 */
export const passwordLinkRoutes: RouteModule = (router, { db, config }) => {
  router.post('/auth/password-links/inspect', async (req, res) => {
    const body = validate<TokenBody>(inspectSchema, req.body);
    res.json({ link: await inspectLink(db, body.token) });
  });

  router.post('/auth/password-links/accept', async (req, res) => {
    const body = validate<AcceptBody>(acceptSchema, req.body);
    const { orgId, userId } = await acceptLink(db, body.token, body.password);
    // Whoever was signed in in this browser is replaced by the invitee (no session fixation).
    if (req.sessionId) await deleteSession(db, req.sessionId);
    await startSession(db, config, req, res, 200, orgId, userId);
  });
};
