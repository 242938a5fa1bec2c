import type { Request } from 'express';
import type { Db } from '../db/db';
import { badRequest, forbidden, notFound } from '../http/app-error';
import { requirePrincipal } from './authenticate';
import type { Principal } from './principal';
import { principalOfUser } from './user-principal';

/**
 * Who a read route reads as. Normally the session's principal; with `?viewAs=<userId>` an org
 * admin reads as that user of their org (the permission designer's "View as", decision 0023): the
 * answer is exactly what that user's grants give. Read routes only: writes always act as the
 * signed-in user. A member asking is refused (403); an unknown or deactivated user is 404.
 * The value's shape is checked by the request guard (`QUERY_KINDS`).
 */
export async function readingPrincipal(db: Db, req: Request): Promise<Principal> {
  const principal = requirePrincipal(req);
  const viewAs = req.query.viewAs;
  if (viewAs === undefined) return principal;
  if (typeof viewAs !== 'string')
    throw badRequest('invalid_query', 'Query parameter viewAs must appear once.', [
      { path: '/query/viewAs', code: 'type', message: 'must appear once' },
    ]);
  // An API key reads as its owner, narrowed by its scopes; never as someone else (decision 0046).
  if (!principal.isAdmin || principal.apiKey)
    throw forbidden('Only administrators can view the data as another user.', 'view_as_forbidden');
  if (viewAs === principal.userId) return principal;
  const user = await principalOfUser(db, principal.orgId, viewAs);
  if (!user) throw notFound('User');
  return user;
}
