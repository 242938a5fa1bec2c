import type { TaskListItem, WorkflowInstance, WorkflowLogEntry, WorkflowViewerState } from '@tangram/client';
import type { FormDefinition, WorkflowDefinition } from '@tangram/schema';
import { describe, expect, it, vi } from 'vitest';
import {
  ACTIONS,
  arrangeActions,
  availableActions,
  checkInput,
  rejectTo,
} from '../../src/workflow/core/actions';
import { changedEditable, formForAccess } from '../../src/workflow/core/field-access';
import { flowNodes, layoutFlow, mergePoint, type FlowItem } from '../../src/workflow/core/flow-layout';
import { boxFromSearch, processPath, statusTag } from '../../src/workflow/core/inbox-format';
import { formatLog } from '../../src/workflow/core/log-format';
import { workflowTexts } from '../../src/workflow/texts';

const users = { ids: ['u'] };
const filter = { kind: 'cmp', field: 'amount', op: 'gt', value: 10000 } as never;

/** start -> manager -> branch(amount > 10k: finance | default) -> cc -> end */
const purchase: WorkflowDefinition = {
  id: 'wf',
  name: { en: 'Purchase' },
  form: 'f',
  nodes: [
    { type: 'start', id: 'start', next: 'manager' },
    {
      type: 'approve',
      id: 'manager',
      name: { en: 'Manager' },
      assignees: [{ kind: 'users', ...users }],
      next: 'amount',
    },
    {
      type: 'branch',
      id: 'amount',
      branches: [{ id: 'big', name: { en: 'Over 10k' }, condition: filter, next: 'finance' }],
      defaultNext: 'notify',
    },
    {
      type: 'approve',
      id: 'finance',
      name: { en: 'Finance' },
      assignees: [{ kind: 'users', ...users }],
      next: 'notify',
    },
    { type: 'cc', id: 'notify', recipients: [{ kind: 'submitter' }], next: 'end' },
    { type: 'end', id: 'end' },
  ],
};

/** start -> fork(legal, tech) -> join -> end */
const parallel: WorkflowDefinition = {
  id: 'wf2',
  name: { en: 'Contract' },
  form: 'f',
  nodes: [
    { type: 'start', id: 'start', next: 'fork' },
    { type: 'fork', id: 'fork', next: ['legal', 'tech'], join: 'join' },
    { type: 'approve', id: 'legal', assignees: [{ kind: 'users', ...users }], next: 'join' },
    { type: 'approve', id: 'tech', assignees: [{ kind: 'users', ...users }], next: 'join' },
    { type: 'join', id: 'join', next: 'end' },
    { type: 'end', id: 'end' },
  ],
};

const at = (m: number) => `2026-11-23T08:${String(m).padStart(2, '0')}:00.000Z`;

function progress(
  log: WorkflowLogEntry[],
  active: string[],
  status: WorkflowInstance['status'] = 'running',
): Pick<WorkflowInstance, 'status' | 'active' | 'log' | 'tasks'> {
  return {
    status,
    active: active.map((nodeId) => ({ nodeId, visit: 1, enteredAt: at(0), forks: [] })),
    log,
    tasks: [],
  };
}

const states = (items: FlowItem[]) => Object.fromEntries(flowNodes(items).map((n) => [n.node.id, n.state]));

