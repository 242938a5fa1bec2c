import type { NextFunction, Request } from 'express';
import type { Db } from '../db/db';
import { AppError, forbidden, notFound, tooManyRequests } from '../http/app-error';
import { isKeyShaped } from './key-format';
import { resolveApiKey } from './key-store';
import {
  IP_MAX_FAILURES,
  IP_WINDOW_SECONDS,
  KEY_WINDOW_SECONDS,
  addressLockout,
  countHit,
  ipCounter,
  keyCounter,
} from './rate-limit';
import { keyRouteRefusal } from './scopes';

export const invalidApiKey = () =>
  new AppError(401, 'invalid_api_key', 'The API key is unknown, revoked or expired.');

/**
 * Authenticates a request that carries `Authorization: Bearer <key>` (decision 0046). Cookies and
 * CSRF play no part: a bearer request is never a browser's ambient credential. In order:
 * 1. an address over its failed-key limit gets 429 before any lookup;
 * 2. an unknown, revoked or expired key (or one of the wrong shape) counts a failure for the address
 *    and gets 401;
 * 3. the key's request counter: over the limit, 429;
 * 4. the route must be one keys may use, in the key's scopes (403 / 404 otherwise).
 * The key itself is only hashed: it is never logged, stored or echoed.
 */
export async function authenticateBearer(
  db: Db,
  req: Request,
  credentials: string,
  perMinute: number,
  next: NextFunction,
): Promise<void> {
  // Incoming webhooks carry their credential in the URL; a sender's own Authorization header is
  // not ours to judge.
  if (req.path.startsWith('/hooks/')) return next();
  try {
    const ip = req.ip ?? '';
    const lockout = await addressLockout(db, ip);
    if (lockout) throw tooManyRequests('Too many requests with invalid API keys. Try again later.', lockout);
    const resolved = isKeyShaped(credentials) ? await resolveApiKey(db, credentials) : null;
    if (!resolved) {
      await countHit(db, ipCounter(ip), IP_MAX_FAILURES, IP_WINDOW_SECONDS);
      throw invalidApiKey();
    }
    const wait = await countHit(db, keyCounter(resolved.keyId), perMinute, KEY_WINDOW_SECONDS);
    if (wait) throw tooManyRequests(`This API key made more than ${perMinute} requests in a minute.`, wait);
    const refusal = keyRouteRefusal(req.method, req.path, resolved.scopes);
    if (refusal?.kind === 'route')
      throw forbidden(
        'API keys can only read and write records and read an app’s API description; use the web app for this.',
        'api_key_not_allowed',
      );
    if (refusal?.kind === 'app') throw notFound('App');
    if (refusal?.kind === 'form') throw notFound('Form');
    if (refusal?.kind === 'read_only') throw forbidden('This API key may only read.', 'api_key_read_only');
    req.principal = { ...resolved.principal, apiKey: { id: resolved.keyId, scopes: resolved.scopes } };
    next();
  } catch (error) {
    next(error);
  }
}
