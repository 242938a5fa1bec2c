import type { I18NText } from '@tangram/schema';
import type { Principal } from '../access';
import type { Db } from '../db/db';
import { openReader } from '../records/kernel/reader';
import { decodeCursor, encodeCursor, parseLimit } from './paging';

export const TASK_BOXES = ['todo', 'done', 'initiated', 'cc'] as const;
export type TaskBox = (typeof TASK_BOXES)[number];

export interface TaskListItem {
  taskId?: string;
  instanceId: string;
  appId: string;
  formId: string;
  recordId: string;
  title: string | null;
  nodeId: string | null;
  nodeName: I18NText | null;
  status: string;
  outcome?: string;
  submitter: string;
  createdAt: string;
  actedAt?: string;
}

interface Row {
  task_id: string | null;
  instance_id: string;
  app_id: string;
  form_id: string;
  record_id: string;
  node_id: string | null;
  node_name: I18NText | null;
  status: string;
  outcome: string | null;
  submitter: string;
  created_at: Date;
  acted_at: Date | null;
  /** The keyset column of the box. */
  sort_at: Date;
  sort_id: string;
}

const nodeName = (nodeExpr: string) =>
  `(SELECT n->'name' FROM jsonb_array_elements(i.definition->'nodes') n WHERE n->>'id' = ${nodeExpr} LIMIT 1)`;

/** One query per box: FROM/WHERE (with $1 org and $2 user) and the keyset columns. */
const BOXES: Record<TaskBox, { select: string; from: string; sortAt: string; sortId: string }> = {
  todo: {
    select: `t.id AS task_id, t.node_id, ${nodeName('t.node_id')} AS node_name, t.status, t.outcome, t.created_at, t.acted_at`,
    from: `workflow_tasks t JOIN workflow_instances i ON i.id = t.instance_id
            WHERE t.org_id = $1 AND t.assignee = $2 AND t.status = 'pending'`,
    sortAt: 't.created_at',
    sortId: 't.id',
  },
  done: {
    select: `t.id AS task_id, t.node_id, ${nodeName('t.node_id')} AS node_name, t.status, t.outcome, t.created_at, t.acted_at`,
    from: `workflow_tasks t JOIN workflow_instances i ON i.id = t.instance_id
            WHERE t.org_id = $1 AND t.assignee = $2 AND t.status = 'done'`,
    sortAt: 't.acted_at',
    sortId: 't.id',
  },
  initiated: {
    select: `NULL AS task_id, i.state->'active'->0->>'nodeId' AS node_id, ${nodeName(`i.state->'active'->0->>'nodeId'`)} AS node_name,
             i.status, NULL AS outcome, i.created_at, i.finished_at AS acted_at`,
    from: `workflow_instances i WHERE i.org_id = $1 AND i.submitter = $2`,
    sortAt: 'i.created_at',
    sortId: 'i.id',
  },
  cc: {
    select: `NULL AS task_id, c.node_id, ${nodeName('c.node_id')} AS node_name,
             CASE WHEN c.read THEN 'read' ELSE 'unread' END AS status, NULL AS outcome, c.created_at, NULL::timestamptz AS acted_at`,
    from: `workflow_cc c JOIN workflow_instances i ON i.id = c.instance_id WHERE c.org_id = $1 AND c.user_id = $2`,
    sortAt: 'c.created_at',
    sortId: 'c.id',
  },
};

/** The signed-in user's inbox box, newest first, keyset paged. */
export async function listTasks(
  db: Db,
  principal: Principal,
  box: TaskBox,
  opts: { limit?: string; cursor?: string },
): Promise<{ items: TaskListItem[]; nextCursor: string | null }> {
  const limit = parseLimit(opts.limit);
  const after = decodeCursor(opts.cursor);
  const spec = BOXES[box];
  const params: unknown[] = [principal.orgId, principal.userId];
  const keyset = after
    ? ` AND (${spec.sortAt}, ${spec.sortId}) < ($${params.push(after.at)}::timestamptz, $${params.push(after.id)})`
    : '';
  const { rows } = await db.query<Row>(
    `SELECT ${spec.select}, i.id AS instance_id, i.app_id, i.form_id, i.record_id, i.submitter,
            ${spec.sortAt} AS sort_at, ${spec.sortId} AS sort_id
       FROM ${spec.from}${keyset}
      ORDER BY ${spec.sortAt} DESC, ${spec.sortId} DESC LIMIT $${params.push(limit + 1)}`,
    params,
  );
  const page = rows.slice(0, limit);
  const titles = await recordTitles(db, principal, page);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      ...(r.task_id ? { taskId: r.task_id } : {}),
      instanceId: r.instance_id,
      appId: r.app_id,
      formId: r.form_id,
      recordId: r.record_id,
      title: titles.get(`${r.app_id}/${r.form_id}/${r.record_id}`) ?? null,
      nodeId: r.node_id,
      nodeName: r.node_name,
      status: r.status,
      ...(r.outcome ? { outcome: r.outcome } : {}),
      submitter: r.submitter,
      createdAt: r.created_at.toISOString(),
      ...(r.acted_at ? { actedAt: r.acted_at.toISOString() } : {}),
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.sort_at, last.sort_id) : null,
  };
}

/**
 * The title field's value of each listed record, read through the records kernel (one query per
 * form on the page), so a renamed record shows its current title and a title field hidden from
 * the viewer stays hidden.
 */
async function recordTitles(
  db: Db,
  principal: Principal,
  rows: readonly Pick<Row, 'app_id' | 'form_id' | 'record_id'>[],
): Promise<Map<string, string>> {
  const byForm = new Map<string, { appId: string; formId: string; ids: string[] }>();
  for (const r of rows) {
    const key = `${r.app_id}/${r.form_id}`;
    const entry = byForm.get(key) ?? { appId: r.app_id, formId: r.form_id, ids: [] };
    entry.ids.push(r.record_id);
    byForm.set(key, entry);
  }
  const reader = openReader(db, principal);
  const titles = new Map<string, string>();
  for (const { appId, formId, ids } of byForm.values()) {
    const found = await reader.titles({ appId, formId }, ids);
    for (const [id, title] of found) titles.set(`${appId}/${formId}/${id}`, title);
  }
  return titles;
}

export async function taskCounts(db: Db, principal: Principal) {
  const p = [principal.orgId, principal.userId];
  const count = async (sql: string) => Number((await db.query<{ n: string }>(sql, p)).rows[0]?.n ?? 0);
  return {
    todo: await count(
      `SELECT count(*) AS n FROM workflow_tasks WHERE org_id = $1 AND assignee = $2 AND status = 'pending'`,
    ),
    done: await count(
      `SELECT count(*) AS n FROM workflow_tasks WHERE org_id = $1 AND assignee = $2 AND status = 'done'`,
    ),
    initiated: await count(
      `SELECT count(*) AS n FROM workflow_instances WHERE org_id = $1 AND submitter = $2`,
    ),
    cc: await count(`SELECT count(*) AS n FROM workflow_cc WHERE org_id = $1 AND user_id = $2`),
  };
}
