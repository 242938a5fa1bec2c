import { describe, expect, it } from 'vitest';
import type { WorkflowNode } from '@tangram/schema';
import { workflowEngine } from '../src/workflow/engine/engine';
import { approve, end, fill, flow, form, Sim, start, users } from './workflow-engine-helpers';

const chain = () => flow([start('a'), approve('a', ['ann'], 'b'), approve('b', ['bob'], 'end'), end()]);

describe('workflow engine: start and a straight approve chain', () => {
  it('submits, waits at the first approver and logs the submit', () => {
    const sim = new Sim(chain());
    const t = sim.start();
    expect(t.state.status).toBe('running');
    expect(sim.activeNodes()).toEqual(['a']);
    expect(sim.taskSummary()).toEqual(['ann@a:pending']);
    expect(t.state.log.map((e) => e.action)).toEqual(['submit']);
    expect(t.effects).toEqual([
      { type: 'notify', kind: 'task', userIds: ['ann'], taskId: 't1', nodeId: 'a' },
    ]);
  });

  it('approves node by node and finishes approved, telling the submitter', () => {
    const sim = new Sim(chain());
    sim.start();
    sim.approve('ann', { comment: 'ok' });
    expect(sim.activeNodes()).toEqual(['b']);
    expect(sim.notified('task')).toEqual(['bob']);
    expect(sim.state.history).toEqual(['a']);
    const t = sim.approve('bob');
    expect(t.state.status).toBe('approved');
    expect(t.state.active).toEqual([]);
    expect(t.state.history).toEqual(['a', 'b']);
    expect(t.effects).toContainEqual({ type: 'status', status: 'approved' });
    expect(sim.notified('approved')).toEqual(['sam']);
    expect(t.state.log.map((e) => e.action)).toEqual(['submit', 'approve', 'approve', 'finish']);
    expect(t.state.log[1]).toMatchObject({ actor: 'ann', comment: 'ok', nodeId: 'a' });
    expect(t.state.tasks.every((task) => task.status === 'done' && task.outcome === 'approved')).toBe(true);
  });

  it('never modifies the state passed in', () => {
    const sim = new Sim(chain());
    const { state } = sim.start();
    const frozen = structuredClone(state);
    workflowEngine.apply(sim.definition, state, { type: 'approve', taskId: 't1' }, sim.context('ann'));
    expect(state).toEqual(frozen);
  });

  it('refuses an unknown action type, prototype names included', () => {
    const sim = new Sim(chain());
    sim.start();
    expect(sim.fails('ann', { type: 'toString' } as never)).toBe('action_not_allowed');
    expect(sim.fails('ann', { type: 'explode' } as never)).toBe('action_not_allowed');
  });

  it('is deterministic: time comes from the context', () => {
    const a = new Sim(chain());
    const b = new Sim(chain());
    expect(a.start()).toEqual(b.start());
    expect(a.state.tasks[0]!.createdAt).toBe('2026-01-05T09:00:00.000Z');
  });

  it('refuses actions by someone else, on closed tasks and on finished instances', () => {
    const sim = new Sim(chain());
    sim.start();
    expect(sim.fails('bob', { type: 'approve', taskId: 't1' })).toBe('not_assignee');
    expect(sim.fails('ann', { type: 'approve', taskId: 'nope' })).toBe('task_not_found');
    const stale = sim.state;
    sim.approve('ann');
    // the same approver clicking twice: the second click finds the task closed
    expect(sim.fails('ann', { type: 'approve', taskId: 't1' })).toBe('task_closed');
    sim.approve('bob');
    expect(sim.fails('sam', { type: 'withdraw' })).toBe('not_running');
    expect(sim.fails('sam', { type: 'urge' })).toBe('not_running');
    // a stale copy of the state still allows the action: the server serializes with a row lock
    expect(
      workflowEngine.apply(sim.definition, stale, { type: 'approve', taskId: 't1' }, sim.context('ann')).state
        .active[0]!.nodeId,
    ).toBe('b');
  });
});

describe('modes', () => {
  const modeFlow = (mode: string, extra = {}) =>
    flow([
      start('a'),
      approve('a', ['ann', 'bob', 'cat'], 'z', { mode, ...extra }),
      approve('z', ['zed'], 'end'),
      end(),
    ]);

  it('any: everyone is asked, the first approval decides and supersedes the rest', () => {
    const sim = new Sim(modeFlow('any'));
    sim.start();
    expect(sim.pendingUsers()).toEqual(['ann', 'bob', 'cat']);
    sim.approve('bob');
    expect(sim.activeNodes()).toEqual(['z']);
    const closed = sim.state.tasks.filter((t) => t.nodeId === 'a');
    expect(closed.map((t) => [t.assignee, t.status, t.outcome])).toEqual([
      ['ann', 'cancelled', 'superseded'],
      ['bob', 'done', 'approved'],
      ['cat', 'cancelled', 'superseded'],
    ]);
    expect(sim.fails('ann', { type: 'approve', taskId: closed[0]!.id })).toBe('task_closed');
  });

  it('default mode is any', () => {
    const sim = new Sim(flow([start('a'), approve('a', ['ann', 'bob'], 'end'), end()]));
    sim.start();
    sim.approve('ann');
    expect(sim.state.status).toBe('approved');
  });

  it('all (countersign): every approver must approve', () => {
    const sim = new Sim(modeFlow('all'));
    sim.start();
    expect(sim.pendingUsers()).toEqual(['ann', 'bob', 'cat']);
    sim.approve('cat');
    sim.approve('ann');
    expect(sim.activeNodes()).toEqual(['a']);
    sim.approve('bob');
    expect(sim.activeNodes()).toEqual(['z']);
  });

  it('all: one rejection rejects the node and supersedes the others', () => {
    const sim = new Sim(modeFlow('all'));
    sim.start();
    sim.approve('ann');
    const t = sim.reject('bob', undefined, 'too expensive');
    expect(t.state.status).toBe('rejected');
    expect(sim.notified('rejected')).toEqual(['sam']);
    expect(t.effects).toContainEqual({ type: 'status', status: 'rejected' });
    expect(sim.state.tasks.find((x) => x.assignee === 'cat')).toMatchObject({
      status: 'cancelled',
      outcome: 'superseded',
    });
    expect(sim.state.log.at(-2)).toMatchObject({
      action: 'reject',
      actor: 'bob',
      target: 'end',
      comment: 'too expensive',
    });
    expect(sim.state.log.at(-1)).toMatchObject({ action: 'finish', status: 'rejected', actor: 'bob' });
  });

  it('all: two approvers acting one after the other on the locked state complete the node once', () => {
    const sim = new Sim(
      flow([
        start('a'),
        approve('a', ['ann', 'bob'], 'z', { mode: 'all' }),
        approve('z', ['zed'], 'end'),
        end(),
      ]),
    );
    const { state } = sim.start();
    const ctxA = sim.context('ann');
    const ctxB = sim.context('bob');
    const first = workflowEngine.apply(sim.definition, state, { type: 'approve', taskId: 't1' }, ctxA);
    expect(first.state.active.map((a) => a.nodeId)).toEqual(['a']);
    const second = workflowEngine.apply(sim.definition, first.state, { type: 'approve', taskId: 't2' }, ctxB);
    expect(second.state.active.map((a) => a.nodeId)).toEqual(['z']);
    expect(second.state.tasks.filter((t) => t.nodeId === 'z')).toHaveLength(1);
    expect(second.state.history).toEqual(['a']);
    // replaying the first approval on the new state is refused, nothing doubles
    expect(() =>
      workflowEngine.apply(sim.definition, second.state, { type: 'approve', taskId: 't1' }, ctxA),
    ).toThrow(expect.objectContaining({ code: 'task_closed' }));
  });

  it('sequence: one after another in the resolved order', () => {
    const sim = new Sim(modeFlow('sequence'));
    sim.start();
    expect(sim.taskSummary()).toEqual(['ann@a:pending', 'bob@a:queued', 'cat@a:queued']);
    expect(sim.notified('task')).toEqual(['ann']);
    expect(sim.fails('bob', { type: 'approve', taskId: sim.task('bob').id })).toBe('action_not_allowed');
    sim.approve('ann');
    expect(sim.taskSummary()).toEqual(['ann@a:done', 'bob@a:pending', 'cat@a:queued']);
    expect(sim.notified('task')).toEqual(['bob']);
    sim.approve('bob');
    sim.approve('cat');
    expect(sim.activeNodes()).toEqual(['z']);
  });

  it('sequence: a rejection in the middle rejects the node', () => {
    const sim = new Sim(modeFlow('sequence'));
    sim.start();
    sim.approve('ann');
    sim.reject('bob');
    expect(sim.state.status).toBe('rejected');
    expect(sim.state.tasks.find((t) => t.assignee === 'cat')!.status).toBe('cancelled');
  });
});