describe('flow chart layout', () => {
  it('finds where the paths of a branch meet again', () => {
    const byId = new Map(purchase.nodes.map((n) => [n.id, n]));
    expect(mergePoint(byId, ['finance', 'notify'])).toBe('notify');
    expect(mergePoint(byId, ['finance', 'nowhere'])).toBeNull();
  });

  it('lays a branch out as paths between the branch node and its merge point', () => {
    const items = layoutFlow(purchase, null);
    expect(items.map((i) => i.node.id)).toEqual(['start', 'manager', 'amount', 'notify', 'end']);
    const split = items[2]!;
    expect(split.kind).toBe('split');
    if (split.kind !== 'split') return;
    expect(split.paths.map((p) => p.items.map((i) => i.node.id))).toEqual([['finance'], []]);
    expect(split.paths.map((p) => p.isDefault)).toEqual([false, true]);
    expect(split.paths[0]!.label).toEqual({ en: 'Over 10k' });
    expect(Object.values(states(items)).every((s) => s === 'pending')).toBe(true);
  });

  it('marks done, current and pending nodes of a running instance', () => {
    const items = layoutFlow(
      purchase,
      progress(
        [
          { at: at(1), actor: 'a', action: 'submit', nodeId: 'start' },
          { at: at(2), actor: 'b', action: 'approve', nodeId: 'manager' },
        ],
        ['finance'],
      ),
    );
    expect(states(items)).toEqual({
      start: 'done',
      manager: 'done',
      finance: 'current',
      notify: 'pending',
      end: 'pending',
    });
    const split = items[2]!;
    expect(split.state).toBe('done');
    // The branch chose the "over 10k" path: the default path is behind the record already.
    expect(split.kind === 'split' && split.paths.map((p) => p.state)).toEqual(['taken', 'skipped']);
  });

  it('greys out the branch path not taken once the instance passed the branch', () => {
    const items = layoutFlow(
      purchase,
      progress(
        [
          { at: at(1), actor: 'a', action: 'submit', nodeId: 'start' },
          { at: at(2), actor: 'b', action: 'approve', nodeId: 'manager' },
          { at: at(3), actor: null, action: 'cc', nodeId: 'notify', users: ['a'] },
          { at: at(3), actor: null, action: 'finish', status: 'approved' },
        ],
        [],
        'approved',
      ),
    );
    expect(states(items)).toMatchObject({ finance: 'skipped', notify: 'done', end: 'done' });
    const split = items[2]!;
    expect(split.kind === 'split' && split.paths.map((p) => p.state)).toEqual(['skipped', 'taken']);
  });

  it('starts a new round after a rejection back to the submitter', () => {
    const items = layoutFlow(
      purchase,
      progress(
        [
          { at: at(1), actor: 'a', action: 'submit', nodeId: 'start' },
          { at: at(2), actor: 'b', action: 'approve', nodeId: 'manager' },
          { at: at(3), actor: 'c', action: 'reject', nodeId: 'finance', target: 'start' },
        ],
        ['start'],
      ),
    );
    // The manager's approval belongs to the previous round: it must be given again.
    expect(states(items)).toMatchObject({ start: 'current', manager: 'pending', finance: 'pending' });
    const again = layoutFlow(
      purchase,
      progress(
        [
          { at: at(1), actor: 'a', action: 'submit', nodeId: 'start' },
          { at: at(2), actor: 'b', action: 'approve', nodeId: 'manager' },
          { at: at(3), actor: 'c', action: 'reject', nodeId: 'finance', target: 'start' },
          { at: at(4), actor: 'a', action: 'submit', nodeId: 'start' },
        ],
        ['manager'],
      ),
    );
    expect(states(again)).toMatchObject({ start: 'done', manager: 'current', finance: 'pending' });
  });

  it('marks the node whose rejection ended the instance', () => {
    const items = layoutFlow(
      purchase,
      progress(
        [
          { at: at(1), actor: 'a', action: 'submit', nodeId: 'start' },
          { at: at(2), actor: 'b', action: 'reject', nodeId: 'manager', target: 'end' },
          { at: at(2), actor: null, action: 'finish', status: 'rejected' },
        ],
        [],
        'rejected',
      ),
    );
    expect(states(items)).toMatchObject({ start: 'done', manager: 'rejected', end: 'pending' });
  });

  it('runs a fork to its join with every path current at once', () => {
    const items = layoutFlow(
      parallel,
      progress([{ at: at(1), actor: 'a', action: 'submit', nodeId: 'start' }], ['legal', 'tech']),
    );
    expect(items.map((i) => i.node.id)).toEqual(['start', 'fork', 'join', 'end']);
    expect(states(items)).toEqual({
      start: 'done',
      legal: 'current',
      tech: 'current',
      join: 'pending',
      end: 'pending',
    });
    const half = layoutFlow(
      parallel,
      progress(
        [
          { at: at(1), actor: 'a', action: 'submit', nodeId: 'start' },
          { at: at(2), actor: 'b', action: 'approve', nodeId: 'legal' },
        ],
        ['tech'],
      ),
    );
    const split = half[1]!;
    // A fork never skips a path: the one still waiting stays pending/current, not "not taken".
    expect(split.kind === 'split' && split.paths.map((p) => p.state)).toEqual(['taken', 'taken']);
  });

  it('survives a cycle in a broken definition', () => {
    const loop: WorkflowDefinition = {
      ...purchase,
      nodes: [
        { type: 'start', id: 'start', next: 'a' },
        { type: 'approve', id: 'a', assignees: [{ kind: 'submitter' }], next: 'start' },
      ],
    };
    expect(flowNodes(layoutFlow(loop, null)).map((n) => n.node.id)).toEqual(['start', 'a']);
  });
});

