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

/** The record page of a record (view and edit). */
export const recordPath = (ref: { appId: string; formId: string; recordId: string }): string =>
  `/apps/${encodeURIComponent(ref.appId)}/forms/${encodeURIComponent(ref.formId)}/records/${encodeURIComponent(ref.recordId)}/edit`;

/** A title that is either text (workflow kinds) or an i18n map (automation actions). */
function titleText(title: AppNotification['payload']['title'], lang: string): string {
  if (!title) return '';
  if (typeof title === 'string') return title;
  const own = lang.startsWith('en') ? title.en : title['zh-CN'];
  return own || title.en || title['zh-CN'] || '';
}

/** One notification in words. */
export function notificationText(
  n: AppNotification,
  tx: WorkflowTexts,
  userName: (id: string) => string,
  lang = 'zh-CN',
): string {
  const title = titleText(n.payload.title, lang) || tx.untitled;
  if (n.kind === 'automation' && n.payload.recordId)
    return fill(tx.automationAbout, { title, record: n.payload.recordTitle || tx.untitled });
  return fill(tx.notificationKinds[n.kind] ?? '{{title}}', {
    title,
    actor: n.payload.actor ? userName(n.payload.actor) : tx.system,
  });
}

/**
 * Where a notification opens: a workflow notification the record's process page, an automation's
 * the record it is about (its record page), or nothing (an automation without a record).
 */
export function notificationPath(n: AppNotification): string | null {
  const { appId, formId, recordId } = n.payload;
  if (!appId || !formId || !recordId) return null;
  return n.kind === 'automation'
    ? recordPath({ appId, formId, recordId })
    : processPath({ appId, formId, recordId });
}
