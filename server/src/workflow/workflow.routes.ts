import type { Request } from 'express';
import { requirePrincipal } from '../access';
import { badRequest } from '../http/app-error';
import type { RouteModule } from '../http/route-module';
import { validate, versionNumberSchema } from '../http/validate';
import { onceWithKey, readIdempotencyKey, requestHash } from '../records/idempotency';
import type { Principal } from '../access';
import { countNotifications, listNotifications, markNotificationsRead } from './notifications.service';
import { listTasks, taskCounts, TASK_BOXES, type TaskBox } from './inbox.service';
import { workflowDeps, type WorkflowDeps } from './deps';
import './jobs';
import {
  recordAction,
  taskAction,
  workflowView,
  type RecordActionName,
  type TaskActionName,
} from './workflow.service';

const comment = { type: 'string', minLength: 1, maxLength: 5000 } as const;
const fileId = { type: 'string', minLength: 1, maxLength: 100 } as const;
const userId = { type: 'string', minLength: 1, maxLength: 100 } as const;

/** Fields shared by approve and reject: values to save with the action are checked like a PATCH. */
const decisionProps = {
  comment,
  signature: fileId,
  data: { type: 'object' },
  recordVersion: versionNumberSchema,
} as const;

const rejectTarget = {
  anyOf: [
    { type: 'string', enum: ['end', 'start', 'previous'] },
    {
      type: 'object',
      properties: { nodeId: { type: 'string', minLength: 1, maxLength: 100 } },
      required: ['nodeId'],
      additionalProperties: false,
    },
  ],
} as const;

/** Body schema per task action (`POST /tasks/:task/<action>`). */
const TASK_ACTIONS: Record<string, { action: TaskActionName; body: Record<string, unknown> }> = {
  approve: {
    action: 'approve',
    body: { type: 'object', properties: decisionProps, additionalProperties: false },
  },
  reject: {
    action: 'reject',
    body: {
      type: 'object',
      properties: { ...decisionProps, to: rejectTarget },
      additionalProperties: false,
    },
  },
  transfer: {
    action: 'transfer',
    body: {
      type: 'object',
      properties: { to: userId, comment },
      required: ['to'],
      additionalProperties: false,
    },
  },
  'add-approver': {
    action: 'addApprover',
    body: {
      type: 'object',
      properties: {
        users: { type: 'array', minItems: 1, maxItems: 50, uniqueItems: true, items: userId },
        position: { type: 'string', enum: ['before', 'after'] },
        comment,
      },
      required: ['users', 'position'],
      additionalProperties: false,
    },
  },
};

/** Body schema per record-level action (`POST /apps/:app/forms/:form/records/:id/workflow/<action>`). */
const RECORD_ACTIONS: Record<string, { action: RecordActionName; body: Record<string, unknown> }> = {
  withdraw: {
    action: 'withdraw',
    body: { type: 'object', properties: { comment }, additionalProperties: false },
  },
  urge: { action: 'urge', body: { type: 'object', properties: { comment }, additionalProperties: false } },
  comment: {
    action: 'comment',
    body: {
      type: 'object',
      properties: { comment, taskId: userId },
      required: ['comment'],
      additionalProperties: false,
    },
  },
  submit: {
    action: 'submit',
    body: { type: 'object', properties: { comment }, additionalProperties: false },
  },
};

const readRequestBody = (req: Request) => (req.body === undefined ? {} : (req.body as unknown));

/**
 * Runs an action once per `Idempotency-Key` (as record creates do): a client retrying after a lost
 * response gets the first answer instead of 409 task_closed, and the action is never applied twice.
 */
function once(
  deps: WorkflowDeps,
  req: Request,
  principal: Principal,
  body: unknown,
  run: (deps: WorkflowDeps) => Promise<unknown>,
) {
  return onceWithKey(
    deps.db,
    {
      orgId: principal.orgId,
      userId: principal.userId,
      key: readIdempotencyKey(req.get('idempotency-key')),
      hash: () => requestHash('POST', req.path, body),
    },
    async (tx) => ({ status: 200, body: await run({ ...deps, db: tx }) }),
  );
}

const BASE = '/apps/:app/forms/:form/records/:id/workflow';

/** Workflow inbox, actions and notifications (docs/api.md, "Workflows"). */
export const workflowRoutes: RouteModule = (router, routeDeps) => {
  const deps = workflowDeps(routeDeps);

  router.get('/tasks', async (req, res) => {
    const principal = requirePrincipal(req);
    const box = String(req.query.box ?? 'todo');
    if (!TASK_BOXES.includes(box as TaskBox))
      throw badRequest('bad_box', `box must be one of ${TASK_BOXES.join(', ')}.`);
    res.json(
      await listTasks(deps.db, principal, box as TaskBox, {
        limit: req.query.limit as string | undefined,
        cursor: req.query.cursor as string | undefined,
      }),
    );
  });

  router.get('/tasks/counts', async (req, res) => {
    res.json(await taskCounts(deps.db, requirePrincipal(req)));
  });

  router.post('/tasks/:task/:action', async (req, res) => {
    const principal = requirePrincipal(req);
    const spec = Object.hasOwn(TASK_ACTIONS, req.params.action) ? TASK_ACTIONS[req.params.action] : undefined;
    if (!spec) throw badRequest('unknown_action', `Unknown task action "${req.params.action}".`);
    const body = validate<Record<string, unknown>>(spec.body, readRequestBody(req));
    const result = await once(deps, req, principal, body, (d) =>
      taskAction(d, principal, req.params.task, spec.action, body),
    );
    res.status(result.status).json(result.body);
  });

  router.get(BASE, async (req, res) => {
    const principal = requirePrincipal(req);
    const { app, form, id } = req.params as { app: string; form: string; id: string };
    res.json(await workflowView(deps.db, principal, { appId: app, formId: form }, id));
  });

  router.post(`${BASE}/:action`, async (req, res) => {
    const principal = requirePrincipal(req);
    const { app, form, id, action } = req.params as { app: string; form: string; id: string; action: string };
    const spec = Object.hasOwn(RECORD_ACTIONS, action) ? RECORD_ACTIONS[action] : undefined;
    if (!spec) throw badRequest('unknown_action', `Unknown workflow action "${action}".`);
    const body = validate<Record<string, unknown>>(spec.body, readRequestBody(req));
    const result = await once(deps, req, principal, body, (d) =>
      recordAction(d, principal, { appId: app, formId: form }, id, spec.action, body),
    );
    res.status(result.status).json(result.body);
  });

  router.get('/notifications', async (req, res) => {
    const principal = requirePrincipal(req);
    res.json(
      await listNotifications(deps.db, principal, {
        unread: req.query.unread === '1' || req.query.unread === 'true',
        limit: req.query.limit as string | undefined,
        cursor: req.query.cursor as string | undefined,
      }),
    );
  });

  router.get('/notifications/count', async (req, res) => {
    res.json(await countNotifications(deps.db, requirePrincipal(req)));
  });

  router.post('/notifications/read', async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<{ ids?: string[]; all?: boolean }>(
      {
        type: 'object',
        properties: {
          ids: { type: 'array', minItems: 1, maxItems: 500, items: { type: 'string', maxLength: 100 } },
          all: { type: 'boolean' },
        },
        additionalProperties: false,
      },
      readRequestBody(req),
    );
    if (!body.ids && !body.all) throw badRequest('nothing_to_mark', 'Give ids or all: true.');
    res.json(await markNotificationsRead(deps.db, principal, body));
  });
};
