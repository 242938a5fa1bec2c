import type { FormDefinition, I18NText, WorkflowDefinition, WorkflowNode } from '@tangram/schema';
import { authorize, type Principal } from '../access';
import { loadForm, type FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { AppError, conflict, forbidden, notFound, validationFailed, withChinese } from '../http/app-error';
import type { ErrorDetail } from '../http/app-error';
import { systemGrant } from '@tangram/acl';
import { writeOutbox } from '../records/record-history';
import type { WritePipeline } from '../records/kernel/write-pipeline';
import { openReader, openSystemReader } from '../records/kernel/reader';
import { computeContext, loadRecord, recordResource, type FormRef } from '../records/records.service';
import { recordStore, type RecordDto } from '../storage/record-store';
import { loadAssigneeDirectory } from './assignee-directory';
import type { WorkflowDeps } from './deps';
import { engine } from './engine-port';
import {
  WorkflowError,
  type EngineContext,
  type FieldAccessLevel,
  type InstanceState,
  type InstanceStatus,
  type Transition,
  type WorkflowAction,
  type WorkflowErrorCode,
  type WorkflowTask,
} from './engine/types';
import { applyEffects } from './effects';
import { mirrorTasks } from './task-mirror';
import { failpoint } from '../reliability/failpoints';

export type TaskActionName = 'approve' | 'reject' | 'transfer' | 'addApprover';
export type RecordActionName = 'withdraw' | 'urge' | 'comment' | 'submit';

/** A workflow_instances row. */
export interface InstanceRow {
  id: string;
  org_id: string;
  app_id: string;
  form_id: string;
  record_id: string;
  workflow_id: string;
  app_version: number;
  definition: WorkflowDefinition;
  state: InstanceState;
  status: InstanceStatus;
  submitter: string;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

/** How each engine error reaches the client (docs/api.md, "Workflows"). */
const ERROR_STATUS: Record<WorkflowErrorCode, number> = {
  not_running: 409,
  task_closed: 409,
  task_not_found: 404,
  not_assignee: 403,
  action_not_allowed: 403,
  withdraw_not_allowed: 403,
  comment_required: 422,
  signature_required: 422,
  bad_reject_target: 422,
  bad_users: 422,
  self_approval_forbidden: 403,
};

function toAppError(error: unknown): unknown {
  if (error instanceof WorkflowError)
    return new AppError(ERROR_STATUS[error.code] ?? 400, error.code, error.message);
  return error;
}

/** Runs the pure engine, turning its errors into HTTP errors. */
function runEngine(fn: () => Transition): Transition {
  try {
    return fn();
  } catch (error) {
    throw toAppError(error);
  }
}

/** The workflow a form runs: `form.workflowId`, defined for that same form; otherwise none. */
export function workflowOf(ctx: FormContext): WorkflowDefinition | undefined {
  const id = ctx.form.workflowId;
  if (!id) return undefined;
  return ctx.app.workflows?.find((w) => w.id === id && w.form === ctx.form.id);
}

async function orgTimeZone(db: Db, orgId: string): Promise<string> {
  const { rows } = await db.query<{ time_zone: string }>(`SELECT time_zone FROM orgs WHERE id = $1`, [orgId]);
  return rows[0]?.time_zone ?? 'UTC';
}

/** Everything the engine needs from the world, resolved before the pure call. */
async function engineContext(
  tx: Db,
  orgId: string,
  definition: WorkflowDefinition,
  form: FormDefinition,
  record: Record<string, unknown>,
  submitter: string,
  actor: string | null,
  now: Date,
  extraUserIds: readonly string[] = [],
): Promise<{ ctx: EngineContext; isActiveUser: (id: string) => boolean }> {
  const directory = await loadAssigneeDirectory(tx, orgId, definition, submitter, record, extraUserIds);
  return {
    ctx: {
      now: now.toISOString(),
      actor,
      submitter,
      form,
      record,
      timeZone: await orgTimeZone(tx, orgId),
      submitterDepartmentIds: (
        await tx.query<{ department_id: string }>(
          `SELECT department_id FROM memberships WHERE org_id = $1 AND user_id = $2 ORDER BY department_id`,
          [orgId, submitter],
        )
      ).rows.map((r) => r.department_id),
      resolveAssignees: (list) => directory.resolve(list),
      adminIds: directory.adminIds,
      newId,
    },
    isActiveUser: directory.isActiveUser,
  };
}

/** Field access at a node for every field of the form. */
export function accessAt(definition: WorkflowDefinition, nodeId: string, form: FormDefinition) {
  try {
    return engine.fieldAccess(definition, nodeId, form);
  } catch (error) {
    throw toAppError(error);
  }
}

const startNodeOf = (definition: WorkflowDefinition) => definition.nodes.find((n) => n.type === 'start');

/**
 * On create of a process-form record: the submitter may only set fields the start node makes
 * editable (hidden and read-only fields are refused with 422 `field_not_editable`, one detail per
 * field, as the write door refuses fields a permission group makes read-only: decision 0027).
 */
export function checkStartFieldAccess(
  ctx: FormContext,
  items: readonly unknown[],
  pathOf: (i: number) => string,
) {
  const definition = workflowOf(ctx);
  const start = definition && startNodeOf(definition);
  if (!definition || !start) return;
  const access = accessAt(definition, start.id, ctx.form);
  const details: ErrorDetail[] = [];
  items.forEach((raw, i) => {
    if (!raw || typeof raw !== 'object') return;
    for (const field of Object.keys(raw)) {
      const level = access.get(field);
      if (level === 'hidden' || level === 'read')
        details.push({
          path: `${pathOf(i)}/${field}`,
          code: 'field_not_editable',
          message: `is ${level === 'hidden' ? 'hidden' : 'read-only'} when the process starts`,
        });
    }
  });
  if (details.length) {
    const fields = [...new Set(details.map((d) => d.path.split('/').pop()!))];
    throw new AppError(
      422,
      'field_not_editable',
      `${fields.length === 1 ? 'Field' : 'Fields'} ${fields.map((f) => `"${f}"`).join(', ')} cannot be set when submitting this process.`,
      details,
    );
  }
}

/** Writes the record's `workflow_status` system column (lists filter by it). */
async function setRecordStatus(tx: Db, ctx: FormContext, recordId: string, status: InstanceStatus | null) {
  await recordStore.setWorkflowStatus(tx, ctx.table, recordId, status);
}

/** A record_history row for a workflow step (the workflow log has the details). */
async function historyEntry(
  tx: Db,
  ctx: FormContext,
  record: RecordDto,
  action: string,
  actor: string | null,
): Promise<void> {
  await tx.query(
    `INSERT INTO record_history (org_id, app_id, form_id, record_id, version, action, actor_id, changes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, '[]')`,
    [ctx.orgId, ctx.app.id, ctx.form.id, record.id, record.version, `workflow.${action}`, actor],
  );
}

/**
 * Who hears of a record's status change (the write pipeline's status hooks, e.g. aggregate
 * balances) and on whose behalf. Null only while the record is being created: its first status is
 * part of the create change the pipeline's hooks already see.
 */
export type StatusNotice = { writes: WritePipeline; actor: Principal | null } | null;

/**
 * Stores a transition on a locked (or new) instance: state, task mirror and jobs, record status,
 * history, outbox and notifications, all in the caller's transaction.
 */
async function persist(
  tx: Db,
  ctx: FormContext,
  instance: InstanceRow,
  before: InstanceState | null,
  transition: Transition,
  record: RecordDto,
  action: string,
  actor: string | null,
  now: Date,
  notice: StatusNotice,
): Promise<InstanceRow> {
  const { state } = transition;
  const finished = state.status !== 'running';
  const { rows } = await tx.query<InstanceRow>(
    `UPDATE workflow_instances SET state = $2, status = $3, updated_at = $4, finished_at = $5
      WHERE id = $1 RETURNING *`,
    [instance.id, JSON.stringify(state), state.status, now, finished ? now : null],
  );
  const updated = rows[0]!;
  await mirrorTasks(tx, instance.org_id, instance.id, before?.tasks ?? [], state.tasks);
  if (before === null || before.status !== state.status) {
    await setRecordStatus(tx, ctx, record.id, state.status);
    // A refusal here (a balance rule) rolls the whole transition back with the caller's transaction.
    await notice?.writes.statusChanged(
      { tx, form: ctx, actor: notice.actor, source: 'workflow' },
      {
        kind: 'status',
        record: { ...record, workflowStatus: state.status },
        previousStatus: record.workflowStatus,
      },
    );
  }
  await historyEntry(tx, ctx, record, action, actor);
  failpoint('workflow.after_transition');
  const ref = {
    instanceId: instance.id,
    appId: instance.app_id,
    formId: instance.form_id,
    recordId: instance.record_id,
    workflowId: instance.workflow_id,
  };
  const entered = state.active.filter(
    (a) => !(before?.active ?? []).some((b) => b.nodeId === a.nodeId && b.visit === a.visit),
  );
  if (entered.length)
    await writeOutbox(
      tx,
      instance.org_id,
      'workflow.node_entered',
      entered.map((a) => ({ ...ref, nodeId: a.nodeId, visit: a.visit })),
    );
  await applyEffects(tx, {
    orgId: instance.org_id,
    ref,
    title: titleOf(ctx, record),
    actor,
    now,
    effects: transition.effects,
  });
  return updated;
}

const titleOf = (ctx: FormContext, record: RecordDto): string | null => {
  const value = ctx.form.titleField ? record.data[ctx.form.titleField] : undefined;
  return value === undefined || value === null
    ? null
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);
};

/**
 * Starts the form's workflow for a record, in the caller's transaction (the record insert's, or a
 * re-submit's). Returns null when the form is not a process form.
 */
export async function startInstance(
  tx: Db,
  ctx: FormContext,
  submitter: string,
  record: RecordDto,
  now: Date,
  notice: StatusNotice = null,
): Promise<InstanceRow | null> {
  const definition = workflowOf(ctx);
  if (!definition) return null;
  const { ctx: engineCtx } = await engineContext(
    tx,
    ctx.orgId,
    definition,
    ctx.form,
    record.data,
    submitter,
    submitter,
    now,
  );
  const transition = runEngine(() => engine.start(definition, engineCtx));
  const id = newId();
  const { rows } = await tx
    .query<InstanceRow>(
      `INSERT INTO workflow_instances
         (id, org_id, app_id, form_id, record_id, workflow_id, app_version, definition, state, status, submitter, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'running', $10, $11, $11) RETURNING *`,
      [
        id,
        ctx.orgId,
        ctx.app.id,
        ctx.form.id,
        record.id,
        definition.id,
        ctx.app.version ?? 0,
        JSON.stringify(definition),
        JSON.stringify({ ...transition.state, status: 'running' }),
        submitter,
        now,
      ],
    )
    .catch((e: unknown) => {
      if ((e as { code?: string }).code === '23505')
        throw conflict('workflow_running', 'This record already has a running workflow.');
      throw e;
    });
  const instance = rows[0]!;
  await writeOutbox(tx, ctx.orgId, 'workflow.started', [
    {
      instanceId: id,
      appId: ctx.app.id,
      formId: ctx.form.id,
      recordId: record.id,
      workflowId: definition.id,
    },
  ]);
  return persist(tx, ctx, instance, null, transition, record, 'submit', submitter, now, notice);
}

/**
 * Called by records.service after inserting records of a form: starts their workflows and returns
 * the records with the status their instance reached (running, or already finished when every
 * node passed), so the create answer carries the real `workflowStatus`.
 */
export async function startForNewRecords(
  tx: Db,
  ctx: FormContext,
  principal: Principal,
  records: readonly RecordDto[],
): Promise<RecordDto[]> {
  if (!workflowOf(ctx)) return [...records];
  const now = new Date();
  const out: RecordDto[] = [];
  for (const record of records) {
    const instance = await startInstance(tx, ctx, principal.userId, record, now);
    out.push(instance ? { ...record, workflowStatus: instance.status } : record);
  }
  return out;
}

async function lockInstance(tx: Db, orgId: string, id: string): Promise<InstanceRow> {
  const { rows } = await tx.query<InstanceRow>(
    `SELECT * FROM workflow_instances WHERE id = $1 AND org_id = $2 FOR UPDATE`,
    [id, orgId],
  );
  if (!rows[0]) throw notFound('Workflow instance', 'no_workflow_instance');
  return rows[0];
}

/** The latest instance of a record (running or finished), optionally locked. */
export async function latestInstance(tx: Db, orgId: string, ref: FormRef, recordId: string, lock = false) {
  const { rows } = await tx.query<InstanceRow>(
    `SELECT * FROM workflow_instances WHERE org_id = $1 AND app_id = $2 AND form_id = $3 AND record_id = $4
      ORDER BY created_at DESC, id DESC LIMIT 1${lock ? ' FOR UPDATE' : ''}`,
    [orgId, ref.appId, ref.formId, recordId],
  );
  return rows[0] ?? null;
}

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Saves the field values sent with a task action, limited to fields the node makes editable. */
async function saveActionData(
  writes: WritePipeline,
  tx: Db,
  ctx: FormContext,
  principal: Principal,
  current: RecordDto,
  access: Map<string, FieldAccessLevel>,
  body: { data?: Record<string, unknown>; recordVersion?: number },
): Promise<RecordDto> {
  if (body.recordVersion !== undefined && body.recordVersion !== current.version)
    throw withChinese(
      conflict(
        'stale_version',
        `This record was changed by someone else (now version ${current.version}). Review the current values and act again.`,
        { current },
      ),
      `这条数据已被他人修改（现为第 ${current.version} 版），请查看最新内容后再处理。`,
    );
  const data = body.data;
  if (!data || Object.keys(data).length === 0) return current;
  const refused = Object.keys(data).filter((f) => access.get(f) !== 'edit' && access.get(f) !== 'required');
  if (refused.length)
    throw new AppError(
      422,
      'field_not_editable',
      `${refused.length === 1 ? 'Field' : 'Fields'} ${refused.map((f) => `"${f}"`).join(', ')} ${refused.length === 1 ? 'is' : 'are'} not editable at this step.`,
      refused.map((f) => ({
        path: `/data/${f}`,
        code: 'field_not_editable',
        message: 'is not editable at this step',
      })),
    );
  // The task's node decides what may be written (not the assignee's form grant): the write door
  // gets the node's editable fields, and source `workflow` keeps the approval lock out of the way.
  const node = systemGrant(ctx.form, 'workflow task field edits');
  const grant = {
    ...node,
    fields: {
      visible: node.fields.visible,
      editable: node.fields.editable.filter((f) => access.get(f) === 'edit' || access.get(f) === 'required'),
    },
  };
  const w = {
    tx,
    form: ctx,
    principal,
    grant,
    compute: await computeContext(tx, principal),
    source: 'workflow' as const,
  };
  return writes.update(w, current, await writes.checkUpdate(w, data, '/data', current.data));
}

function requiredMissing(record: RecordDto, access: Map<string, FieldAccessLevel>): void {
  const missing = [...access]
    .filter(([f, level]) => level === 'required' && isEmpty(record.data[f]))
    .map(([f]) => f);
  if (missing.length)
    throw validationFailed(
      missing.map((f) => ({ path: `/data/${f}`, code: 'required', message: 'is required at this step' })),
      `Field "${missing[0]}" is required at this step.`,
    );
}

/** `POST /tasks/:task/<action>`. */
export async function taskAction(
  deps: WorkflowDeps,
  principal: Principal,
  taskId: string,
  action: TaskActionName,
  body: Record<string, unknown>,
) {
  const { rows } = await deps.db.query<{ instance_id: string }>(
    `SELECT instance_id FROM workflow_tasks WHERE id = $1 AND org_id = $2`,
    [taskId, principal.orgId],
  );
  if (!rows[0]) throw notFound('Task', 'task_not_found');
  const instanceId = rows[0].instance_id;
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const instance = await lockInstance(tx, principal.orgId, instanceId);
    const ctx = await loadForm(tx, principal.orgId, instance.app_id, instance.form_id);
    let record = await loadRecord(tx, ctx, instance.record_id, { forUpdate: true });
    const ref = { appId: instance.app_id, formId: instance.form_id };
    await authorize(
      principal,
      'read',
      recordResource(principal, ref, record.id, record.ownerId ?? undefined),
    );
    const task = instance.state.tasks.find((t) => t.id === taskId);
    if (!task) throw notFound('Task', 'task_not_found');
    // A handled task answers task_closed even when its instance finished with it (double click).
    if (task.status !== 'pending' && task.status !== 'queued')
      throw conflict('task_closed', 'This task was already handled.');
    if (instance.status !== 'running') throw conflict('not_running', 'This workflow has already finished.');
    if (task.assignee !== principal.userId)
      throw forbidden('This task is assigned to someone else.', 'not_assignee');

    const definition = instance.definition;
    if (typeof body.signature === 'string') await checkSignature(tx, principal, body.signature);
    if (action === 'approve' || action === 'reject') {
      const access = accessAt(definition, task.nodeId, ctx.form);
      record = await saveActionData(deps.writes, tx, ctx, principal, record, access, body);
      if (action === 'approve') requiredMissing(record, access);
    }
    const extra =
      action === 'transfer' ? [body.to as string] : action === 'addApprover' ? (body.users as string[]) : [];
    const { ctx: engineCtx, isActiveUser } = await engineContext(
      tx,
      principal.orgId,
      definition,
      ctx.form,
      record.data,
      instance.submitter,
      principal.userId,
      now,
      extra,
    );
    const unknownUsers = extra.filter((id) => !isActiveUser(id));
    if (unknownUsers.length)
      throw new AppError(
        422,
        'bad_users',
        `User "${unknownUsers[0]}" is not an active user of this organisation.`,
        {
          users: unknownUsers,
        },
      );
    const engineAction = toEngineAction(action, taskId, body);
    const transition = runEngine(() => engine.apply(definition, instance.state, engineAction, engineCtx));
    await persist(tx, ctx, instance, instance.state, transition, record, action, principal.userId, now, {
      writes: deps.writes,
      actor: principal,
    });
    return {
      view: buildView(principal, ctx, await lockInstance(tx, principal.orgId, instance.id), record),
    };
  });
}

