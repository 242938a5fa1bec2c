import { describe, expect, it } from 'vitest';
import {
  checkWorkflows,
  validateAppDefinition,
  type AppDefinition,
  type WorkflowDefinition,
  type WorkflowNode,
} from '../src/index.js';

const form = {
  id: 'purchase',
  name: { en: 'Purchase' },
  workflowId: 'wf',
  fields: [
    { id: 'title', type: 'text', label: { en: 'Title' } },
    { id: 'amount', type: 'number', label: { en: 'Amount' } },
    { id: 'buyer', type: 'member', label: { en: 'Buyer' } },
    { id: 'team', type: 'departments', label: { en: 'Team' } },
    {
      id: 'total',
      type: 'formula',
      label: { en: 'Total' },
      config: { formula: '{amount}', resultType: 'number' },
    },
    { id: 'no', type: 'serial', label: { en: 'No' }, config: { parts: [{ kind: 'counter', digits: 4 }] } },
    { id: 'line', type: 'divider', label: { en: 'Line' } },
    { id: 'help', type: 'description', label: { en: 'Help' }, config: { content: { en: 'x' } } },
  ],
} as AppDefinition['forms'][number];

const users = [{ kind: 'users', ids: ['u1'] }] as const;
const node = (n: Record<string, unknown>) => n as unknown as WorkflowNode;
const start = (next = 'a', extra = {}) => node({ type: 'start', id: 'start', next, ...extra });
const approve = (id: string, next: string, extra = {}) =>
  node({ type: 'approve', id, assignees: users, next, ...extra });
const end = (id = 'end') => node({ type: 'end', id });

const good = (): WorkflowNode[] => [start(), approve('a', 'end'), end()];

const appWith = (
  nodes: WorkflowNode[],
  extra: Partial<WorkflowDefinition> = {},
  more: Partial<AppDefinition> = {},
) =>
  ({
    id: 'app',
    name: { en: 'App' },
    formatVersion: 1,
    forms: [form],
    workflows: [{ id: 'wf', name: { en: 'Flow' }, form: 'purchase', nodes, ...extra }],
    ...more,
  }) as AppDefinition;

/** "code @ path" of every issue, for compact expectations. */
const issues = (
  nodes: WorkflowNode[],
  extra: Partial<WorkflowDefinition> = {},
  more: Partial<AppDefinition> = {},
) => checkWorkflows(appWith(nodes, extra, more)).map((i) => `${i.code} @ ${i.path}`);