describe('reject targets', () => {
  const three = (rejectTo: string[], extra: Record<string, unknown> = {}) =>
    flow([
      start('a'),
      approve('a', ['ann'], 'b'),
      approve('b', ['bob'], 'c'),
      approve('c', ['cat'], 'end', { rejectTo, ...extra }),
      end(),
    ]);
  const atC = (rejectTo: string[]) => {
    const sim = new Sim(three(rejectTo));
    sim.start();
    sim.approve('ann');
    sim.approve('bob');
    return sim;
  };

  it('end by default', () => {
    const sim = new Sim(chain());
    sim.start();
    sim.reject('ann');
    expect(sim.state.status).toBe('rejected');
  });

  it('start: the submitter gets a task at the start node, resubmits and the flow runs again', () => {
    const sim = atC(['start']);
    const t = sim.reject('cat');
    expect(t.state.status).toBe('running');
    expect(sim.activeNodes()).toEqual(['start']);
    expect(sim.pendingUsers()).toEqual(['sam']);
    expect(sim.notified('rejected')).toEqual(['sam']);
    expect(sim.state.history).toEqual([]);
    expect(sim.state.log.at(-1)).toMatchObject({ action: 'reject', target: 'start' });
    sim.approve('sam');
    expect(sim.state.log.at(-1)).toMatchObject({ action: 'submit', actor: 'sam', nodeId: 'start' });
    expect(sim.activeNodes()).toEqual(['a']);
    const visits = sim.state.tasks.filter((x) => x.nodeId === 'a').map((x) => x.visit);
    expect(new Set(visits).size).toBe(2);
    sim.approve('ann');
    sim.approve('bob');
    sim.approve('cat');
    expect(sim.state.status).toBe('approved');
  });

  it('previous: back to the last handled node before this one', () => {
    const sim = atC(['previous']);
    sim.reject('cat');
    expect(sim.activeNodes()).toEqual(['b']);
    expect(sim.state.history).toEqual(['a']);
    sim.approve('bob');
    expect(sim.activeNodes()).toEqual(['c']);
  });

  it('previous from the first handled node goes to the start node', () => {
    const sim = new Sim(flow([start('a'), approve('a', ['ann'], 'end', { rejectTo: ['previous'] }), end()]));
    sim.start();
    sim.reject('ann');
    expect(sim.activeNodes()).toEqual(['start']);
  });

  it('chosen: back to a node already passed; refused for nodes not passed or not allowed', () => {
    const sim = atC(['end', 'chosen']);
    expect(sim.fails('cat', { type: 'reject', taskId: sim.task('cat').id, to: { nodeId: 'c' } })).toBe(
      'bad_reject_target',
    );
    expect(sim.fails('cat', { type: 'reject', taskId: sim.task('cat').id, to: { nodeId: 'end' } })).toBe(
      'bad_reject_target',
    );
    expect(sim.fails('cat', { type: 'reject', taskId: sim.task('cat').id, to: 'start' })).toBe(
      'bad_reject_target',
    );
    sim.reject('cat', { nodeId: 'a' });
    expect(sim.activeNodes()).toEqual(['a']);
    expect(sim.state.history).toEqual([]);
    expect(sim.state.log.at(-1)).toMatchObject({ action: 'reject', target: 'a' });
    sim.approve('ann');
    sim.approve('bob');
    expect(sim.activeNodes()).toEqual(['c']);
  });

  it('chosen as the only target needs a node to be named', () => {
    const sim = atC(['chosen']);
    expect(sim.fails('cat', { type: 'reject', taskId: sim.task('cat').id })).toBe('bad_reject_target');
    sim.reject('cat', { nodeId: 'start' });
    expect(sim.activeNodes()).toEqual(['start']);
  });

  it('a node whose actions omit reject cannot reject; comment and signature requirements hold', () => {
    const sim = new Sim(
      flow([
        start('a'),
        approve('a', ['ann'], 'b', { actions: ['transfer'] }),
        approve('b', ['bob'], 'end', { commentRequired: true, signatureRequired: true }),
        end(),
      ]),
    );
    sim.start();
    expect(sim.fails('ann', { type: 'reject', taskId: 't1' })).toBe('action_not_allowed');
    sim.approve('ann');
    const id = sim.task('bob').id;
    expect(sim.fails('bob', { type: 'approve', taskId: id })).toBe('comment_required');
    expect(sim.fails('bob', { type: 'approve', taskId: id, comment: '  ' })).toBe('comment_required');
    expect(sim.fails('bob', { type: 'reject', taskId: id, comment: 'no' })).toBe('signature_required');
    sim.act('bob', { type: 'approve', taskId: id, comment: 'fine', signature: 'file1' });
    expect(sim.state.log.at(-2)).toMatchObject({ action: 'approve', signature: 'file1', comment: 'fine' });
  });
});