/** A signature is an uploaded image of the actor's own org (files API); anything else is refused. */
async function checkSignature(tx: Db, principal: Principal, fileId: string): Promise<void> {
  const { rows } = await tx.query<{ mime: string }>(`SELECT mime FROM files WHERE id = $1 AND org_id = $2`, [
    fileId,
    principal.orgId,
  ]);
  if (!rows[0] || !rows[0].mime.startsWith('image/'))
    throw new AppError(
      422,
      'bad_signature',
      'The signature must be an image uploaded through the files API.',
      {
        path: '/signature',
      },
    );
}

function toEngineAction(
  action: TaskActionName,
  taskId: string,
  body: Record<string, unknown>,
): WorkflowAction {
  const comment = body.comment as string | undefined;
  const signature = body.signature as string | undefined;
  switch (action) {
    case 'approve':
      return { type: 'approve', taskId, comment, signature };
    case 'reject':
      return { type: 'reject', taskId, comment, signature, to: body.to as never };
    case 'transfer':
      return { type: 'transfer', taskId, to: body.to as string, comment };
    case 'addApprover':
      return {
        type: 'addApprover',
        taskId,
        users: body.users as string[],
        position: body.position as 'before' | 'after',
        comment,
      };
  }
}

/** `POST /apps/:app/forms/:form/records/:id/workflow/<action>`. */
export async function recordAction(
  deps: WorkflowDeps,
  principal: Principal,
  ref: FormRef,
  recordId: string,
  action: RecordActionName,
  body: Record<string, unknown>,
) {
  const ctx = await loadForm(deps.db, principal.orgId, ref.appId, ref.formId);
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const record = await loadRecord(tx, ctx, recordId, { forUpdate: true });
    const resource = recordResource(principal, ref, recordId, record.ownerId ?? undefined);
    await authorize(principal, action === 'submit' ? 'update' : 'read', resource);
    if (action === 'submit') {
      if (!workflowOf(ctx))
        throw conflict('no_workflow', 'This form has no workflow to submit the record to.');
      checkResubmit(principal, record, await latestInstance(tx, principal.orgId, ref, recordId, true));
      const started = await startInstance(tx, ctx, principal.userId, record, now, {
        writes: deps.writes,
        actor: principal,
      });
      return { view: buildView(principal, ctx, started!, record) };
    }
    const latest = await latestInstance(tx, principal.orgId, ref, recordId, true);
    if (!latest) throw notFound('Workflow instance', 'no_workflow_instance');
    if (latest.status !== 'running') throw conflict('not_running', 'This workflow has already finished.');
    const { ctx: engineCtx } = await engineContext(
      tx,
      principal.orgId,
      latest.definition,
      ctx.form,
      record.data,
      latest.submitter,
      principal.userId,
      now,
    );
    const comment = body.comment as string | undefined;
    const engineAction: WorkflowAction =
      action === 'comment'
        ? { type: 'comment', comment: comment ?? '', taskId: body.taskId as string | undefined }
        : { type: action, comment };
    const transition = runEngine(() =>
      engine.apply(latest.definition, latest.state, engineAction, engineCtx),
    );
    await persist(tx, ctx, latest, latest.state, transition, record, action, principal.userId, now, {
      writes: deps.writes,
      actor: principal,
    });
    return {
      view: buildView(principal, ctx, await lockInstance(tx, principal.orgId, latest.id), record),
    };
  });
}