describe('workflow definitions: ids and the form link', () => {
  it('accepts a good flow, also through validateAppDefinition', () => {
    expect(issues(good())).toEqual([]);
    const result = validateAppDefinition(appWith(good()));
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('reports through validateAppDefinition with a readable message', () => {
    const result = validateAppDefinition(appWith([start(), approve('a', 'nowhere'), end()]));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.issues).toContainEqual({
        path: '/workflows/0/nodes/1/next',
        code: 'unknown_node',
        message: '"nowhere" is not a node of this workflow',
      });
  });

  it('duplicate workflow, node and branch ids', () => {
    const wf = appWith(good()).workflows![0]!;
    const twice = checkWorkflows({ ...appWith(good()), workflows: [wf, { ...wf, id: 'WF' }] });
    expect(twice.map((i) => `${i.code} @ ${i.path}`)).toContain('duplicate_id @ /workflows/1/id');
    expect(issues([start(), approve('a', 'end'), approve('a', 'end'), end()])).toContain(
      'duplicate_id @ /workflows/0/nodes/2/id',
    );
    const cond = { kind: 'cmp', field: 'amount', op: 'gt', value: 1 };
    expect(
      issues([
        start('b'),
        node({
          type: 'branch',
          id: 'b',
          branches: [
            { id: 'x', condition: cond, next: 'a' },
            { id: 'x', condition: cond, next: 'a' },
          ],
          defaultNext: 'a',
        }),
        approve('a', 'end'),
        end(),
      ]),
    ).toEqual(['duplicate_id @ /workflows/0/nodes/1/branches/1/id']);
  });

  it('the workflow form must exist; the form must name an existing workflow running on it', () => {
    expect(issues(good(), { form: 'ghost' })).toEqual([
      'unknown_form @ /workflows/0/form',
      'workflow_form_mismatch @ /forms/0/workflowId',
    ]);
    expect(issues(good(), { id: 'other' })).toEqual(['unknown_workflow @ /forms/0/workflowId']);
    const second = {
      id: 'second',
      name: { en: 'S' },
      fields: [{ id: 't', type: 'text', label: { en: 'T' } }],
    };
    const app = appWith(good(), { form: 'second' }, { forms: [form, second] as AppDefinition['forms'] });
    expect(checkWorkflows(app).map((i) => i.code)).toEqual(['workflow_form_mismatch']);
  });
});

describe('workflow definitions: the graph', () => {
  it('exactly one start node', () => {
    expect(issues([approve('a', 'end'), end()])).toEqual(['no_start @ /workflows/0/nodes']);
    expect(
      issues([start(), node({ type: 'start', id: 's2', next: 'a' }), approve('a', 'end'), end()]),
    ).toEqual(expect.arrayContaining(['duplicate_start @ /workflows/0/nodes/1']));
  });

  it('edges name existing nodes and never the start', () => {
    expect(issues([start(), approve('a', 'ghost'), end()])).toEqual(
      expect.arrayContaining(['unknown_node @ /workflows/0/nodes/1/next']),
    );
    expect(
      issues([
        start('b'),
        node({
          type: 'branch',
          id: 'b',
          branches: [
            { id: 'x', condition: { kind: 'cmp', field: 'amount', op: 'gt', value: 1 }, next: 'ghost' },
          ],
          defaultNext: 'nope',
        }),
        end(),
      ]),
    ).toEqual(
      expect.arrayContaining([
        'unknown_node @ /workflows/0/nodes/1/branches/0/next',
        'unknown_node @ /workflows/0/nodes/1/defaultNext',
      ]),
    );
    expect(issues([start(), approve('a', 'start'), end()])).toContain(
      'edge_to_start @ /workflows/0/nodes/1/next',
    );
  });

  it('unreachable nodes and no reachable end', () => {
    expect(issues([start(), approve('a', 'end'), approve('lost', 'end'), end()])).toEqual([
      'unreachable @ /workflows/0/nodes/2',
    ]);
    const noEnd = issues([start(), approve('a', 'b'), approve('b', 'a'), end()]);
    expect(noEnd).toEqual(
      expect.arrayContaining(['unreachable @ /workflows/0/nodes/3', 'no_end @ /workflows/0/nodes']),
    );
  });

  it('cycles are refused with the loop in the message', () => {
    const app = appWith([
      start(),
      approve('a', 'b'),
      approve('b', 'c'),
      node({
        type: 'branch',
        id: 'c',
        branches: [{ id: 'x', condition: { kind: 'cmp', field: 'amount', op: 'gt', value: 1 }, next: 'a' }],
        defaultNext: 'end',
      }),
      end(),
    ]);
    const found = checkWorkflows(app).filter((i) => i.code === 'cycle');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/"a" → "b" → "c" → "a"/);
  });
});

