import type { WorkflowLogEntry } from '@tangram/client';
import type { WorkflowDefinition, WorkflowNode } from '@tangram/schema';
import { pickText } from '../../core/i18n-text';
import { fill, type WorkflowTexts } from '../texts';

/** Colour family of a log line (timeline dot and tag). */
export type LogTone = 'blue' | 'green' | 'red' | 'orange' | 'gray';

export interface LogLine {
  key: string;
  at: string;
  /** The actor's name, or the "system" label. */
  actor: string;
  /** What happened, in the UI language ("approved at Manager approval"). */
  text: string;
  tone: LogTone;
  comment?: string;
  /** File id of the signature image. */
  signature?: string;
}

export interface LogContext {
  texts: WorkflowTexts;
  lang: string;
  definition: WorkflowDefinition;
  userName(id: string): string;
}

const TONES: Record<WorkflowLogEntry['action'], LogTone> = {
  submit: 'blue',
  approve: 'green',
  reject: 'red',
  transfer: 'orange',
  addApprover: 'orange',
  withdraw: 'gray',
  comment: 'blue',
  urge: 'orange',
  remind: 'orange',
  timeout: 'orange',
  escalate: 'orange',
  cc: 'gray',
  hook: 'gray',
  skip: 'gray',
  finish: 'green',
};

/** A node's display name: its own name, else the name of its type ("审批" / "Approval"). */
export function nodeName(node: WorkflowNode | undefined, texts: WorkflowTexts, lang: string): string {
  if (!node) return '';
  return pickText(node.name, lang) || texts.nodeTypes[node.type];
}

/** Where a rejection sent the record, in words. */
function targetText(target: string | undefined, ctx: LogContext, byId: Map<string, WorkflowNode>): string {
  if (!target) return '';
  const t = ctx.texts.rejectTarget;
  if (target === 'end' || target === 'start' || target === 'previous') return t[target];
  return nodeName(byId.get(target), ctx.texts, ctx.lang) || target;
}

/**
 * Turns the instance log into lines for the timeline: who, what (with the node, the users a task
 * went to and a rejection's target), when, and the comment and signature. Newest last, as stored.
 */
export function formatLog(log: readonly WorkflowLogEntry[], ctx: LogContext): LogLine[] {
  const byId = new Map(ctx.definition.nodes.map((n) => [n.id, n]));
  const { texts } = ctx;
  return log.map((entry, i) => {
    const node = nodeName(entry.nodeId ? byId.get(entry.nodeId) : undefined, texts, ctx.lang);
    const users = (entry.users ?? []).map(ctx.userName).join(', ');
    const verb = texts.logActions[entry.action];
    const finishTone: LogTone =
      entry.status === 'approved' ? 'green' : entry.status === 'rejected' ? 'red' : 'gray';
    const text = fill(entry.action === 'finish' ? texts.finished[entry.status ?? 'approved'] : verb, {
      node,
      users,
      target: targetText(entry.target, ctx, byId),
    });
    const line: LogLine = {
      key: `${i}-${entry.at}`,
      at: entry.at,
      actor: entry.actor ? ctx.userName(entry.actor) : texts.system,
      text,
      tone: entry.action === 'finish' ? finishTone : TONES[entry.action],
    };
    if (entry.comment) line.comment = entry.comment;
    if (entry.signature) line.signature = entry.signature;
    return line;
  });
}