/**
 * Who may (re-)submit a record to its workflow (decision 0020): after a withdraw or a rejection,
 * only the submitter of that instance; a record that never entered the flow (created before the
 * workflow was attached), only its owner — whoever submits becomes the submitter, whom
 * forbidSelfApproval keeps out of the approvals, so nobody may submit someone else's record.
 * A running or approved instance is never restarted here.
 */
function checkResubmit(principal: Principal, record: RecordDto, latest: InstanceRow | null): void {
  if (latest?.status === 'running')
    throw conflict('workflow_running', 'This record already has a running workflow.');
  if (latest?.status === 'approved')
    throw conflict(
      'already_approved',
      'This record has already been approved: it cannot be submitted again.',
    );
  const allowed = latest ? latest.submitter : (record.ownerId ?? record.createdBy);
  if (allowed !== principal.userId)
    throw forbidden(
      latest
        ? 'Only the person who submitted this record can submit it again.'
        : 'Only the owner of this record can submit it.',
      'not_submitter',
    );
}

/**
 * A system action (reminder or timeout) from the scheduler, in the job's transaction. A task that
 * was handled meanwhile makes the job a no-op.
 */
export async function systemAction(
  tx: Db,
  deps: WorkflowDeps,
  orgId: string,
  instanceId: string,
  action: { type: 'remind' | 'timeout'; taskId: string },
  now: Date,
): Promise<void> {
  const { rows } = await tx.query<InstanceRow>(
    `SELECT * FROM workflow_instances WHERE id = $1 AND org_id = $2 FOR UPDATE`,
    [instanceId, orgId],
  );
  const instance = rows[0];
  const task = instance?.state.tasks.find((t) => t.id === action.taskId);
  if (!instance || instance.status !== 'running' || !task || task.status !== 'pending') return;
  const due = action.type === 'remind' ? task.remindAt : task.dueAt;
  if (!due || Date.parse(due) > now.getTime()) return; // rescheduled meanwhile
  const ctx = await loadForm(tx, orgId, instance.app_id, instance.form_id);
  const record = await loadRecord(tx, ctx, instance.record_id, { forUpdate: true, includeDeleted: true });
  const { ctx: engineCtx } = await engineContext(
    tx,
    orgId,
    instance.definition,
    ctx.form,
    record.data,
    instance.submitter,
    null,
    now,
  );
  let transition: Transition;
  try {
    transition = engine.apply(instance.definition, instance.state, action, engineCtx);
  } catch (error) {
    if (error instanceof WorkflowError) return; // e.g. task_closed: nothing left to do
    throw error;
  }
  await persist(tx, ctx, instance, instance.state, transition, record, action.type, null, now, {
    writes: deps.writes,
    actor: null,
  });
}

