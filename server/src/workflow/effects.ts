import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { writeOutbox } from '../records/record-history';
import type { Effect } from './engine/types';
import { notify } from './notifications.service';

/** Where a transition happened, for notifications and outbox events. */
export interface EffectScope {
  orgId: string;
  ref: { instanceId: string; appId: string; formId: string; recordId: string; workflowId: string };
  title: string | null;
  actor: string | null;
  now: Date;
  effects: readonly Effect[];
}

type EffectHandler<T extends Effect['type']> = (
  tx: Db,
  effect: Extract<Effect, { type: T }>,
  scope: EffectScope,
) => Promise<void>;

/** What each engine effect does on the server (one entry per effect type). */
const HANDLERS: { [T in Effect['type']]: EffectHandler<T> } = {
  async notify(tx, effect, scope) {
    const payload = {
      ...scope.ref,
      ...(effect.taskId ? { taskId: effect.taskId } : {}),
      ...(effect.nodeId ? { nodeId: effect.nodeId } : {}),
      title: scope.title,
      actor: scope.actor,
    };
    await notify(tx, scope.orgId, effect.kind, effect.userIds, payload, { now: scope.now });
  },
  async cc(tx, effect, scope) {
    for (const userId of new Set(effect.userIds)) {
      await tx.query(
        `INSERT INTO workflow_cc (id, org_id, instance_id, user_id, node_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [newId(), scope.orgId, scope.ref.instanceId, userId, effect.nodeId, scope.now],
      );
    }
  },
  async hook(tx, effect, scope) {
    await writeOutbox(tx, scope.orgId, 'workflow.hook', [
      { ...scope.ref, nodeId: effect.nodeId, hook: effect.hook },
    ]);
  },
  async status(tx, effect, scope) {
    if (effect.status !== 'running')
      await writeOutbox(tx, scope.orgId, 'workflow.finished', [{ ...scope.ref, status: effect.status }]);
  },
};

export async function applyEffects(tx: Db, scope: EffectScope): Promise<void> {
  for (const effect of scope.effects)
    await (HANDLERS[effect.type] as EffectHandler<Effect['type']>)(tx, effect, scope);
  // The automations' "node reached" trigger (decision 0029): once per node whose tasks were just
  // created, however many assignees it has.
  const reached = new Set(
    scope.effects.flatMap((e) => (e.type === 'notify' && e.kind === 'task' && e.nodeId ? [e.nodeId] : [])),
  );
  await writeOutbox(
    tx,
    scope.orgId,
    'workflow.node_reached',
    [...reached].map((nodeId) => ({ ...scope.ref, nodeId })),
  );
}
