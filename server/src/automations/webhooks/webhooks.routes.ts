import { requirePrincipal } from '../../access/authenticate';
import { notFound } from '../../http/app-error';
import { jsonBody } from '../../http/json-body';
import type { RouteModule } from '../../http/route-module';
import { INCOMING_BODY_LIMIT } from './incoming';
import {
  acceptIncoming,
  incomingTarget,
  listDeliveries,
  parseDeliveryQuery,
  replayDelivery,
  rotateIncoming,
  rotateSecret,
  signingSecret,
} from './webhooks.service';

/**
 * Webhook routes (decision 0030, docs/api.md):
 * - `POST /hooks/:token`: an incoming webhook (no session; the token is the credential). Its body
 *   is parsed here with a limit of its own (createApp leaves `/hooks/` to this route).
 * - app admins: the signing secret of outgoing calls, a new incoming URL, the deliveries (dead
 *   letters by default) and replaying a dead one.
 */
export const webhookRoutes: RouteModule = (router, { db }) => {
  const incomingBody = jsonBody({ limit: INCOMING_BODY_LIMIT, maxDepth: 32 });

  router.post('/hooks/:token', incomingBody, async (req, res) => {
    // The body is read first (bounded by its limit), so bad JSON is a 400 naming where it is
    // whatever the token; an unknown or stale token is then a 404.
    const { token } = req.params as { token: string };
    const target = await incomingTarget(db, token, new Date());
    if (!target) throw notFound('Webhook', 'webhook_not_found');
    const eventId = await acceptIncoming(db, target, req.body);
    res.status(202).json({ accepted: true, eventId });
  });

  router.get('/apps/:app/automations/:automation/webhook-secret', async (req, res) => {
    const principal = requirePrincipal(req);
    res.json(await signingSecret(db, principal, req.params.app, req.params.automation, new Date()));
  });

  router.post('/apps/:app/automations/:automation/webhook-secret/rotate', async (req, res) => {
    const principal = requirePrincipal(req);
    res.json(await rotateSecret(db, principal, req.params.app, req.params.automation, new Date()));
  });

  router.post('/apps/:app/automations/:automation/incoming-url', async (req, res) => {
    const principal = requirePrincipal(req);
    res
      .status(201)
      .json(await rotateIncoming(db, principal, req.params.app, req.params.automation, new Date()));
  });

  router.get('/apps/:app/webhook-deliveries', async (req, res) => {
    const principal = requirePrincipal(req);
    const query = parseDeliveryQuery(req.query as Record<string, unknown>);
    res.json(await listDeliveries(db, principal, req.params.app, query));
  });

  router.post('/apps/:app/webhook-deliveries/:delivery/replay', async (req, res) => {
    const principal = requirePrincipal(req);
    res.json(await replayDelivery(db, principal, req.params.app, req.params.delivery, new Date()));
  });
};