const handlerActions = (node: WorkflowNode): string[] => {
  if (node.type !== 'approve' && node.type !== 'fill') return node.type === 'start' ? ['submit'] : [];
  const listed = node.actions;
  const out = [node.type === 'approve' ? 'approve' : 'submit'];
  const rejectAllowed =
    node.type === 'approve' ? !listed || listed.includes('reject') : !!listed?.includes('reject');
  if (rejectAllowed) out.push('reject');
  if (listed?.includes('transfer')) out.push('transfer');
  if (listed?.includes('addApprover')) out.push('addApprover');
  return out;
};

/** The viewer's part of the workflow view: what they may do and which fields they see. */
function viewerState(principal: Principal, instance: InstanceRow, form: FormDefinition) {
  const { definition, state } = instance;
  const running = instance.status === 'running';
  const myTask: WorkflowTask | undefined = running
    ? state.tasks.find((t) => t.assignee === principal.userId && t.status === 'pending')
    : undefined;
  const node = myTask ? definition.nodes.find((n) => n.id === myTask.nodeId) : undefined;
  const isSubmitter = instance.submitter === principal.userId;
  const othersActed = state.log.some(
    (e) =>
      e.actor !== null &&
      e.actor !== instance.submitter &&
      ['approve', 'reject', 'transfer', 'addApprover'].includes(e.action),
  );
  const canWithdraw = running && isSubmitter && definition.settings?.allowWithdraw !== false && !othersActed;
  const canUrge = running && isSubmitter && state.tasks.some((t) => t.status === 'pending');

  // Field access: the viewer's node when they hold a task; otherwise everything the start node
  // does not hide is read-only (the submitter sees what they filled in, others what the flow shows).
  const fieldAccess: Record<string, FieldAccessLevel> = {};
  const start = startNodeOf(definition);
  const base = myTask
    ? accessAt(definition, myTask.nodeId, form)
    : start
      ? accessAt(definition, start.id, form)
      : null;
  for (const field of form.fields) {
    const level = base?.get(field.id) ?? 'read';
    fieldAccess[field.id] = myTask ? level : level === 'hidden' ? 'hidden' : 'read';
  }

  const rejectTargets: { kind: string; nodeId?: string; name?: I18NText }[] = [];
  if (node && (node.type === 'approve' || node.type === 'fill')) {
    for (const target of node.rejectTo ?? ['end']) {
      if (target !== 'chosen') rejectTargets.push({ kind: target });
      else
        for (const id of [...new Set(state.history)].filter((id) => id !== node.id)) {
          const earlier = definition.nodes.find((n) => n.id === id);
          rejectTargets.push({ kind: 'node', nodeId: id, ...(earlier?.name ? { name: earlier.name } : {}) });
        }
    }
  }
  const actions = node ? handlerActions(node) : [];
  if (canWithdraw) actions.push('withdraw');
  if (canUrge) actions.push('urge');
  if (running) actions.push('comment');
  // After a withdraw or a rejection the submitter may submit the record again (checkResubmit).
  if (isSubmitter && (instance.status === 'withdrawn' || instance.status === 'rejected'))
    actions.push('submit');
  const flags = node && (node.type === 'approve' || node.type === 'fill') ? node : undefined;
  return {
    ...(myTask ? { taskId: myTask.id, nodeId: myTask.nodeId } : {}),
    actions,
    rejectTargets,
    fieldAccess,
    canWithdraw,
    canUrge,
    signatureRequired: flags?.signatureRequired === true,
    commentRequired: flags?.commentRequired === true,
  };
}

