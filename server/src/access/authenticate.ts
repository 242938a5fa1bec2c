import type { Request, RequestHandler } from 'express';
import type { Db } from '../db/db';
import { AppError, unauthenticated } from '../http/app-error';
import { readSessionToken } from '../auth/session-cookie';
import { resolveSession } from '../auth/session-store';
import { safeEqual } from '../auth/tokens';
import type { Principal } from './principal';
import { bearerCredentials } from '../api-keys/key-format';
import { authenticateBearer } from '../api-keys/bearer-auth';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- express's documented augmentation point
  namespace Express {
    interface Request {
      /** Set when a valid session cookie came without a matching X-CSRF-Token on an unsafe method. */
      csrfFailed?: boolean;
    }
  }
}

/**
 * Resolves `req.principal` from the session cookie. On unsafe methods the session only counts when
 * `X-CSRF-Token` matches the session's token; otherwise the request is treated as anonymous with
 * `req.csrfFailed`, so `requirePrincipal` answers 403 `csrf_failed` while setup and login (which
 * need no session) still work.
 */
export function authenticate(deps: { db: Db; apiKeyRequestsPerMinute?: number }): RequestHandler {
  return async (req, _res, next) => {
    // `Authorization: Bearer <key>`: an API key, cookies ignored, no CSRF (decision 0046).
    const credentials = bearerCredentials(req.get('authorization'));
    if (credentials !== undefined)
      return authenticateBearer(deps.db, req, credentials, deps.apiKeyRequestsPerMinute ?? 600, next);
    const token = readSessionToken(req);
    if (!token) return next();
    const session = await resolveSession(deps.db, token);
    if (!session) return next();
    if (UNSAFE_METHODS.has(req.method)) {
      const header = req.get('x-csrf-token');
      if (!header || !safeEqual(header, session.csrfToken)) {
        req.csrfFailed = true;
        return next();
      }
    }
    req.principal = session.principal;
    req.sessionId = session.sessionId;
    next();
  };
}

export const csrfFailed = () =>
  new AppError(403, 'csrf_failed', 'Missing or wrong X-CSRF-Token header. Reload the page and try again.');

/** The request's principal, or 401 (403 `csrf_failed` when only the CSRF token was missing). */
export function requirePrincipal(req: Request): Principal {
  if (req.principal) return req.principal;
  if (req.csrfFailed) throw csrfFailed();
  throw unauthenticated();
}