describe('branches', () => {
  const byAmount = (): WorkflowNode[] => [
    start('split'),
    {
      type: 'branch',
      id: 'split',
      branches: [
        { id: 'big', condition: { kind: 'cmp', field: 'amount', op: 'gt', value: 10000 }, next: 'finance' },
        { id: 'mid', condition: { kind: 'cmp', field: 'amount', op: 'gt', value: 1000 }, next: 'manager' },
      ],
      defaultNext: 'end',
    },
    approve('finance', ['fin'], 'manager'),
    approve('manager', ['mgr'], 'end'),
    end(),
  ];

  it.each([
    [50000, ['finance']],
    [5000, ['manager']],
    [10, []],
  ])('amount %d goes to %j', (amount, expected) => {
    const sim = new Sim(flow(byAmount()), { record: { amount } });
    sim.start();
    expect(sim.activeNodes()).toEqual(expected);
    if (expected.length === 0) expect(sim.state.status).toBe('approved');
  });

  it('the first condition that holds wins, in order', () => {
    const sim = new Sim(flow(byAmount()), { record: { amount: 20000 } });
    sim.start();
    sim.approve('fin');
    expect(sim.activeNodes()).toEqual(['manager']);
  });

  it('nested branches', () => {
    const nodes: WorkflowNode[] = [
      start('outer'),
      {
        type: 'branch',
        id: 'outer',
        branches: [
          { id: 'it', condition: { kind: 'cmp', field: 'category', op: 'eq', value: 'it' }, next: 'inner' },
        ],
        defaultNext: 'general',
      },
      {
        type: 'branch',
        id: 'inner',
        branches: [
          { id: 'big', condition: { kind: 'cmp', field: 'amount', op: 'gte', value: 100 }, next: 'cto' },
        ],
        defaultNext: 'itlead',
      },
      approve('cto', ['cto'], 'end'),
      approve('itlead', ['lead'], 'end'),
      approve('general', ['gm'], 'end'),
      end(),
    ];
    const at = (record: Record<string, unknown>) => {
      const sim = new Sim(flow(nodes), { record });
      sim.start();
      return sim.activeNodes();
    };
    expect(at({ category: 'it', amount: 500 })).toEqual(['cto']);
    expect(at({ category: 'it', amount: 5 })).toEqual(['itlead']);
    expect(at({ category: 'hr', amount: 500 })).toEqual(['general']);
    expect(at({})).toEqual(['general']);
  });

  it('a condition on a field the form no longer has counts as not holding', () => {
    const nodes = byAmount();
    (nodes[1] as { branches: { condition: unknown }[] }).branches[0]!.condition = {
      kind: 'cmp',
      field: 'gone',
      op: 'eq',
      value: 1,
    };
    const sim = new Sim(flow(nodes), { record: { amount: 50000 } });
    sim.start();
    expect(sim.activeNodes()).toEqual(['manager']);
  });
});

describe('parallel fork / join', () => {
  const parallel = (): WorkflowNode[] => [
    start('fork'),
    { type: 'fork', id: 'fork', next: ['p1', 'q1'], join: 'join' },
    approve('p1', ['pam'], 'p2', { rejectTo: ['previous', 'start', 'chosen'] }),
    approve('p2', ['pat'], 'join', { rejectTo: ['previous', 'start', 'chosen'] }),
    approve('q1', ['quinn'], 'join'),
    { type: 'join', id: 'join', next: 'after' },
    approve('after', ['al'], 'end', { rejectTo: ['chosen'] }),
    end(),
  ];

  it('runs every path at once and continues once, after the last path arrives', () => {
    const sim = new Sim(flow(parallel()));
    sim.start();
    expect(sim.activeNodes()).toEqual(['p1', 'q1']);
    expect(sim.state.active.map((a) => a.forks)).toEqual([['fork'], ['fork']]);
    expect(sim.state.active.map((a) => a.paths)).toEqual([['p1'], ['q1']]);
    sim.approve('quinn');
    expect(sim.state.arrived).toEqual({ join: ['q1'] });
    expect(sim.activeNodes()).toEqual(['p1']);
    sim.approve('pam');
    expect(sim.activeNodes()).toEqual(['p2']);
    sim.approve('pat');
    expect(sim.activeNodes()).toEqual(['after']);
    expect(sim.state.active[0]!.forks).toEqual([]);
    expect(sim.state.arrived).toEqual({});
    expect(sim.state.tasks.filter((t) => t.nodeId === 'after')).toHaveLength(1);
    sim.approve('al');
    expect(sim.state.status).toBe('approved');
  });

  it('a rejection to a node on the same path rewinds only that path', () => {
    const sim = new Sim(flow(parallel()));
    sim.start();
    sim.approve('pam');
    sim.reject('pat', 'previous');
    expect(sim.activeNodes().sort()).toEqual(['p1', 'q1']);
    expect(sim.state.active.find((a) => a.nodeId === 'p1')!.paths).toEqual(['p1']);
    sim.approve('quinn');
    sim.approve('pam');
    sim.approve('pat');
    expect(sim.activeNodes()).toEqual(['after']);
  });

  it('a rejection to a node before the fork cancels every parallel path', () => {
    const sim = new Sim(flow(parallel()));
    sim.start();
    sim.approve('quinn'); // q1 arrived at the join
    sim.reject('pam', 'start');
    expect(sim.activeNodes()).toEqual(['start']);
    expect(sim.state.arrived).toEqual({});
    expect(
      sim.state.tasks.filter((t) => t.status === 'pending' || t.status === 'queued').map((t) => t.assignee),
    ).toEqual(['sam']);
    sim.approve('sam');
    expect(sim.activeNodes()).toEqual(['p1', 'q1']);
    sim.approve('pam');
    sim.approve('pat');
    expect(sim.activeNodes()).toEqual(['q1']); // the earlier arrival of q1 was forgotten
  });

  it('after the join, a rejection to a node inside the fork restarts that path only; the join fires again', () => {
    const sim = new Sim(flow(parallel()));
    sim.start();
    sim.approve('pam');
    sim.approve('pat');
    sim.approve('quinn');
    sim.reject('al', { nodeId: 'p2' });
    // Only p2's path runs again, outside any fork scope: q1 is not asked again and the join
    // lets the path through.
    expect(sim.activeNodes()).toEqual(['p2']);
    expect(sim.state.active[0]!.forks).toEqual([]);
    sim.approve('pat');
    expect(sim.activeNodes()).toEqual(['after']);
  });

  it('nested forks', () => {
    const nodes: WorkflowNode[] = [
      start('f1'),
      { type: 'fork', id: 'f1', next: ['f2', 'b'], join: 'j1' },
      { type: 'fork', id: 'f2', next: ['x', 'y'], join: 'j2' },
      approve('x', ['xa'], 'j2'),
      approve('y', ['ya'], 'j2'),
      { type: 'join', id: 'j2', next: 'j1' },
      approve('b', ['ba'], 'j1'),
      { type: 'join', id: 'j1', next: 'end' },
      end(),
    ];
    const sim = new Sim(flow(nodes));
    sim.start();
    expect(sim.state.active.map((a) => [a.nodeId, a.forks.join('/'), a.paths!.join('/')])).toEqual([
      ['x', 'f1/f2', 'f2/x'],
      ['y', 'f1/f2', 'f2/y'],
      ['b', 'f1', 'b'],
    ]);
    sim.approve('xa');
    sim.approve('ba');
    expect(sim.state.arrived).toEqual({ j2: ['x'], j1: ['b'] });
    sim.approve('ya');
    expect(sim.state.status).toBe('approved');
  });

  it('cc and automation nodes on parallel paths move on at once', () => {
    const nodes: WorkflowNode[] = [
      start('fork'),
      { type: 'fork', id: 'fork', next: ['cc', 'hook'], join: 'join' },
      { type: 'cc', id: 'cc', recipients: [{ kind: 'users', ids: ['cc1'] }], next: 'join' },
      { type: 'automation', id: 'hook', hook: 'paid', next: 'join' },
      { type: 'join', id: 'join', next: 'end' },
      end(),
    ];
    const sim = new Sim(flow(nodes));
    const t = sim.start();
    expect(t.state.status).toBe('approved');
    expect(t.effects.filter((e) => e.type === 'status')).toHaveLength(1);
  });
});

