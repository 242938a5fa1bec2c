/**
 * A small driver for the pure workflow engine in tests: builds definitions tersely, resolves
 * assignees from a fixed directory, advances a fake clock and keeps the latest state.
 */
import type { Assignee, FormDefinition, WorkflowDefinition, WorkflowNode } from '@tangram/schema';
import { expect } from 'vitest';
import { workflowEngine } from '../src/workflow/engine/engine';
import type {
  Effect,
  EngineContext,
  InstanceState,
  Transition,
  WorkflowAction,
  WorkflowTask,
} from '../src/workflow/engine/types';
import { WorkflowError } from '../src/workflow/engine/types';

export const form: FormDefinition = {
  id: 'purchase',
  name: { en: 'Purchase' },
  fields: [
    { id: 'title', type: 'text', label: { en: 'Title' } },
    { id: 'amount', type: 'number', label: { en: 'Amount' } },
    { id: 'category', type: 'text', label: { en: 'Category' } },
    { id: 'buyer', type: 'member', label: { en: 'Buyer' } },
    { id: 'note', type: 'text', label: { en: 'Note' }, readOnly: true },
    { id: 'secret', type: 'text', label: { en: 'Secret' }, hidden: true },
    { id: 'total', type: 'formula', label: { en: 'Total' }, config: { formula: '{amount} * 2' } },
    { id: 'line', type: 'divider', label: { en: 'Line' } },
  ],
} as FormDefinition;

export const users = (...ids: string[]): Assignee[] => [{ kind: 'users', ids }];

type Extra = Record<string, unknown>;
export const start = (next: string, extra: Extra = {}): WorkflowNode =>
  ({ type: 'start', id: 'start', next, ...extra }) as WorkflowNode;
export const approve = (
  id: string,
  who: string[] | Assignee[],
  next: string,
  extra: Extra = {},
): WorkflowNode =>
  ({
    type: 'approve',
    id,
    assignees: typeof who[0] === 'string' ? users(...(who as string[])) : who,
    next,
    ...extra,
  }) as WorkflowNode;
export const fill = (id: string, who: string[], next: string, extra: Extra = {}): WorkflowNode =>
  ({ type: 'fill', id, assignees: users(...who), next, ...extra }) as WorkflowNode;
export const end = (id = 'end'): WorkflowNode => ({ type: 'end', id });

export function flow(nodes: WorkflowNode[], settings?: WorkflowDefinition['settings']): WorkflowDefinition {
  return { id: 'wf', name: { en: 'Flow' }, form: 'purchase', nodes, ...(settings ? { settings } : {}) };
}

export interface SimOptions {
  submitter?: string;
  record?: Record<string, unknown>;
  adminIds?: string[];
  roles?: Record<string, string[]>;
  now?: string;
}

export class Sim {
  state!: InstanceState;
  effects: Effect[] = [];
  now: string;
  private ids = 0;
  readonly submitter: string;
  record: Record<string, unknown>;

  constructor(
    readonly definition: WorkflowDefinition,
    private readonly options: SimOptions = {},
  ) {
    this.submitter = options.submitter ?? 'sam';
    this.record = options.record ?? {};
    this.now = options.now ?? '2026-01-05T09:00:00.000Z';
  }

  context(actor: string | null): EngineContext {
    const roles = this.options.roles ?? {};
    return {
      now: this.now,
      actor,
      submitter: this.submitter,
      form,
      record: this.record,
      timeZone: 'Asia/Shanghai',
      adminIds: this.options.adminIds ?? [],
      newId: () => `t${++this.ids}`,
      resolveAssignees: (list) => {
        const out: string[] = [];
        for (const a of list) {
          if (a.kind === 'users') out.push(...a.ids);
          else if (a.kind === 'roles') out.push(...a.ids.flatMap((r) => roles[r] ?? []));
          else if (a.kind === 'submitter') out.push(this.submitter);
          else if (a.kind === 'field') {
            const v = this.record[a.field];
            if (typeof v === 'string') out.push(v);
            else if (Array.isArray(v)) out.push(...(v as string[]));
          }
        }
        return [...new Set(out)];
      },
    };
  }

  start(): Transition {
    return this.keep(workflowEngine.start(this.definition, this.context(this.submitter)));
  }

  /** Applies an action as `actor` and keeps the new state. */
  act(actor: string | null, action: WorkflowAction): Transition {
    return this.keep(workflowEngine.apply(this.definition, this.state, action, this.context(actor)));
  }

  /** The WorkflowError code an action throws (the state stays as it was). */
  fails(actor: string | null, action: WorkflowAction): string {
    const before = structuredClone(this.state);
    try {
      workflowEngine.apply(this.definition, this.state, action, this.context(actor));
    } catch (error) {
      expect(error).toBeInstanceOf(WorkflowError);
      expect(this.state).toEqual(before);
      return (error as WorkflowError).code;
    }
    throw new Error(`expected ${action.type} by ${actor} to fail`);
  }

  advance(minutes: number): void {
    this.now = new Date(Date.parse(this.now) + minutes * 60_000).toISOString();
  }

  private keep(t: Transition): Transition {
    this.state = t.state;
    this.effects = t.effects;
    return t;
  }

  /** The open task of a user (at a node, if given). */
  task(user: string, nodeId?: string): WorkflowTask {
    const task = this.state.tasks.find(
      (t) =>
        t.assignee === user &&
        (t.status === 'pending' || t.status === 'queued') &&
        (!nodeId || t.nodeId === nodeId),
    );
    if (!task) throw new Error(`${user} has no open task${nodeId ? ` at ${nodeId}` : ''}`);
    return task;
  }

  approve(user: string, extra: { comment?: string; signature?: string } = {}): Transition {
    return this.act(user, { type: 'approve', taskId: this.task(user).id, ...extra });
  }

  reject(user: string, to?: Extract<WorkflowAction, { type: 'reject' }>['to'], comment?: string): Transition {
    return this.act(user, {
      type: 'reject',
      taskId: this.task(user).id,
      ...(to ? { to } : {}),
      ...(comment ? { comment } : {}),
    });
  }

  /** "user@node:status" for every task, in creation order. */
  taskSummary(): string[] {
    return this.state.tasks.map((t) => `${t.assignee}@${t.nodeId}:${t.status}`);
  }

  pendingUsers(): string[] {
    return this.state.tasks.filter((t) => t.status === 'pending').map((t) => t.assignee);
  }

  activeNodes(): string[] {
    return this.state.active.map((a) => a.nodeId);
  }

  notified(kind: string): string[] {
    return this.effects.flatMap((e) => (e.type === 'notify' && e.kind === kind ? e.userIds : []));
  }
}