describe('workflow definitions: forks and joins', () => {
  const fork = (next: string[], join = 'j') => node({ type: 'fork', id: 'f', next, join });
  const join = (id = 'j', next = 'end') => node({ type: 'join', id, next });

  it('a well-formed fork / join passes', () => {
    expect(
      issues([start('f'), fork(['p', 'q']), approve('p', 'j'), approve('q', 'j'), join(), end()]),
    ).toEqual([]);
  });

  it('a join without a fork', () => {
    expect(issues([start('j'), join(), end()])).toEqual(['join_without_fork @ /workflows/0/nodes/1']);
  });

  it('a fork whose join is not a join node', () => {
    expect(
      issues([start('f'), fork(['p', 'q'], 'end'), approve('p', 'end'), approve('q', 'end'), end()]),
    ).toEqual(['bad_join @ /workflows/0/nodes/1/join']);
  });

  it('a path that ends before reaching the join', () => {
    expect(
      issues([start('f'), fork(['p', 'q']), approve('p', 'j'), approve('q', 'end'), join(), end()]),
    ).toEqual(['fork_path_escapes @ /workflows/0/nodes/1/next/1']);
  });

  it('a path that may leave through a branch to an end', () => {
    const leak = node({
      type: 'branch',
      id: 'q',
      branches: [{ id: 'x', condition: { kind: 'cmp', field: 'amount', op: 'gt', value: 1 }, next: 'end' }],
      defaultNext: 'j',
    });
    expect(issues([start('f'), fork(['p', 'q']), approve('p', 'j'), leak, join(), end()])).toEqual([
      'fork_path_escapes @ /workflows/0/nodes/1/next/1',
    ]);
  });

  it('a join reached by paths of two forks, or named by two forks', () => {
    const cond = { kind: 'cmp', field: 'amount', op: 'gt', value: 1 };
    const nodes = [
      start('b0'),
      node({
        type: 'branch',
        id: 'b0',
        branches: [{ id: 'one', condition: cond, next: 'f' }],
        defaultNext: 'g',
      }),
      fork(['p', 'q']),
      approve('p', 'j'),
      approve('q', 'j'),
      join(),
      node({ type: 'fork', id: 'g', next: ['x', 'y'], join: 'k' }),
      approve('x', 'k'),
      approve('y', 'j'), // a path of fork g runs into fork f's join
      join('k', 'end'),
      end(),
    ];
    expect(issues(nodes)).toEqual([
      'join_outside_fork @ /workflows/0/nodes/8',
      'fork_path_escapes @ /workflows/0/nodes/6/next/1',
    ]);
    const shared = [
      start('f'),
      fork(['p', 'q']),
      approve('p', 'j'),
      approve('q', 'j'),
      join('j', 'g'),
      node({ type: 'fork', id: 'g', next: ['x', 'y'], join: 'j' }),
      approve('x', 'end'),
      approve('y', 'end'),
      end(),
    ];
    expect(issues(shared)).toContain('shared_join @ /workflows/0/nodes/5/join');
  });

  it('duplicate fork paths', () => {
    expect(issues([start('f'), fork(['p', 'p']), approve('p', 'j'), join(), end()])).toContain(
      'duplicate_item @ /workflows/0/nodes/1/next/1',
    );
  });
});