describe('log formatting', () => {
  const names: Record<string, string> = { a: 'Alice', b: 'Bob', c: 'Carol' };
  const ctx = (lang: string) => ({
    texts: workflowTexts(lang),
    lang,
    definition: purchase,
    userName: (id: string) => names[id] ?? id,
  });

  it('says who did what where, with comment and signature', () => {
    const lines = formatLog(
      [
        { at: at(1), actor: 'a', action: 'submit', nodeId: 'start' },
        { at: at(2), actor: 'b', action: 'approve', nodeId: 'manager', comment: 'OK', signature: 'file1' },
        { at: at(3), actor: 'c', action: 'reject', nodeId: 'finance', target: 'start', comment: 'Too much' },
        { at: at(4), actor: 'b', action: 'transfer', nodeId: 'manager', users: ['c'] },
        { at: at(5), actor: null, action: 'finish', status: 'rejected' },
      ],
      ctx('en'),
    );
    expect(lines.map((l) => [l.actor, l.text, l.tone])).toEqual([
      ['Alice', 'submitted the request', 'blue'],
      ['Bob', 'approved · Manager', 'green'],
      ['Carol', 'rejected · Finance → The submitter', 'red'],
      ['Bob', 'transferred to Carol', 'orange'],
      ['System', 'Process finished: rejected', 'red'],
    ]);
    expect(lines[1]).toMatchObject({ comment: 'OK', signature: 'file1' });
    expect(lines[0]!.comment).toBeUndefined();
  });

  it('speaks Chinese and names unnamed nodes by their type', () => {
    const [line] = formatLog([{ at: at(1), actor: 'b', action: 'approve', nodeId: 'finance' }], {
      ...ctx('zh-CN'),
      definition: { ...purchase, nodes: purchase.nodes.map((n) => ({ ...n, name: undefined })) as never },
    });
    expect(line!.text).toBe('同意 · 审批');
  });
});

const me = (over: Partial<WorkflowViewerState> = {}): WorkflowViewerState => ({
  taskId: 't1',
  nodeId: 'manager',
  actions: [],
  rejectTargets: [],
  fieldAccess: {},
  canWithdraw: false,
  canUrge: false,
  signatureRequired: false,
  commentRequired: false,
  ...over,
});

describe('action availability', () => {
  it('orders the bar from the server actions and the withdraw / urge flags', () => {
    expect(
      availableActions(
        me({ actions: ['approve', 'reject', 'comment', 'transfer', 'addApprover'] }),
        'approve',
      ),
    ).toEqual(['comment', 'transfer', 'addApprover', 'reject', 'approve']);
    expect(
      availableActions(me({ taskId: undefined, actions: ['comment'], canWithdraw: true, canUrge: true })),
    ).toEqual(['comment', 'withdraw', 'urge']);
  });

  it('calls approve "submit" at fill and start nodes and hides task actions without a task', () => {
    expect(availableActions(me({ actions: ['approve'] }), 'fill')).toEqual(['submit']);
    expect(availableActions(me({ taskId: undefined, actions: ['approve', 'reject', 'comment'] }))).toEqual([
      'comment',
    ]);
  });

  it('keeps the main actions visible and moves the rest into "more" on small screens', () => {
    const keys = availableActions(
      me({ actions: ['approve', 'reject', 'comment', 'transfer', 'addApprover'] }),
    );
    expect(arrangeActions(keys, 3)).toEqual({
      visible: ['reject', 'approve'],
      overflow: ['comment', 'transfer', 'addApprover'],
    });
    expect(arrangeActions(['comment', 'approve'], 3)).toEqual({
      visible: ['comment', 'approve'],
      overflow: [],
    });
  });

  it('checks the dialog input against the node rules', () => {
    expect(checkInput('approve', me(), {})).toBeNull();
    expect(checkInput('approve', me({ commentRequired: true }), {})).toBe('commentRequired');
    expect(checkInput('approve', me({ signatureRequired: true }), { comment: 'x' })).toBe(
      'signatureRequired',
    );
    expect(checkInput('approve', me({ signatureRequired: true }), { signature: 'f' })).toBeNull();
    expect(checkInput('comment', me(), { comment: '  ' })).toBe('commentRequired');
    expect(checkInput('transfer', me(), {})).toBe('pickUsersRequired');
    expect(checkInput('transfer', me({ signatureRequired: true }), { users: ['c'] })).toBeNull();
  });

  it('maps each action to its API call', async () => {
    const result = { view: {} } as never;
    const client = {
      tasks: {
        approve: vi.fn(async () => result),
        reject: vi.fn(async () => result),
        transfer: vi.fn(async () => result),
        addApprover: vi.fn(async () => result),
      },
      workflow: {
        withdraw: vi.fn(async () => result),
        urge: vi.fn(async () => result),
        comment: vi.fn(async () => result),
        submit: vi.fn(async () => result),
      },
    } as never as Parameters<typeof ACTIONS.approve.run>[0];
    const target = { appId: 'a', formId: 'f', recordId: 'r', taskId: 't1', data: { x: 1 }, recordVersion: 3 };
    await ACTIONS.approve.run(client, target, { comment: 'ok', signature: 's' });
    expect(client.tasks.approve).toHaveBeenCalledWith('t1', {
      comment: 'ok',
      signature: 's',
      data: { x: 1 },
      recordVersion: 3,
    });
    await ACTIONS.reject.run(client, target, { rejectTo: { kind: 'node', nodeId: 'manager' } });
    expect(client.tasks.reject).toHaveBeenCalledWith('t1', { to: { nodeId: 'manager' } });
    await ACTIONS.addApprover.run(client, target, { users: ['c'], position: 'before' });
    expect(client.tasks.addApprover).toHaveBeenCalledWith('t1', { users: ['c'], position: 'before' });
    await ACTIONS.withdraw.run(client, target, {});
    expect(client.workflow.withdraw).toHaveBeenCalledWith({ appId: 'a', formId: 'f' }, 'r', {});
    await ACTIONS.submit.run(client, { ...target, taskId: undefined }, {});
    expect(client.workflow.submit).toHaveBeenCalled();
    expect(rejectTo({ kind: 'start' })).toBe('start');
  });
});

