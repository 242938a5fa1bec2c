import { requirePrincipal } from '../access/authenticate';
import { appRoleFor } from '../access/grants';
import type { Principal } from '../access/principal';
import { loadApp } from '../apps/app-cache';
import { clientOf } from '../audit/audit-events';
import type { Db } from '../db/db';
import { AppError, conflict, notFound, validationFailed, type ErrorDetail } from '../http/app-error';
import type { RouteModule } from '../http/route-module';
import { validate } from '../http/validate';
import { writeAudit } from '../org/audit-log';
import { countLiveKeys, insertKey, listKeys, revokeKey } from './key-store';
import { MAX_SCOPES, MAX_SCOPE_FORMS, type ApiKeyScope } from './scopes';

/** Live (unrevoked, unexpired) keys one user may hold at once. */
export const MAX_LIVE_KEYS = 20;
export const MAX_EXPIRY_DAYS = 366;

const idText = { type: 'string', minLength: 1, maxLength: 200 } as const;

interface CreateKeyBody {
  name: string;
  scopes: { app: string; forms?: string[] | null; access: 'read' | 'write' }[];
  expiresInDays: number;
}

const createKeyBody = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    scopes: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_SCOPES,
      items: {
        type: 'object',
        properties: {
          app: idText,
          forms: {
            anyOf: [
              { type: 'array', minItems: 1, maxItems: MAX_SCOPE_FORMS, uniqueItems: true, items: idText },
              { type: 'null' },
            ],
          },
          access: { enum: ['read', 'write'] },
        },
        required: ['app', 'access'],
        additionalProperties: false,
      },
    },
    expiresInDays: { type: 'integer', minimum: 1, maximum: MAX_EXPIRY_DAYS },
  },
  required: ['name', 'scopes', 'expiresInDays'],
  additionalProperties: false,
} as const;

/**
 * Every scope must name an app the user can open and forms of it, once each: a key cannot be made
 * for something its owner cannot see (it would reach nothing, and say that the app exists).
 */
async function checkScopes(db: Db, principal: Principal, body: CreateKeyBody): Promise<ApiKeyScope[]> {
  const issues: ErrorDetail[] = [];
  const seen = new Set<string>();
  const out: ApiKeyScope[] = [];
  for (const [i, scope] of body.scopes.entries()) {
    if (seen.has(scope.app)) {
      issues.push({
        path: `/scopes/${i}/app`,
        code: 'duplicate',
        message: 'names an app a scope above names',
      });
      continue;
    }
    seen.add(scope.app);
    const app = await loadApp(db, principal.orgId, scope.app).catch((error: unknown) => {
      if (error instanceof AppError && error.status === 404) return null;
      throw error;
    });
    if (!app || !(await appRoleFor(db, principal, app.definition))) {
      issues.push({ path: `/scopes/${i}/app`, code: 'unknown_app', message: 'is not an app you can open' });
      continue;
    }
    const forms = scope.forms ?? null;
    for (const [j, form] of (forms ?? []).entries())
      if (!app.definition.forms.some((f) => f.id === form))
        issues.push({
          path: `/scopes/${i}/forms/${j}`,
          code: 'unknown_form',
          message: 'is not a form of the app',
        });
    out.push({ app: scope.app, forms, access: scope.access });
  }
  if (issues.length) throw validationFailed(issues, 'The key’s scopes are invalid.');
  return out;
}

/**
 * `/api-keys`: the signed-in user's own API keys (decision 0046). Session only: the key gate
 * refuses these routes to API keys, so a key can never make or keep alive another key.
 */
export const apiKeyRoutes: RouteModule = (router, { db }) => {
  router.get('/api-keys', async (req, res) => {
    res.json({ items: await listKeys(db, requirePrincipal(req)) });
  });

  router.post('/api-keys', async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<CreateKeyBody>(createKeyBody, req.body);
    const scopes = await checkScopes(db, principal, body);
    const created = await db.transaction(async (tx) => {
      // Counted in the transaction that inserts, after locking the user's row, so parallel creates
      // cannot pass the limit together.
      await tx.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [principal.userId]);
      if ((await countLiveKeys(tx, principal)) >= MAX_LIVE_KEYS)
        throw conflict(
          'too_many_keys',
          `You can hold at most ${MAX_LIVE_KEYS} live API keys. Revoke one first.`,
        );
      const made = await insertKey(tx, principal, {
        name: body.name,
        scopes,
        expiresInDays: body.expiresInDays,
      });
      const client = clientOf(req);
      await writeAudit(tx, {
        orgId: principal.orgId,
        actorId: principal.userId,
        action: 'api_key.create',
        targetType: 'api_key',
        targetId: made.view.id,
        detail: {
          name: made.view.name,
          prefix: made.view.prefix,
          scopes,
          expiresAt: made.view.expiresAt,
        },
        ip: client.ip,
        userAgent: client.userAgent,
      });
      return made;
    });
    // The only answer that ever holds the key.
    res.status(201).json({ key: created.key, apiKey: created.view });
  });

  router.delete('/api-keys/:apiKey', async (req, res) => {
    const principal = requirePrincipal(req);
    const view = await db.transaction(async (tx) => {
      const revoked = await revokeKey(tx, principal, req.params.apiKey);
      if (!revoked) throw notFound('API key');
      const client = clientOf(req);
      await writeAudit(tx, {
        orgId: principal.orgId,
        actorId: principal.userId,
        action: 'api_key.revoke',
        targetType: 'api_key',
        targetId: revoked.id,
        detail: { name: revoked.name, prefix: revoked.prefix },
        ip: client.ip,
        userAgent: client.userAgent,
      });
      return revoked;
    });
    res.json({ apiKey: view });
  });
};
