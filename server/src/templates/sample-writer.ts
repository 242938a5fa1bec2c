/**
 * Writes a template's sample data as if people had typed it: users in their roles, then records in
 * order through the records kernel's write door (validation, serials, aggregates and balance rules,
 * outbox events for automations), with approvals driven through the workflow service as the
 * assignees. Each chunk of records is one transaction, so progress is visible while it runs.
 */
import { randomBytes } from 'node:crypto';
import { resolveSampleValue, type SampleData, type SampleRecord } from '@tangram/templates';
import type { Principal } from '../access';
import type { Db } from '../db/db';
import { quoteIdent } from '../db/sql/ident';
import { addRoleMembers } from '../org/roles.service';
import { createUser } from '../org/users.service';
import type { WritePipeline } from '../records/kernel/write-pipeline';
import { writeTarget } from '../records/records.writes';
import type { WorkflowDeps } from '../workflow/deps';
import { taskAction } from '../workflow/workflow.service';
import { principalOfUser } from '../access/user-principal';

/** Records per transaction: big enough to be quick, small enough to show progress and not hold locks long. */
const CHUNK = 100;
/** Steps one approval may take (a sequence of approvers); beyond this the sample is wrong. */
const MAX_WORKFLOW_STEPS = 20;

export interface SampleTarget {
  db: Db;
  writes: WritePipeline;
  workflow: WorkflowDeps;
  /** The installing admin: records are written as them. */
  principal: Principal;
  locale: 'zh-CN' | 'en';
  /** Installed app id by template app id; role id by role key. */
  appIds: Record<string, string>;
  roleIds: Record<string, string>;
  /** Written records by `app/form#ref` (template ids), shared across the packages of one install. */
  refs: Map<string, string>;
  /** Sample users by key, shared across the packages of one install. */
  users: Map<string, string>;
  progress(written: number): Promise<void>;
}

/**
 * The sample users: an existing user with the same email is reused (a second package names the
 * same people), a new one gets a random password nobody knows (an admin resets it to hand it out).
 */
export async function ensureSampleUsers(t: SampleTarget, data: SampleData): Promise<void> {
  for (const u of data.users) {
    const roleIds = u.roles.map((k) => t.roleIds[k]).filter((id): id is string => !!id);
    const { rows } = await t.db.query<{ id: string }>(
      `SELECT id FROM users WHERE org_id = $1 AND lower(email) = lower($2)`,
      [t.principal.orgId, u.email],
    );
    let id = rows[0]?.id;
    if (!id) {
      const password = `${randomBytes(18).toString('base64url')}Aa1!`;
      id = (
        await createUser(t.db, t.principal, { name: u.name[t.locale], email: u.email, password, roleIds })
      ).user.id;
    } else {
      for (const roleId of roleIds) await addRoleMembers(t.db, t.principal, roleId, [id]);
    }
    t.users.set(u.key, id);
  }
}

export async function writeSampleRecords(t: SampleTarget, data: SampleData): Promise<void> {
  let written = 0;
  for (const batch of data.batches) {
    const appId = t.appIds[batch.app] ?? batch.app;
    const ref = { appId, formId: batch.form };
    const { ctx, base } = await writeTarget(t.db, t.principal, ref, 'api');
    for (let start = 0; start < batch.records.length; start += CHUNK) {
      const chunk = batch.records.slice(start, start + CHUNK);
      const ids = await t.db.transaction(async (tx) => {
        const resolver = { ref: (k: string) => t.refs.get(k), member: (k: string) => t.users.get(k) };
        const items = chunk.map((r, i) =>
          resolveSampleValue(r.values, resolver, `/${batch.app}/${batch.form}/${start + i}`),
        );
        const created = await t.writes.create(
          { ...base, tx },
          items,
          (i) => `/${batch.app}/${batch.form}/${start + i}`,
        );
        await stampCreatedAt(
          tx,
          ctx.table.table,
          chunk,
          created.map((c) => c.id),
        );
        return created.map((c) => c.id);
      });
      chunk.forEach((r, i) => {
        if (r.ref) t.refs.set(`${batch.app}/${batch.form}#${r.ref}`, ids[i]!);
      });
      for (const [i, r] of chunk.entries()) {
        if (r.workflow) await driveWorkflow(t, ref, ids[i]!, r.workflow);
      }
      written += chunk.length;
      await t.progress(written);
    }
  }
}

/** A year of activity: the created time the sample says, so charts by month have a shape. */
async function stampCreatedAt(tx: Db, table: string, chunk: SampleRecord[], ids: string[]): Promise<void> {
  const stamped = chunk.flatMap((r, i) => (r.createdAt ? [{ id: ids[i]!, at: r.createdAt }] : []));
  if (!stamped.length) return;
  await tx.query(
    `UPDATE ${quoteIdent(table)} AS t SET created_at = s.at::timestamptz
       FROM unnest($1::text[], $2::text[]) AS s(id, at) WHERE t.id = s.id`,
    [stamped.map((s) => s.id), stamped.map((s) => s.at)],
  );
}

/** Approves (or rejects) every pending task of the record's approval as its assignee, until it ends. */
async function driveWorkflow(
  t: SampleTarget,
  ref: { appId: string; formId: string },
  recordId: string,
  outcome: 'approved' | 'rejected',
): Promise<void> {
  for (let step = 0; step < MAX_WORKFLOW_STEPS; step++) {
    const { rows } = await t.db.query<{
      status: string;
      state: { tasks: { id: string; status: string; assignee: string }[] };
    }>(
      `SELECT status, state FROM workflow_instances
        WHERE org_id = $1 AND app_id = $2 AND form_id = $3 AND record_id = $4 ORDER BY created_at DESC LIMIT 1`,
      [t.principal.orgId, ref.appId, ref.formId, recordId],
    );
    const instance = rows[0];
    if (!instance || instance.status !== 'running') return;
    const task = instance.state.tasks.find((x) => x.status === 'pending');
    if (!task) return;
    const assignee = await principalOfUser(t.db, t.principal.orgId, task.assignee);
    if (!assignee) return;
    await taskAction(t.workflow, assignee, task.id, outcome === 'approved' ? 'approve' : 'reject', {});
    // A rejection ends the sample's part: where it sends the record next is the workflow's business.
    if (outcome === 'rejected') return;
  }
  throw new Error(
    `The sample approval of ${ref.appId}/${ref.formId} did not finish in ${MAX_WORKFLOW_STEPS} steps`,
  );
}
