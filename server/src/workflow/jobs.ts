import { loadForm } from '../apps/app-cache';
import { EMAIL_JOB, type NotificationPayload } from './notifications.service';
import { registerJobHandler } from './scheduler';
import { REMIND_JOB, TIMEOUT_JOB } from './task-mirror';
import { systemAction } from './workflow.service';

// The scheduler's workflow job kinds. Imported once by the routes module (and by tests through
// runDueJobs' module) so the registry is filled before the first poll.

for (const [kind, type] of [
  [REMIND_JOB, 'remind'],
  [TIMEOUT_JOB, 'timeout'],
] as const) {
  registerJobHandler(kind, async (tx, job, deps, now) => {
    const { instanceId, taskId } = job.payload as { instanceId: string; taskId: string };
    await systemAction(tx, deps, job.orgId!, instanceId, { type, taskId }, now);
  });
}

const SUBJECTS: Record<string, string> = {
  task: 'A task waits for you',
  remind: 'Reminder: a task waits for you',
  urge: 'The submitter asks you to handle a task',
  approved: 'Your request was approved',
  rejected: 'Your request was rejected or sent back',
};

registerJobHandler(EMAIL_JOB, async (tx, job, deps) => {
  if (!deps.mailer) return; // email was turned off since: nothing to send
  const { notificationId } = job.payload as { notificationId: string };
  const { rows } = await tx.query<{
    kind: string;
    payload: NotificationPayload;
    email: string;
    active: boolean;
  }>(
    `SELECT n.kind, n.payload, u.email, u.active FROM notifications n JOIN users u ON u.id = n.user_id AND u.org_id = n.org_id
      WHERE n.id = $1`,
    [notificationId],
  );
  const n = rows[0];
  if (!n || !n.active) return;
  const form = await loadForm(tx, job.orgId!, n.payload.appId, n.payload.formId).catch(() => null);
  const formName = form ? (form.form.name.en ?? form.form.name['zh-CN'] ?? form.form.id) : n.payload.formId;
  const title = n.payload.title ? ` "${n.payload.title}"` : '';
  await deps.mailer.send({
    to: n.email,
    subject: `${SUBJECTS[n.kind] ?? 'Workflow update'}: ${formName}${title}`,
    text: `${SUBJECTS[n.kind] ?? 'Workflow update'}.\n\nForm: ${formName}\nRecord: ${n.payload.recordId}${title}\n\nOpen Tangram to see it.`,
  });
});
