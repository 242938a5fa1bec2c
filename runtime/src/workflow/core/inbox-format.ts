import type { AppNotification, TaskBox, TaskListItem, WorkflowInstanceStatus } from '@tangram/client';
import { fill, type WorkflowTexts } from '../texts';

export interface Tag {
  text: string;
  color: string;
}

const INSTANCE_COLORS: Record<WorkflowInstanceStatus, string> = {
  running: 'processing',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

const OUTCOME_COLORS: Record<string, string> = {
  approved: 'success',
  rejected: 'error',
  transferred: 'warning',
  timedOut: 'warning',
  superseded: 'default',
};

const isInstanceStatus = (s: string): s is WorkflowInstanceStatus => s in INSTANCE_COLORS;

/** The status tag of an inbox row: what `status` means depends on the box. */
export function statusTag(box: TaskBox, item: TaskListItem, tx: WorkflowTexts): Tag {
  if (box === 'done' && item.outcome && item.outcome in tx.outcome)
    return {
      text: tx.outcome[item.outcome as keyof WorkflowTexts['outcome']],
      color: OUTCOME_COLORS[item.outcome] ?? 'default',
    };
  if (isInstanceStatus(item.status))
    return { text: tx.instanceStatus[item.status], color: INSTANCE_COLORS[item.status] };
  if (item.status in tx.taskStatus) {
    const text = tx.taskStatus[item.status as keyof WorkflowTexts['taskStatus']];
    return { text, color: item.status === 'pending' || item.status === 'unread' ? 'processing' : 'default' };
  }
  return { text: item.status, color: 'default' };
}

/** The process page of a record. */
export const processPath = (ref: { appId: string; formId: string; recordId: string }): string =>
  `/apps/${encodeURIComponent(ref.appId)}/forms/${encodeURIComponent(ref.formId)}/records/${encodeURIComponent(ref.recordId)}/process`;

/** The inbox, optionally on one box. */
export const inboxPath = (box?: TaskBox): string => (box && box !== 'todo' ? `/tasks?box=${box}` : '/tasks');

export const BOXES: readonly TaskBox[] = ['todo', 'done', 'initiated', 'cc'];

/** Reads the box from a query string; anything unknown is the to-do box. */
export function boxFromSearch(search: string): TaskBox {
  const box = new URLSearchParams(search).get('box');
  return BOXES.find((b) => b === box) ?? 'todo';
}

/** One notification in words. */
export function notificationText(
  n: AppNotification,
  tx: WorkflowTexts,
  userName: (id: string) => string,
): string {
  return fill(tx.notificationKinds[n.kind], {
    title: n.payload.title || tx.untitled,
    actor: n.payload.actor ? userName(n.payload.actor) : tx.system,
  });
}
