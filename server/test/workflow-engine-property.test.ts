/**
 * Property tests of the workflow engine: random well-formed flows (approve / fill / cc / hook
 * nodes, nested branches and forks) driven by random sequences of actions never reach a broken
 * state.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkflowNode } from '@tangram/schema';
import { checkWorkflow } from '@tangram/schema';
import type { InstanceState, WorkflowAction } from '../src/workflow/engine/types';
import { WorkflowError } from '../src/workflow/engine/types';
import { flow, form, Sim } from './workflow-engine-helpers';

type Block =
  | {
      k: 'approve' | 'fill';
      users: string[];
      mode: 'any' | 'all' | 'sequence';
      rejectTo: string[];
      actions: string[];
      timeout: 'none' | 'approve' | 'reject' | 'escalate';
      nobody: 'no' | 'pass' | 'admin';
    }
  | { k: 'cc' }
  | { k: 'hook' }
  | { k: 'branch'; threshold: number; a: Block[]; b: Block[] }
  | { k: 'fork'; paths: Block[][] };

const USERS = ['u1', 'u2', 'u3', 'sam'];

const handled = fc.record({
  k: fc.constantFrom('approve' as const, 'fill' as const),
  users: fc.uniqueArray(fc.constantFrom(...USERS), { minLength: 1, maxLength: 3 }),
  mode: fc.constantFrom('any' as const, 'all' as const, 'sequence' as const),
  rejectTo: fc.uniqueArray(fc.constantFrom('end', 'start', 'previous', 'chosen'), {
    minLength: 1,
    maxLength: 4,
  }),
  actions: fc.uniqueArray(fc.constantFrom('reject', 'transfer', 'addApprover'), { maxLength: 3 }),
  timeout: fc.constantFrom('none' as const, 'approve' as const, 'reject' as const, 'escalate' as const),
  nobody: fc.constantFrom('no' as const, 'no' as const, 'pass' as const, 'admin' as const),
});

const blocks = fc.letrec<{ seq: Block[]; block: Block }>((tie) => ({
  seq: fc.array(tie('block'), { maxLength: 3 }),
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: handled, weight: 5 },
    { arbitrary: fc.constant<Block>({ k: 'cc' }), weight: 1 },
    { arbitrary: fc.constant<Block>({ k: 'hook' }), weight: 1 },
    {
      arbitrary: fc.record({
        k: fc.constant('branch' as const),
        threshold: fc.integer({ min: 0, max: 100 }),
        a: tie('seq'),
        b: tie('seq'),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        k: fc.constant('fork' as const),
        paths: fc.array(fc.array(tie('block'), { minLength: 1, maxLength: 2 }), {
          minLength: 2,
          maxLength: 3,
        }),
      }),
      weight: 1,
    },
  ),
}));
/** A flow has at least one block so that there is something to act on. */
const topLevel = fc.array(blocks.block, { minLength: 1, maxLength: 4 });

/** Compiles blocks into nodes: each sequence flows into `next`. */
function compile(seq: Block[]): WorkflowNode[] {
  const nodes: WorkflowNode[] = [];
  let n = 0;
  const id = (p: string) => `${p}${++n}`;
  const compileSeq = (items: Block[], next: string): string => {
    let cont = next;
    for (const block of [...items].reverse()) cont = compileBlock(block, cont);
    return cont;
  };
  const compileBlock = (b: Block, next: string): string => {
    const me = id(b.k);
    switch (b.k) {
      case 'approve':
      case 'fill':
        nodes.push({
          type: b.k,
          id: me,
          assignees:
            b.nobody === 'no' ? [{ kind: 'users', ids: b.users }] : [{ kind: 'roles', ids: ['empty'] }],
          mode: b.mode,
          rejectTo: b.rejectTo as never,
          actions: b.actions as never,
          ...(b.nobody === 'admin' ? { whenNoAssignee: 'admin' as const } : {}),
          ...(b.timeout === 'none'
            ? {}
            : {
                timeout: {
                  remindAfterMinutes: 10,
                  actAfterMinutes: 60,
                  action: b.timeout,
                  ...(b.timeout === 'escalate'
                    ? { escalateTo: [{ kind: 'users' as const, ids: ['u3'] }] }
                    : {}),
                },
              }),
          next,
        } as WorkflowNode);
        return me;
      case 'cc':
        nodes.push({ type: 'cc', id: me, recipients: [{ kind: 'users', ids: ['u1'] }], next });
        return me;
      case 'hook':
        nodes.push({ type: 'automation', id: me, hook: 'h', next });
        return me;
      case 'branch':
        nodes.push({
          type: 'branch',
          id: me,
          branches: [
            {
              id: id('path'),
              condition: { kind: 'cmp', field: 'amount', op: 'gt', value: b.threshold },
              next: compileSeq(b.a, next),
            },
          ],
          defaultNext: compileSeq(b.b, next),
        });
        return me;
      case 'fork': {
        const join = id('join');
        nodes.push({ type: 'join', id: join, next });
        nodes.push({ type: 'fork', id: me, next: b.paths.map((p) => compileSeq(p, join)), join });
        return me;
      }
    }
  };
  nodes.push({ type: 'end', id: 'end' });
  const first = compileSeq(seq, 'end');
  nodes.unshift({ type: 'start', id: 'start', next: first });
  return nodes;
}