describe('workflow definitions: fields, assignees, conditions, lists, timeouts', () => {
  const branchOn = (condition: unknown) => [
    start('b'),
    node({ type: 'branch', id: 'b', branches: [{ id: 'x', condition, next: 'a' }], defaultNext: 'a' }),
    approve('a', 'end'),
    end(),
  ];
  const at = '/workflows/0/nodes/1/branches/0/condition';

  it('branch conditions read fields of the form, system columns allowed', () => {
    expect(
      issues(branchOn({ kind: 'cmp', field: 'createdBy', op: 'eq', value: { dynamic: 'currentUser' } })),
    ).toEqual([]);
    expect(
      issues(
        branchOn({
          kind: 'and',
          items: [
            { kind: 'cmp', field: 'amount', op: 'gt', value: 1 },
            { kind: 'cmp', field: 'ghost', op: 'eq', value: 1 },
          ],
        }),
      ),
    ).toEqual([`unknown_field @ ${at}/items/1/field`]);
    expect(issues(branchOn({ kind: 'cmp', field: 'line', op: 'isEmpty' }))).toEqual([
      `bad_condition_field @ ${at}/field`,
    ]);
  });

  it('branch condition values fit their operator', () => {
    expect(issues(branchOn({ kind: 'cmp', field: 'amount', op: 'between', value: [1, 2] }))).toEqual([]);
    expect(issues(branchOn({ kind: 'cmp', field: 'amount', op: 'between', value: [1] }))).toEqual([
      `bad_condition @ ${at}/value`,
    ]);
    expect(issues(branchOn({ kind: 'cmp', field: 'amount', op: 'in', value: [] }))).toEqual([
      `bad_condition @ ${at}/value`,
    ]);
    expect(issues(branchOn({ kind: 'cmp', field: 'amount', op: 'gt' }))).toEqual([
      `bad_condition @ ${at}/value`,
    ]);
    expect(issues(branchOn({ kind: 'cmp', field: 'amount', op: 'isEmpty', value: 3 }))).toEqual([
      `bad_condition @ ${at}/value`,
    ]);
  });

  it('field access lists: known fields, listed once, computed and layout fields not editable', () => {
    const fields = [
      { field: 'title', access: 'edit' },
      { field: 'line', access: 'hidden' },
      { field: 'ghost', access: 'read' },
      { field: 'title', access: 'read' },
      { field: 'total', access: 'required' },
      { field: 'no', access: 'edit' },
      { field: 'help', access: 'edit' },
    ];
    expect(issues([start('a', { fields }), approve('a', 'end'), end()])).toEqual([
      'unknown_field @ /workflows/0/nodes/0/fields/2/field',
      'duplicate_field @ /workflows/0/nodes/0/fields/3/field',
      'not_editable @ /workflows/0/nodes/0/fields/4/access',
      'not_editable @ /workflows/0/nodes/0/fields/5/access',
      'not_editable @ /workflows/0/nodes/0/fields/6/access',
    ]);
    expect(
      issues([start(), approve('a', 'end', { fields: [{ field: 'total', access: 'read' }] }), end()]),
    ).toEqual([]);
  });

  it('field assignees name a member / department field of the form (handlers, cc, escalation)', () => {
    const byField = (field: string) => [{ kind: 'field', field }];
    expect(issues([start(), approve('a', 'end', { assignees: byField('buyer') }), end()])).toEqual([]);
    expect(issues([start(), approve('a', 'end', { assignees: byField('team') }), end()])).toEqual([]);
    expect(issues([start(), approve('a', 'end', { assignees: byField('title') }), end()])).toEqual([
      'bad_assignee_field @ /workflows/0/nodes/1/assignees/0/field',
    ]);
    expect(
      issues([
        start('c'),
        node({ type: 'cc', id: 'c', recipients: byField('ghost'), next: 'a' }),
        approve('a', 'end', {
          timeout: { actAfterMinutes: 5, action: 'escalate', escalateTo: byField('amount') },
        }),
        end(),
      ]),
    ).toEqual([
      'bad_assignee_field @ /workflows/0/nodes/1/recipients/0/field',
      'bad_assignee_field @ /workflows/0/nodes/2/timeout/escalateTo/0/field',
    ]);
  });

  it('actions and reject targets listed twice', () => {
    expect(
      issues([
        start(),
        approve('a', 'end', { actions: ['transfer', 'reject', 'transfer'], rejectTo: ['start', 'start'] }),
        end(),
      ]),
    ).toEqual([
      'duplicate_item @ /workflows/0/nodes/1/actions/2',
      'duplicate_item @ /workflows/0/nodes/1/rejectTo/1',
    ]);
  });

  it('timeouts that can fire', () => {
    const timed = (timeout: unknown) => issues([start(), approve('a', 'end', { timeout }), end()]);
    const t = '/workflows/0/nodes/1/timeout';
    expect(timed({ remindAfterMinutes: 60 })).toEqual([]);
    expect(timed({ actAfterMinutes: 60, action: 'approve' })).toEqual([]);
    expect(timed({ actAfterMinutes: 60, action: 'escalate', escalateTo: users })).toEqual([]);
    expect(timed({})).toEqual([`empty_timeout @ ${t}`]);
    expect(timed({ remindAfterMinutes: 5, action: 'reject' })).toEqual([
      `missing_act_after @ ${t}/actAfterMinutes`,
    ]);
    expect(timed({ actAfterMinutes: 5, action: 'escalate' })).toEqual([
      `missing_escalate_to @ ${t}/escalateTo`,
    ]);
    expect(timed({ remindAfterMinutes: 30, remindEveryMinutes: 60 })).toEqual([]);
    expect(timed({ remindEveryMinutes: 60, actAfterMinutes: 120, action: 'approve' })).toEqual([
      `missing_remind_after @ ${t}/remindAfterMinutes`,
    ]);
  });

  it('a path without a condition before other paths hides them', () => {
    const always = { kind: 'and', items: [] };
    const big = { kind: 'cmp', field: 'amount', op: 'gt', value: 10000 };
    const paths = (...conditions: unknown[]) => [
      start('b'),
      node({
        type: 'branch',
        id: 'b',
        branches: conditions.map((condition, k) => ({ id: `p${k}`, condition, next: 'a' })),
        defaultNext: 'a',
      }),
      approve('a', 'end'),
      end(),
    ];
    const p = (k: number) => `condition_always_true @ /workflows/0/nodes/1/branches/${k}/condition`;
    expect(issues(paths(always, big))).toEqual([p(0)]);
    expect(issues(paths(big, always, big))).toEqual([p(1)]);
    // Groups of empty groups match everything too; an empty OR matches nothing.
    expect(issues(paths({ kind: 'and', items: [{ kind: 'or', items: [always] }] }, big))).toEqual([p(0)]);
    expect(issues(paths({ kind: 'or', items: [] }, big))).toEqual([]);
    // The last path may be empty (a catch-all before the default), and real conditions pass.
    expect(issues(paths(big, always))).toEqual([]);
    expect(issues(paths(big, { kind: 'and', items: [big] }))).toEqual([]);
  });
});