function buildView(principal: Principal, ctx: FormContext, instance: InstanceRow, record: RecordDto) {
  const me = viewerState(principal, instance, ctx.form);
  // Fields hidden at the viewer's node are left out of the record sent with the view.
  const data = Object.fromEntries(
    Object.entries(record.data).filter(([f]) => me.fieldAccess[f] !== 'hidden'),
  );
  return {
    instance: {
      id: instance.id,
      status: instance.status,
      workflowId: instance.workflow_id,
      definition: instance.definition,
      active: instance.state.active,
      log: instance.state.log,
      tasks: instance.state.tasks,
      submitter: instance.submitter,
      createdAt: instance.created_at.toISOString(),
      finishedAt: instance.finished_at ? instance.finished_at.toISOString() : null,
    },
    me,
    record: { ...record, data },
  };
}

/** `GET /apps/:app/forms/:form/records/:id/workflow`: the latest instance and the viewer's options. */
export async function workflowView(db: Db, principal: Principal, ref: FormRef, recordId: string) {
  const ctx = await loadForm(db, principal.orgId, ref.appId, ref.formId);
  const instance = await latestInstance(db, principal.orgId, ref, recordId);
  // The people of the flow (submitter, handlers, cc) read the record through it, with the node's
  // field access; anyone else through the records kernel (row scope and field mask, 404 outside).
  const participant = instance !== null && (await takesPart(db, principal, instance));
  const record = participant
    ? await openSystemReader(db, principal.orgId, 'workflow participant').get(ref, recordId)
    : await openReader(db, principal).get(ref, recordId);
  if (!instance) throw notFound('Workflow instance', 'no_workflow_instance');
  return buildView(principal, ctx, instance, record);
}

/** Whether the principal submitted, handles (or handled) a task of, or was copied on the instance. */
async function takesPart(db: Db, principal: Principal, instance: InstanceRow): Promise<boolean> {
  if (instance.submitter === principal.userId) return true;
  if (instance.state.tasks.some((t) => t.assignee === principal.userId)) return true;
  const { rows } = await db.query(
    `SELECT 1 FROM workflow_cc WHERE org_id = $1 AND instance_id = $2 AND user_id = $3 LIMIT 1`,
    [principal.orgId, instance.id, principal.userId],
  );
  return rows.length > 0;
}