/** One random step: which action, on which open task, with which user / target. */
const step = fc.record({
  kind: fc.constantFrom(
    'approve',
    'approve',
    'approve',
    'reject',
    'transfer',
    'addBefore',
    'addAfter',
    'withdraw',
    'urge',
    'comment',
    'remind',
    'timeout',
  ),
  pick: fc.nat(),
  user: fc.constantFrom(...USERS, 'u4', 'u5'),
  target: fc.constantFrom<'default' | 'end' | 'start' | 'previous' | 'chosen'>(
    'default',
    'end',
    'start',
    'previous',
    'chosen',
  ),
  minutes: fc.integer({ min: 0, max: 120 }),
});

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function actionFor(sim: Sim, s: Step): [string | null, WorkflowAction] {
  const open = sim.state.tasks.filter((t) => t.status === 'pending');
  const task = open.length
    ? open[s.pick % open.length]!
    : sim.state.tasks[s.pick % Math.max(1, sim.state.tasks.length)];
  const taskId = task?.id ?? 'none';
  const holder = task?.assignee ?? 'sam';
  switch (s.kind) {
    case 'approve':
      return [holder, { type: 'approve', taskId, comment: 'ok', signature: 'sig' }];
    case 'reject': {
      const chosen = sim.state.history.length
        ? sim.state.history[s.pick % sim.state.history.length]!
        : 'start';
      const to = s.target === 'default' ? undefined : s.target === 'chosen' ? { nodeId: chosen } : s.target;
      return [holder, { type: 'reject', taskId, ...(to ? { to } : {}), comment: 'no', signature: 'sig' }];
    }
    case 'transfer':
      return [holder, { type: 'transfer', taskId, to: s.user }];
    case 'addBefore':
    case 'addAfter':
      return [
        holder,
        {
          type: 'addApprover',
          taskId,
          users: [s.user],
          position: s.kind === 'addBefore' ? 'before' : 'after',
        },
      ];
    case 'withdraw':
      return ['sam', { type: 'withdraw' }];
    case 'urge':
      return ['sam', { type: 'urge' }];
    case 'comment':
      return [s.user, { type: 'comment', comment: 'hi' }];
    case 'remind':
      return [null, { type: 'remind', taskId }];
    default:
      return [null, { type: 'timeout', taskId }];
  }
}

function checkInvariants(state: InstanceState): void {
  const open = state.tasks.filter((t) => t.status === 'pending' || t.status === 'queued');
  const activeKeys = new Set(state.active.map((a) => `${a.nodeId}#${a.visit}`));
  // no open task on an inactive node
  for (const t of open)
    expect(activeKeys.has(`${t.nodeId}#${t.visit}`), `open task ${t.id} on inactive ${t.nodeId}`).toBe(true);
  expect(new Set(state.tasks.map((t) => t.id)).size).toBe(state.tasks.length);
  expect(activeKeys.size).toBe(state.active.length);
  if (state.status === 'running') {
    // never lose the instance: every waiting node has someone who can act now
    expect(state.active.length).toBeGreaterThan(0);
    for (const a of state.active)
      expect(
        state.tasks.some((t) => t.nodeId === a.nodeId && t.visit === a.visit && t.status === 'pending'),
        `active node ${a.nodeId} has no pending task`,
      ).toBe(true);
  } else {
    expect(state.active).toEqual([]);
    expect(open).toEqual([]);
    expect(state.arrived).toEqual({});
  }
  for (const t of state.tasks)
    if (t.status === 'done' || t.status === 'cancelled') expect(t.outcome).toBeDefined();
}

describe('workflow engine properties', () => {
  it('generated flows pass the definition checks', () => {
    fc.assert(
      fc.property(topLevel, (seq) => {
        expect(checkWorkflow(flow(compile(seq)), '', form)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('random valid actions on random flows never leave an open task on an inactive node nor lose the instance', () => {
    fc.assert(
      fc.property(
        topLevel,
        fc.integer({ min: 0, max: 100 }),
        fc.array(step, { maxLength: 40 }),
        (seq, amount, steps) => {
          const sim = new Sim(flow(compile(seq), { autoApproveSameUser: amount % 2 === 0 }), {
            record: { amount },
            adminIds: ['admin'],
          });
          sim.start();
          checkInvariants(sim.state);
          for (const s of steps) {
            const [actor, action] = actionFor(sim, s);
            sim.advance(s.minutes);
            try {
              sim.act(actor, action);
            } catch (error) {
              if (!(error instanceof WorkflowError)) throw error;
            }
            checkInvariants(sim.state);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('approving whatever is pending always finishes the instance as approved', () => {
    fc.assert(
      fc.property(topLevel, fc.integer({ min: 0, max: 100 }), (seq, amount) => {
        const sim = new Sim(flow(compile(seq)), { record: { amount }, adminIds: ['admin'] });
        sim.start();
        for (let i = 0; i < 500 && sim.state.status === 'running'; i++) {
          const task = sim.state.tasks.find((t) => t.status === 'pending')!;
          sim.act(task.assignee, { type: 'approve', taskId: task.id });
          checkInvariants(sim.state);
        }
        expect(sim.state.status).toBe('approved');
      }),
      { numRuns: 200 },
    );
  });
});
