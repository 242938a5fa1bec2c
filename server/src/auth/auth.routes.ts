import { isPhoneCountry } from '@tangram/fields';
import type { Request, Response } from 'express';
import { requirePrincipal } from '../access/authenticate';
import { auditSignIn, auditSignOut, clientOf } from '../audit/audit-events';
import { csrfFailed } from '../access/authenticate';
import type { Config } from '../config';
import type { Db } from '../db/db';
import { unauthenticated, validationFailed } from '../http/app-error';
import { validate } from '../http/validate';
import type { RouteModule } from '../http/route-module';
import { isTimeZone, loginBodySchema, setupBodySchema, type LoginBody, type SetupBody } from './auth.schemas';
import { checkCredentials } from './login.service';
import { clearSessionCookie, setSessionCookie } from './session-cookie';
import { createSession, deleteSession } from './session-store';
import { isSetupNeeded, setupFirstOrg } from './setup.service';
import { loadOrgView, loadUserView } from './user-view';

/** `/auth/*`: first-run setup, login, logout, me (docs/api.md). */
export const authRoutes: RouteModule = (router, { db, config }) => {
  router.get('/auth/setup', async (_req, res) => {
    res.json({ needed: await isSetupNeeded(db) });
  });

  router.post('/auth/setup', async (req, res) => {
    const body = validate<SetupBody>(setupBodySchema, req.body);
    if (body.timeZone !== undefined && !isTimeZone(body.timeZone)) {
      throw validationFailed([{ path: '/timeZone', code: 'time_zone', message: 'is not a known time zone' }]);
    }
    if (body.country !== undefined && !isPhoneCountry(body.country)) {
      throw validationFailed([
        { path: '/country', code: 'country', message: 'is not a known country code (ISO 3166-1 alpha-2)' },
      ]);
    }
    const { orgId, userId } = await setupFirstOrg(db, body);
    await startSession(db, config, req, res, 201, orgId, userId);
  });

  router.post('/auth/login', async (req, res) => {
    const body = validate<LoginBody>(loginBodySchema, req.body);
    const { orgId, userId } = await checkCredentials(db, body.email, body.password, clientOf(req));
    // A fresh session (never reuse the one in the cookie): prevents session fixation.
    if (req.sessionId) await deleteSession(db, req.sessionId);
    await startSession(db, config, req, res, 200, orgId, userId);
  });

  router.post('/auth/logout', async (req, res) => {
    if (req.csrfFailed) throw csrfFailed();
    const { sessionId, principal } = req;
    if (sessionId)
      await db.transaction(async (tx) => {
        await deleteSession(tx, sessionId);
        if (principal) await auditSignOut(tx, principal, clientOf(req));
      });
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  router.get('/auth/me', async (req, res) => {
    const principal = requirePrincipal(req);
    const [user, org, csrfToken] = await Promise.all([
      loadUserView(db, principal.orgId, principal.userId),
      loadOrgView(db, principal.orgId),
      currentCsrfToken(db, req),
    ]);
    if (!user || !org || !csrfToken) throw unauthenticated();
    res.json({ user, org, csrfToken });
  });
};

/** Starts a session for the user and answers like login: the session body and its cookie. */
export async function startSession(
  db: Db,
  config: Config,
  req: Request,
  res: Response,
  status: number,
  orgId: string,
  userId: string,
) {
  const lifetimes = { idleSeconds: config.sessionIdleSeconds, maxSeconds: config.sessionMaxSeconds };
  // Every new session is a sign-in (password, first-run setup, an accepted invite): audited with it.
  const session = await db.transaction(async (tx) => {
    const created = await createSession(tx, userId, orgId, lifetimes);
    await auditSignIn(tx, { orgId, userId }, clientOf(req));
    return created;
  });
  const [user, org] = await Promise.all([loadUserView(db, orgId, userId), loadOrgView(db, orgId)]);
  setSessionCookie(req, res, session.token, lifetimes.maxSeconds);
  res.status(status).json({ user, org, csrfToken: session.csrfToken });
}

async function currentCsrfToken(db: Db, req: Request): Promise<string | undefined> {
  if (!req.sessionId) return undefined;
  const { rows } = await db.query<{ csrf_token: string }>('SELECT csrf_token FROM sessions WHERE id = $1', [
    req.sessionId,
  ]);
  return rows[0]?.csrf_token;
}