describe('cc, automation and fill nodes', () => {
  it('cc sends a copy and a notification and moves on; automation emits its hook', () => {
    const sim = new Sim(
      flow([
        start('cc'),
        {
          type: 'cc',
          id: 'cc',
          recipients: [{ kind: 'users', ids: ['cc1', 'cc2'] }, { kind: 'submitter' }],
          next: 'hook',
        },
        { type: 'automation', id: 'hook', hook: 'purchase.submitted', next: 'a' },
        approve('a', ['ann'], 'end'),
        end(),
      ]),
    );
    const t = sim.start();
    expect(t.effects).toEqual([
      { type: 'cc', nodeId: 'cc', userIds: ['cc1', 'cc2', 'sam'] },
      { type: 'notify', kind: 'cc', userIds: ['cc1', 'cc2', 'sam'], nodeId: 'cc' },
      { type: 'hook', nodeId: 'hook', hook: 'purchase.submitted' },
      { type: 'notify', kind: 'task', userIds: ['ann'], taskId: 't1', nodeId: 'a' },
    ]);
    expect(t.state.log.map((e) => e.action)).toEqual(['submit', 'cc', 'hook']);
    expect(sim.activeNodes()).toEqual(['a']);
  });

  it('a fill node waits for its handler to submit, logs submit, and may reject only with rejectTo', () => {
    const sim = new Sim(
      flow([start('f'), fill('f', ['fay'], 'g'), fill('g', ['gus'], 'end', { rejectTo: ['start'] }), end()]),
    );
    sim.start();
    expect(sim.fails('fay', { type: 'reject', taskId: sim.task('fay').id })).toBe('action_not_allowed');
    sim.approve('fay');
    expect(sim.state.log.at(-1)).toMatchObject({ action: 'submit', actor: 'fay', nodeId: 'f' });
    expect(sim.state.tasks[0]).toMatchObject({ status: 'done', outcome: 'approved' });
    sim.reject('gus');
    expect(sim.activeNodes()).toEqual(['start']);
  });
});

describe('transfer', () => {
  const transferable = () =>
    flow([start('a'), approve('a', ['ann', 'bob'], 'end', { mode: 'all', actions: ['transfer'] }), end()]);

  it('closes the task as transferred and opens one for the target', () => {
    const sim = new Sim(transferable());
    sim.start();
    const t = sim.act('ann', { type: 'transfer', taskId: 't1', to: 'tom', comment: 'on leave' });
    expect(sim.state.tasks[0]).toMatchObject({ status: 'done', outcome: 'transferred' });
    expect(sim.task('tom')).toMatchObject({ status: 'pending', delegatedBy: 'ann', nodeId: 'a', order: 0 });
    expect(t.effects).toEqual([
      { type: 'notify', kind: 'task', userIds: ['tom'], taskId: sim.task('tom').id, nodeId: 'a' },
    ]);
    expect(sim.state.log.at(-1)).toMatchObject({ action: 'transfer', users: ['tom'], comment: 'on leave' });
    sim.approve('tom');
    sim.approve('bob');
    expect(sim.state.status).toBe('approved');
  });

  it('refuses self, someone already holding a task here, nobody, and nodes that do not allow it', () => {
    const sim = new Sim(transferable());
    sim.start();
    expect(sim.fails('ann', { type: 'transfer', taskId: 't1', to: 'ann' })).toBe('bad_users');
    expect(sim.fails('ann', { type: 'transfer', taskId: 't1', to: 'bob' })).toBe('bad_users');
    expect(sim.fails('ann', { type: 'transfer', taskId: 't1', to: '' })).toBe('bad_users');
    const plain = new Sim(chain());
    plain.start();
    expect(plain.fails('ann', { type: 'transfer', taskId: 't1', to: 'tom' })).toBe('action_not_allowed');
  });
});