describe('field access overlay', () => {
  const form = {
    id: 'f',
    name: { en: 'F' },
    fields: [
      { id: 'amount', type: 'number', label: { en: 'Amount' }, config: {} },
      { id: 'note', type: 'text', label: { en: 'Note' }, config: {} },
      { id: 'secret', type: 'text', label: { en: 'Secret' }, config: {} },
      { id: 'reason', type: 'text', label: { en: 'Reason' }, required: true, config: {} },
    ],
    layout: [],
  } as unknown as FormDefinition;

  it('turns node access into hidden / read-only / required flags the renderer honours', () => {
    const shown = formForAccess(form, { amount: 'read', note: 'required', secret: 'hidden' });
    const by = Object.fromEntries(shown.fields.map((f) => [f.id, f]));
    expect(by.amount).toMatchObject({ readOnly: true, required: false });
    expect(by.note).toMatchObject({ readOnly: false, required: true });
    expect(by.secret).toMatchObject({ hidden: true });
    // Not listed: read-only, and its form-level "required" does not block an approver.
    expect(by.reason).toMatchObject({ readOnly: true, required: false });
  });

  it('sends only changed values of editable fields', () => {
    expect(
      changedEditable(
        { amount: 5, note: 'new', secret: 'x' },
        { amount: 5, note: 'old' },
        {
          amount: 'edit',
          note: 'required',
          secret: 'read',
        },
      ),
    ).toEqual({ note: 'new' });
  });
});

describe('inbox formatting', () => {
  const tx = workflowTexts('en');
  const item: TaskListItem = {
    instanceId: 'i',
    appId: 'a',
    formId: 'f',
    recordId: 'r 1',
    title: 'Laptop',
    nodeId: 'manager',
    nodeName: { en: 'Manager' },
    status: 'pending',
    submitter: 'a',
    createdAt: at(1),
  };

  it('tags rows by what the box means', () => {
    expect(statusTag('todo', item, tx)).toEqual({ text: 'Pending', color: 'processing' });
    expect(statusTag('done', { ...item, status: 'done', outcome: 'rejected' }, tx)).toEqual({
      text: 'Rejected',
      color: 'error',
    });
    expect(statusTag('initiated', { ...item, status: 'approved' }, tx)).toEqual({
      text: 'Approved',
      color: 'success',
    });
  });

  it('links to the process page and reads the box from the URL', () => {
    expect(processPath(item)).toBe('/apps/a/forms/f/records/r%201/process');
    expect(boxFromSearch('?box=cc')).toBe('cc');
    expect(boxFromSearch('?box=evil')).toBe('todo');
  });
});
