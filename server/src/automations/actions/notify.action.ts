/**
 * The notify action: in-app notifications (the same `notifications` inbox the workflow uses) and,
 * when asked, an email sent after the commit by the job scheduler with the configured mailer.
 * Both are rows written in the action's transaction, so a rolled-back or repeated run sends nothing
 * twice.
 */
import { fieldRegistry, recordTitle } from '@tangram/fields';
import { loadForm } from '../../apps/app-cache';
import type { Db } from '../../db/db';
import { newId } from '../../db/ids';
import { enqueueJob, registerJobHandler } from '../../workflow/scheduler';
import { ActionError } from './record.actions';
import type { ActionEntry, ActionOf, TriggerEvent } from './registry';
import { mappingScope } from './trigger-scope';
import { resolveValue } from './value-mapping';

export const AUTOMATION_NOTIFICATION_KIND = 'automation';
export const AUTOMATION_EMAIL_JOB = 'automation.email';
/** A bound on recipients of one action, after member fields are expanded. */
const MAX_RECIPIENTS = 500;

/** Member ids named by a member field's value (one id or a list). */
function membersOf(value: unknown): string[] {
  if (typeof value === 'string' && value) return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  return [];
}

/** The recipients that are active members of the org (unknown ids are dropped, and reported). */
async function activeMembers(tx: Db, orgId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM users WHERE org_id = $1 AND id = ANY($2::text[]) AND active ORDER BY id`,
    [orgId, [...ids]],
  );
  return rows.map((r) => r.id);
}

/**
 * The trigger record's title as the inbox shows it (null without a record). Read from the event's
 * copy of the record, which holds what the write left: the notification names the record as it
 * was when the automation fired, like an email would.
 */
async function titleOf(tx: Db, orgId: string, event: TriggerEvent): Promise<string | null> {
  if (!event.formId || !event.record) return null;
  try {
    const { form } = await loadForm(tx, orgId, event.appId, event.formId);
    return recordTitle(form, event.record, fieldRegistry, { locale: 'zh-CN' });
  } catch {
    return null; // a form deleted since: the notification still says what happened
  }
}

export const notifyAction: ActionEntry<ActionOf<'notify'>> = {
  async run(ctx, action, event) {
    const scope = await mappingScope(ctx, event);
    const named = [
      ...(action.users ?? []),
      ...(action.userFields ?? []).flatMap((f) => membersOf(event.record?.[f])),
    ];
    const wanted = [...new Set(named)];
    if (wanted.length > MAX_RECIPIENTS)
      throw new ActionError(
        `A notification may go to at most ${MAX_RECIPIENTS} members (${wanted.length} named).`,
      );
    const recipients = await activeMembers(ctx.tx, ctx.orgId, wanted);
    const message = action.message ? resolveValue(action.message, scope, 'message') : null;
    const payload = {
      automationId: ctx.automation.id,
      runId: ctx.runId,
      appId: event.appId,
      formId: event.formId,
      recordId: event.recordId,
      // The record the message is about, by its name (the inbox shows it and links to it).
      recordTitle: await titleOf(ctx.tx, ctx.orgId, event),
      title: action.title,
      message: message === null || message === undefined ? null : String(message).slice(0, 2000),
    };
    for (const userId of recipients) {
      const id = newId();
      await ctx.tx.query(
        `INSERT INTO notifications (id, org_id, user_id, kind, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, ctx.orgId, userId, AUTOMATION_NOTIFICATION_KIND, JSON.stringify(payload), ctx.now],
      );
      if (action.email)
        await enqueueJob(ctx.tx, {
          orgId: ctx.orgId,
          kind: AUTOMATION_EMAIL_JOB,
          runAt: ctx.now,
          payload: { notificationId: id },
        });
    }
    return {
      notified: recipients,
      ...(wanted.length > recipients.length
        ? { skipped: wanted.filter((u) => !recipients.includes(u)) }
        : {}),
      ...(action.email ? { emailed: recipients.length } : {}),
    };
  },
};

registerJobHandler(AUTOMATION_EMAIL_JOB, async (tx, job, deps) => {
  if (!deps.mailer) return; // no SMTP configured: the in-app notification is all there is
  const { notificationId } = job.payload as { notificationId: string };
  const { rows } = await tx.query<{
    payload: {
      title?: { en?: string; 'zh-CN'?: string };
      message?: string | null;
      recordTitle?: string | null;
    };
    email: string;
    active: boolean;
  }>(
    `SELECT n.payload, u.email, u.active FROM notifications n JOIN users u ON u.id = n.user_id AND u.org_id = n.org_id
      WHERE n.id = $1`,
    [notificationId],
  );
  const n = rows[0];
  if (!n || !n.active) return;
  const title = n.payload.title?.en ?? n.payload.title?.['zh-CN'] ?? 'Automation';
  const about = n.payload.recordTitle ? `Record: ${n.payload.recordTitle}\n\n` : '';
  await deps.mailer.send({
    to: n.email,
    subject: n.payload.recordTitle ? `${title}: ${n.payload.recordTitle}` : title,
    text: `${title}\n\n${about}${n.payload.message ?? ''}\n\nOpen Tangram to see it.`.replace(
      /\n{3,}/g,
      '\n\n',
    ),
  });
});