describe('add approver', () => {
  const adding = (mode = 'any') =>
    flow([
      start('a'),
      approve('a', ['ann', 'bob'], 'z', { mode, actions: ['addApprover', 'reject'] }),
      approve('z', ['zed'], 'end'),
      end(),
    ]);

  it('before: the added approvers approve first, then the actor decides', () => {
    const sim = new Sim(adding('all'));
    sim.start();
    sim.act('ann', { type: 'addApprover', taskId: 't1', users: ['xia', 'yu'], position: 'before' });
    expect(sim.taskSummary()).toEqual(['ann@a:queued', 'bob@a:pending', 'xia@a:pending', 'yu@a:pending']);
    expect(sim.notified('task')).toEqual(['xia', 'yu']);
    expect(sim.state.log.at(-1)).toMatchObject({
      action: 'addApprover',
      users: ['xia', 'yu'],
      position: 'before',
    });
    expect(sim.fails('ann', { type: 'approve', taskId: 't1' })).toBe('action_not_allowed');
    sim.approve('bob');
    sim.approve('xia');
    expect(sim.task('ann').status).toBe('queued');
    sim.approve('yu');
    expect(sim.task('ann').status).toBe('pending');
    expect(sim.notified('task')).toEqual(['ann']);
    expect(sim.activeNodes()).toEqual(['a']);
    sim.approve('ann');
    expect(sim.activeNodes()).toEqual(['z']);
  });

  it('before in any mode: an added approver does not decide the node', () => {
    const sim = new Sim(adding('any'));
    sim.start();
    sim.act('ann', { type: 'addApprover', taskId: 't1', users: ['xia'], position: 'before' });
    sim.approve('xia');
    expect(sim.activeNodes()).toEqual(['a']);
    expect(sim.pendingUsers().sort()).toEqual(['ann', 'bob']);
    sim.approve('ann');
    expect(sim.activeNodes()).toEqual(['z']);
  });

  it('before: a rejection by an added approver rejects the node', () => {
    const sim = new Sim(adding('all'));
    sim.start();
    sim.act('ann', { type: 'addApprover', taskId: 't1', users: ['xia'], position: 'before' });
    sim.reject('xia');
    expect(sim.state.status).toBe('rejected');
  });

  it('after: the node completes only once the added approvers approved after the actor', () => {
    const sim = new Sim(adding('any'));
    sim.start();
    sim.act('ann', { type: 'addApprover', taskId: 't1', users: ['xia', 'yu'], position: 'after' });
    expect(sim.taskSummary()).toEqual(['ann@a:pending', 'bob@a:pending', 'xia@a:queued', 'yu@a:queued']);
    expect(sim.effects).toEqual([]);
    sim.approve('ann');
    // ann decided the any-mode node: bob is superseded, the added approvers are asked now
    expect(sim.taskSummary()).toEqual(['ann@a:done', 'bob@a:cancelled', 'xia@a:pending', 'yu@a:pending']);
    expect(sim.notified('task')).toEqual(['xia', 'yu']);
    sim.approve('xia');
    expect(sim.activeNodes()).toEqual(['a']);
    sim.approve('yu');
    expect(sim.activeNodes()).toEqual(['z']);
  });

  it('after in sequence mode: the added approver comes right after the actor, before the next in line', () => {
    const sim = new Sim(adding('sequence'));
    sim.start();
    sim.act('ann', { type: 'addApprover', taskId: 't1', users: ['xia'], position: 'after' });
    sim.approve('ann');
    expect(sim.pendingUsers()).toEqual(['xia']);
    expect(sim.task('bob').status).toBe('queued');
    sim.approve('xia');
    expect(sim.pendingUsers()).toEqual(['bob']);
    sim.approve('bob');
    expect(sim.activeNodes()).toEqual(['z']);
  });

  it('after: if another approver decides an any-mode node first, the added approvers are superseded', () => {
    const sim = new Sim(adding('any'));
    sim.start();
    sim.act('ann', { type: 'addApprover', taskId: 't1', users: ['xia'], position: 'after' });
    sim.approve('bob');
    expect(sim.activeNodes()).toEqual(['z']);
    expect(sim.state.tasks.find((t) => t.assignee === 'xia')).toMatchObject({
      status: 'cancelled',
      outcome: 'superseded',
    });
  });

  it('refuses adding oneself, someone holding a task, nobody, or where the node does not allow it', () => {
    const sim = new Sim(adding());
    sim.start();
    const add = (users: string[]) => ({
      type: 'addApprover' as const,
      taskId: 't1',
      users,
      position: 'before' as const,
    });
    expect(sim.fails('ann', add(['ann']))).toBe('bad_users');
    expect(sim.fails('ann', add(['bob']))).toBe('bad_users');
    expect(sim.fails('ann', add([]))).toBe('bad_users');
    const plain = new Sim(chain());
    plain.start();
    expect(plain.fails('ann', add(['xia']))).toBe('action_not_allowed');
  });
});

describe('withdraw, comment, urge', () => {
  it('the submitter withdraws while nobody acted: tasks cancelled, handlers told', () => {
    const sim = new Sim(flow([start('a'), approve('a', ['ann', 'bob'], 'end'), end()]));
    sim.start();
    sim.act('ann', { type: 'comment', comment: 'looking at it' });
    const t = sim.act('sam', { type: 'withdraw', comment: 'wrong amount' });
    expect(t.state.status).toBe('withdrawn');
    expect(t.state.active).toEqual([]);
    expect(t.state.tasks.every((x) => x.status === 'cancelled' && x.outcome === 'superseded')).toBe(true);
    expect(t.effects).toEqual([
      { type: 'status', status: 'withdrawn' },
      { type: 'notify', kind: 'withdrawn', userIds: ['ann', 'bob'] },
    ]);
    expect(t.state.log.slice(-2).map((e) => e.action)).toEqual(['withdraw', 'finish']);
  });

  it('withdraw is refused once someone acted, for others than the submitter, and when switched off', () => {
    const sim = new Sim(chain());
    sim.start();
    expect(sim.fails('ann', { type: 'withdraw' })).toBe('withdraw_not_allowed');
    sim.approve('ann');
    expect(sim.fails('sam', { type: 'withdraw' })).toBe('withdraw_not_allowed');
    const off = new Sim(flow(chain().nodes, { allowWithdraw: false }));
    off.start();
    expect(off.fails('sam', { type: 'withdraw' })).toBe('withdraw_not_allowed');
  });

  it('after a send-back and a resubmission, the submitter may withdraw again', () => {
    const sim = new Sim(flow([start('a'), approve('a', ['ann'], 'end', { rejectTo: ['start'] }), end()]));
    sim.start();
    sim.reject('ann');
    expect(sim.fails('sam', { type: 'withdraw' })).toBe('withdraw_not_allowed');
    sim.approve('sam');
    sim.act('sam', { type: 'withdraw' });
    expect(sim.state.status).toBe('withdrawn');
  });

  it('comment only logs, needs text, and names an existing task', () => {
    const sim = new Sim(chain());
    sim.start();
    const t = sim.act('zoe', { type: 'comment', comment: 'fyi', taskId: 't1' });
    expect(t.effects).toEqual([]);
    expect(t.state.log.at(-1)).toMatchObject({
      action: 'comment',
      actor: 'zoe',
      comment: 'fyi',
      taskId: 't1',
      nodeId: 'a',
    });
    expect(sim.fails('zoe', { type: 'comment', comment: ' ' })).toBe('comment_required');
    expect(sim.fails('zoe', { type: 'comment', comment: 'x', taskId: 'nope' })).toBe('task_not_found');
  });

  it('urge notifies the current pending handlers, only by the submitter', () => {
    const sim = new Sim(
      flow([start('a'), approve('a', ['ann', 'bob', 'cat'], 'end', { mode: 'sequence' }), end()]),
    );
    sim.start();
    const t = sim.act('sam', { type: 'urge', comment: 'please' });
    expect(t.effects).toEqual([{ type: 'notify', kind: 'urge', userIds: ['ann'] }]);
    expect(t.state.log.at(-1)).toMatchObject({ action: 'urge', actor: 'sam', comment: 'please' });
    expect(sim.fails('ann', { type: 'urge' })).toBe('action_not_allowed');
  });
});

describe('reminders and timeouts', () => {
  const timed = (timeout: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    flow([
      start('a'),
      approve('a', ['ann'], 'b'),
      approve('b', ['bob'], 'end', { timeout, ...extra }),
      end(),
    ]);

  it('tasks get remindAt / dueAt from the node timeout; remind repeats or stops', () => {
    const sim = new Sim(
      timed({ remindAfterMinutes: 60, remindEveryMinutes: 30, actAfterMinutes: 120, action: 'approve' }),
    );
    sim.start();
    expect(sim.task('ann').remindAt).toBeUndefined();
    sim.advance(10);
    sim.approve('ann');
    const task = sim.task('bob');
    expect(task.remindAt).toBe('2026-01-05T10:10:00.000Z');
    expect(task.dueAt).toBe('2026-01-05T11:10:00.000Z');
    sim.advance(60);
    const t = sim.act(null, { type: 'remind', taskId: task.id });
    expect(t.effects).toEqual([
      { type: 'notify', kind: 'remind', userIds: ['bob'], taskId: task.id, nodeId: 'b' },
    ]);
    expect(sim.task('bob').remindAt).toBe('2026-01-05T10:40:00.000Z');
    const once = new Sim(timed({ remindAfterMinutes: 60 }));
    once.start();
    once.approve('ann');
    once.act(null, { type: 'remind', taskId: once.task('bob').id });
    expect(once.task('bob').remindAt).toBeUndefined();
    expect(once.task('bob').dueAt).toBeUndefined();
  });

  it('timeout approve: the task closes as timed out and the node moves on', () => {
    const sim = new Sim(timed({ actAfterMinutes: 60, action: 'approve' }));
    sim.start();
    sim.approve('ann');
    const id = sim.task('bob').id;
    sim.act(null, { type: 'timeout', taskId: id });
    expect(sim.state.status).toBe('approved');
    expect(sim.state.tasks.find((t) => t.id === id)).toMatchObject({ status: 'done', outcome: 'timedOut' });
    expect(sim.state.log.find((e) => e.action === 'timeout')).toMatchObject({
      actor: null,
      timeoutAction: 'approve',
    });
  });

  it('timeout reject: ends as rejected by default, or follows rejectTo', () => {
    const sim = new Sim(timed({ actAfterMinutes: 60, action: 'reject' }));
    sim.start();
    sim.approve('ann');
    sim.act(null, { type: 'timeout', taskId: sim.task('bob').id });
    expect(sim.state.status).toBe('rejected');
    const back = new Sim(timed({ actAfterMinutes: 60, action: 'reject' }, { rejectTo: ['previous'] }));
    back.start();
    back.approve('ann');
    back.act(null, { type: 'timeout', taskId: back.task('bob').id });
    expect(back.activeNodes()).toEqual(['a']);
  });

  it('timeout escalate: the task goes to escalateTo, once', () => {
    const sim = new Sim(
      timed({
        remindAfterMinutes: 30,
        actAfterMinutes: 60,
        action: 'escalate',
        escalateTo: [{ kind: 'roles', ids: ['boss'] }],
      }),
      { roles: { boss: ['bea'] } },
    );
    sim.start();
    sim.approve('ann');
    const t = sim.act(null, { type: 'timeout', taskId: sim.task('bob').id });
    expect(t.state.tasks.find((x) => x.assignee === 'bob')).toMatchObject({
      status: 'done',
      outcome: 'timedOut',
    });
    expect(sim.task('bea')).toMatchObject({ status: 'pending', remindAt: '2026-01-05T09:30:00.000Z' });
    expect(sim.task('bea').dueAt).toBeUndefined();
    expect(sim.notified('task')).toEqual(['bea']);
    expect(t.state.log.at(-1)).toMatchObject({ action: 'escalate', users: ['bea'] });
    sim.approve('bea');
    expect(sim.state.status).toBe('approved');
  });

  it('escalation to nobody falls back to the admins', () => {
    const sim = new Sim(
      timed({ actAfterMinutes: 60, action: 'escalate', escalateTo: [{ kind: 'roles', ids: ['none'] }] }),
      {
        adminIds: ['root'],
      },
    );
    sim.start();
    sim.approve('ann');
    sim.act(null, { type: 'timeout', taskId: sim.task('bob').id });
    expect(sim.pendingUsers()).toEqual(['root']);
  });

  it('a late remind or timeout on a closed task is a no-op', () => {
    const sim = new Sim(timed({ remindAfterMinutes: 5, actAfterMinutes: 60, action: 'reject' }));
    sim.start();
    sim.approve('ann');
    const id = sim.task('bob').id;
    sim.approve('bob');
    const before = sim.state;
    for (const type of ['timeout', 'remind'] as const) {
      const t = sim.act(null, { type, taskId: id });
      expect(t.effects).toEqual([]);
      expect(t.state).toEqual(before);
    }
  });
});

describe('assignee edge cases', () => {
  it('autoApproveSameUser skips a task whose holder approved an earlier node', () => {
    const sim = new Sim(
      flow(
        [
          start('a'),
          approve('a', ['ann'], 'b'),
          approve('b', ['bob', 'ann'], 'c', { mode: 'all' }),
          approve('c', ['ann'], 'end'),
          end(),
        ],
        {
          autoApproveSameUser: true,
        },
      ),
    );
    sim.start();
    sim.approve('ann');
    expect(sim.taskSummary()).toEqual(['ann@a:done', 'bob@b:pending', 'ann@b:done']);
    expect(sim.notified('task')).toEqual(['bob']);
    expect(sim.state.log.at(-1)).toMatchObject({
      action: 'approve',
      actor: null,
      users: ['ann'],
      nodeId: 'b',
    });
    const t = sim.approve('bob');
    // c is ann's again: approved on her behalf, the instance finishes
    expect(t.state.status).toBe('approved');
    expect(t.state.history).toEqual(['a', 'b', 'c']);
  });

  it('without the setting the same user is asked again', () => {
    const sim = new Sim(flow([start('a'), approve('a', ['ann'], 'b'), approve('b', ['ann'], 'end'), end()]));
    sim.start();
    sim.approve('ann');
    expect(sim.activeNodes()).toEqual(['b']);
  });

  it('whenNoAssignee pass (default) skips the node; admin hands it to the admins', () => {
    const nobody = [{ kind: 'roles', ids: ['empty'] }] as never;
    const pass = new Sim(flow([start('a'), approve('a', nobody, 'b'), approve('b', ['bob'], 'end'), end()]));
    pass.start();
    expect(pass.activeNodes()).toEqual(['b']);
    expect(pass.state.log.map((e) => [e.action, e.nodeId])).toEqual([
      ['submit', 'start'],
      ['skip', 'a'],
    ]);
    expect(pass.state.history).toEqual([]);
    const admin = new Sim(
      flow([start('a'), approve('a', nobody, 'end', { whenNoAssignee: 'admin' }), end()]),
      {
        adminIds: ['root', 'root2'],
      },
    );
    admin.start();
    expect(admin.pendingUsers()).toEqual(['root', 'root2']);
  });

  it('forbidSelfApproval leaves the submitter out of approve nodes (then whenNoAssignee), not fill nodes', () => {
    const settings = { forbidSelfApproval: true };
    const self = [{ kind: 'submitter' }] as never;
    // Sam and Bob may approve: only Bob is asked.
    const both = new Sim(flow([start('a'), approve('a', ['sam', 'bob'], 'end'), end()], settings));
    both.start();
    expect(both.pendingUsers()).toEqual(['bob']);
    // Sam alone: nobody is left, so the node passes (whenNoAssignee pass) ...
    const pass = new Sim(
      flow([start('a'), approve('a', self, 'b'), approve('b', ['bob'], 'end'), end()], settings),
    );
    pass.start();
    expect(pass.state.log.map((e) => [e.action, e.nodeId])).toEqual([
      ['submit', 'start'],
      ['skip', 'a'],
    ]);
    expect(pass.pendingUsers()).toEqual(['bob']);
    // ... or goes to the admins, still without Sam.
    const admin = new Sim(
      flow([start('a'), approve('a', self, 'end', { whenNoAssignee: 'admin' }), end()], settings),
      { adminIds: ['sam', 'root'] },
    );
    admin.start();
    expect(admin.pendingUsers()).toEqual(['root']);
    // A fill step is not an approval: Sam still fills it.
    const filling = new Sim(flow([start('a'), fill('a', ['sam'], 'end'), end()], settings));
    filling.start();
    expect(filling.pendingUsers()).toEqual(['sam']);
    // Without the setting Sam approves his own record.
    const off = new Sim(flow([start('a'), approve('a', ['sam', 'bob'], 'end'), end()]));
    off.start();
    expect(off.pendingUsers()).toEqual(['sam', 'bob']);
  });

  it('forbidSelfApproval: no transfer, added approver or escalation hands an approval to the submitter', () => {
    const settings = { forbidSelfApproval: true };
    const delegable = { actions: ['transfer', 'addApprover'] };
    const sim = new Sim(flow([start('a'), approve('a', ['bob'], 'end', delegable), end()], settings));
    sim.start();
    const task = sim.task('bob').id;
    expect(sim.fails('bob', { type: 'transfer', taskId: task, to: 'sam' })).toBe('self_approval_forbidden');
    for (const position of ['before', 'after'] as const)
      expect(sim.fails('bob', { type: 'addApprover', taskId: task, users: ['tom', 'sam'], position })).toBe(
        'self_approval_forbidden',
      );
    // Refused actions change nothing; someone else is still fine.
    expect(sim.pendingUsers()).toEqual(['bob']);
    sim.act('bob', { type: 'transfer', taskId: task, to: 'tom' });
    expect(sim.pendingUsers()).toEqual(['tom']);
    // A fill step is not an approval, and without the setting the submitter may be chosen.
    const filling = new Sim(flow([start('a'), fill('a', ['bob'], 'end', delegable), end()], settings));
    filling.start();
    filling.act('bob', { type: 'transfer', taskId: filling.task('bob').id, to: 'sam' });
    expect(filling.pendingUsers()).toEqual(['sam']);
    const off = new Sim(flow([start('a'), approve('a', ['bob'], 'end', delegable), end()]));
    off.start();
    off.act('bob', { type: 'transfer', taskId: off.task('bob').id, to: 'sam' });
    expect(off.pendingUsers()).toEqual(['sam']);
    // Escalation leaves the submitter out of escalateTo and of the admin fallback.
    const timeout = { actAfterMinutes: 60, action: 'escalate', escalateTo: users('sam', 'bea') };
    const escalating = new Sim(
      flow([start('a'), approve('a', ['bob'], 'end', { timeout }), end()], settings),
    );
    escalating.start();
    escalating.act(null, { type: 'timeout', taskId: escalating.task('bob').id });
    expect(escalating.pendingUsers()).toEqual(['bea']);
    const onlySam = { actAfterMinutes: 60, action: 'escalate', escalateTo: users('sam') };
    const admins = new Sim(
      flow([start('a'), approve('a', ['bob'], 'end', { timeout: onlySam }), end()], settings),
      { adminIds: ['sam', 'root'] },
    );
    admins.start();
    admins.act(null, { type: 'timeout', taskId: admins.task('bob').id });
    expect(admins.pendingUsers()).toEqual(['root']);
  });

  it('field assignees come from the record', () => {
    const sim = new Sim(
      flow([start('a'), approve('a', [{ kind: 'field', field: 'buyer' }] as never, 'end'), end()]),
      {
        record: { buyer: 'bea' },
      },
    );
    sim.start();
    expect(sim.pendingUsers()).toEqual(['bea']);
  });
});

describe('fieldAccess', () => {
  const def = flow([
    start('a', {
      fields: [
        { field: 'amount', access: 'read' },
        { field: 'total', access: 'edit' },
      ],
    }),
    approve('a', ['ann'], 'end', {
      fields: [
        { field: 'title', access: 'edit' },
        { field: 'amount', access: 'required' },
        { field: 'category', access: 'hidden' },
      ],
    }),
    end(),
  ]);

  it('start node: as the form says unless listed; computed fields never editable', () => {
    const access = workflowEngine.fieldAccess(def, 'start', form);
    expect(Object.fromEntries(access)).toEqual({
      title: 'edit',
      amount: 'read',
      category: 'edit',
      buyer: 'edit',
      note: 'read',
      secret: 'hidden',
      total: 'read',
    });
  });

  it('other nodes: read unless listed; layout fields left out', () => {
    const access = workflowEngine.fieldAccess(def, 'a', form);
    expect(Object.fromEntries(access)).toEqual({
      title: 'edit',
      amount: 'required',
      category: 'hidden',
      buyer: 'read',
      note: 'read',
      secret: 'read',
      total: 'read',
    });
    expect(access.has('line')).toBe(false);
    expect(() => workflowEngine.fieldAccess(def, 'nope', form)).toThrow(/no node "nope"/);
  });
});

describe('more parallel and delegation cases', () => {
  it('"previous" on a parallel path is that path\'s previous node, not a sibling path\'s', () => {
    const sim = new Sim(
      flow([
        start('fork'),
        { type: 'fork', id: 'fork', next: ['p1', 'q1'], join: 'join' },
        approve('p1', ['pam'], 'p2'),
        approve('p2', ['pat'], 'join', { rejectTo: ['previous'] }),
        approve('q1', ['quinn'], 'join'),
        { type: 'join', id: 'join', next: 'end' },
        end(),
      ]),
    );
    sim.start();
    sim.approve('pam');
    sim.approve('quinn'); // history: p1, q1
    sim.reject('pat');
    expect(sim.activeNodes()).toEqual(['p1']);
    expect(sim.state.history).toEqual(['q1']);
    expect(sim.state.arrived).toEqual({ join: ['q1'] });
    sim.approve('pam');
    sim.approve('pat');
    expect(sim.state.status).toBe('approved');
  });

  it('a rejection from a nested fork to a node of the outer path cancels the nested paths only', () => {
    const nodes: WorkflowNode[] = [
      start('f1'),
      { type: 'fork', id: 'f1', next: ['a', 'b'], join: 'j1' },
      approve('a', ['ann'], 'f2'),
      { type: 'fork', id: 'f2', next: ['x', 'y'], join: 'j2' },
      approve('x', ['xa'], 'j2', { rejectTo: ['chosen'] }),
      approve('y', ['ya'], 'j2'),
      { type: 'join', id: 'j2', next: 'j1' },
      approve('b', ['ba'], 'j1'),
      { type: 'join', id: 'j1', next: 'end' },
      end(),
    ];
    const sim = new Sim(flow(nodes));
    sim.start();
    sim.approve('ann');
    sim.approve('ya'); // y arrived at j2
    sim.reject('xa', { nodeId: 'a' });
    expect(sim.activeNodes().sort()).toEqual(['a', 'b']);
    expect(sim.state.active.find((a) => a.nodeId === 'a')).toMatchObject({ forks: ['f1'], paths: ['a'] });
    expect(sim.state.arrived).toEqual({});
    expect(sim.state.tasks.find((t) => t.assignee === 'ya')).toMatchObject({ status: 'done' });
    sim.approve('ann');
    sim.approve('xa');
    sim.approve('ya');
    sim.approve('ba');
    expect(sim.state.status).toBe('approved');
  });

  it('a transferred task keeps its added approvers', () => {
    const sim = new Sim(
      flow([start('a'), approve('a', ['ann'], 'end', { actions: ['addApprover', 'transfer'] }), end()]),
    );
    sim.start();
    sim.act('ann', { type: 'addApprover', taskId: 't1', users: ['xia'], position: 'after' });
    sim.act('ann', { type: 'transfer', taskId: 't1', to: 'tom' });
    expect(sim.task('xia').afterTask).toBe(sim.task('tom').id);
    sim.approve('tom');
    expect(sim.pendingUsers()).toEqual(['xia']);
    sim.approve('xia');
    expect(sim.state.status).toBe('approved');
  });

  it('escalation in all mode replaces only the late approver', () => {
    const sim = new Sim(
      flow([
        start('a'),
        approve('a', ['ann', 'bob'], 'end', {
          mode: 'all',
          timeout: {
            actAfterMinutes: 60,
            action: 'escalate',
            escalateTo: [{ kind: 'users', ids: ['bea', 'bob'] }],
          },
        }),
        end(),
      ]),
    );
    sim.start();
    sim.approve('bob');
    sim.act(null, { type: 'timeout', taskId: sim.task('ann').id });
    // bob already approved here but holds no open task, so he may take the escalated task too
    expect(sim.pendingUsers()).toEqual(['bea', 'bob']);
    sim.approve('bea');
    expect(sim.activeNodes()).toEqual(['a']);
    sim.approve('bob');
    expect(sim.state.status).toBe('approved');
  });

  it('whenNoAssignee admin without admins passes the node', () => {
    const sim = new Sim(
      flow([
        start('a'),
        approve('a', [{ kind: 'roles', ids: ['none'] }] as never, 'end', { whenNoAssignee: 'admin' }),
        end(),
      ]),
    );
    sim.start();
    expect(sim.state.status).toBe('approved');
    expect(sim.state.log.map((e) => e.action)).toEqual(['submit', 'skip', 'finish']);
  });

  it('a fill node can require a comment too; the start node task ignores node requirements', () => {
    const sim = new Sim(
      flow([start('f'), fill('f', ['fay'], 'end', { commentRequired: true, rejectTo: ['start'] }), end()]),
    );
    sim.start();
    expect(sim.fails('fay', { type: 'approve', taskId: sim.task('fay').id })).toBe('comment_required');
    sim.reject('fay', undefined, 'fill in the amount');
    expect(sim.fails('sam', { type: 'transfer', taskId: sim.task('sam').id, to: 'tom' })).toBe(
      'action_not_allowed',
    );
    expect(sim.fails('sam', { type: 'reject', taskId: sim.task('sam').id })).toBe('action_not_allowed');
    sim.approve('sam');
    expect(sim.activeNodes()).toEqual(['f']);
  });
});
