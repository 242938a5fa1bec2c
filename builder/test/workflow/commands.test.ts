import type { AppDefinition, WorkflowDefinition, WorkflowNode } from '@tangram/schema';
import { validateAppDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { applyWorkflowCommand, type WorkflowCommand } from '../../src/workflow/core/commands';
import { DEFAULT_LANE, toFlowTree, type Block } from '../../src/workflow/core/flow-tree';
import { createWorkflowStore, workflowOf } from '../../src/workflow/store/workflow-store';

function baseApp(): AppDefinition {
  return {
    id: 'app1',
    name: { en: 'App' },
    formatVersion: 1,
    forms: [
      {
        id: 'orders',
        name: { 'zh-CN': '订单', en: 'Orders' },
        fields: [
          { id: 'amount', type: 'number', label: { en: 'Amount' }, config: {} },
          { id: 'note', type: 'text', label: { en: 'Note' }, config: {} },
        ],
      },
    ],
  } as AppDefinition;
}

const wf = (app: AppDefinition): WorkflowDefinition => workflowOf(app, 'orders') as WorkflowDefinition;
const node = (app: AppDefinition, id: string): WorkflowNode =>
  wf(app).nodes.find((n) => n.id === id) as WorkflowNode;
type Cmd = WorkflowCommand extends infer C
  ? C extends { workflowId: string }
    ? Omit<C, 'workflowId'>
    : never
  : never;
const run = (app: AppDefinition, ...cmds: Cmd[]) =>
  cmds.reduce((a, c) => applyWorkflowCommand(a, { workflowId: wf(a)?.id, ...c } as WorkflowCommand), app);
const shape = (blocks: readonly Block[]): unknown[] =>
  blocks.map((b) =>
    b.kind === 'step' ? b.node.id : { [b.node.id]: b.lanes.map((l) => [l.key, ...shape(l.blocks)]) },
  );
const layout = (app: AppDefinition) => shape(toFlowTree(wf(app)).blocks);
const root = { owner: null } as const;

const enabled = () => applyWorkflowCommand(baseApp(), { type: 'enableWorkflow', formId: 'orders' });

describe('workflow commands', () => {
  it('enables a default start -> approve -> end flow attached to the form', () => {
    const app = enabled();
    expect(app.forms[0]?.workflowId).toBe('workflow1');
    expect(wf(app).form).toBe('orders');
    expect(wf(app).nodes.map((n) => n.type)).toEqual(['start', 'approve', 'end']);
    expect(() => applyWorkflowCommand(app, { type: 'enableWorkflow', formId: 'orders' })).toThrow(/already/);
  });

  it('turns the workflow off: the form link and the definition go', () => {
    const app = applyWorkflowCommand(enabled(), { type: 'disableWorkflow', formId: 'orders' });
    expect(app.forms[0]?.workflowId).toBeUndefined();
    expect(app.workflows).toEqual([]);
    expect(validateAppDefinition(app).ok).toBe(true);
    expect(applyWorkflowCommand(app, { type: 'disableWorkflow', formId: 'orders' })).toBe(app);
    // And on again: a fresh default flow.
    const again = applyWorkflowCommand(app, { type: 'enableWorkflow', formId: 'orders' });
    expect(wf(again).nodes.map((n) => n.id)).toEqual(['start', 'approve1', 'end']);
  });

  it('inserts steps at "+" slots and keeps the graph linked in order', () => {
    const app = run(
      enabled(),
      { type: 'insertBlock', at: { lane: root, index: 1 }, block: 'approve' },
      { type: 'insertBlock', at: { lane: root, index: 0 }, block: 'cc' },
    );
    expect(layout(app)).toEqual(['cc1', 'approve1', 'approve2']);
    expect(node(app, 'start')).toMatchObject({ next: 'cc1' });
    expect(node(app, 'approve2')).toMatchObject({ next: 'end' });
  });

  it('inserts a branch with two conditions and a default path, and a fork ending in its join', () => {
    const app = run(
      enabled(),
      { type: 'insertBlock', at: { lane: root, index: 1 }, block: 'branch' },
      { type: 'insertBlock', at: { lane: root, index: 2 }, block: 'fork' },
    );
    expect(layout(app)).toEqual([
      'approve1',
      { branch1: [['path1'], ['path2'], [DEFAULT_LANE]] },
      {
        fork1: [
          ['0', 'approve2'],
          ['1', 'approve3'],
        ],
      },
    ]);
    expect(node(app, 'branch1')).toMatchObject({ defaultNext: 'fork1' });
    expect(node(app, 'fork1')).toMatchObject({ next: ['approve2', 'approve3'], join: 'join1' });
    expect(node(app, 'join1')).toMatchObject({ next: 'end' });
  });

  it('deletes a node and a whole branch', () => {
    let app = run(
      enabled(),
      { type: 'insertBlock', at: { lane: root, index: 1 }, block: 'branch' },
      { type: 'insertBlock', at: { lane: { owner: 'branch1', lane: 'path1' }, index: 0 }, block: 'approve' },
    );
    expect(layout(app)).toEqual([
      'approve1',
      { branch1: [['path1', 'approve2'], ['path2'], [DEFAULT_LANE]] },
    ]);
    app = run(app, { type: 'removeBlock', nodeId: 'approve1' });
    expect(layout(app)).toEqual([{ branch1: [['path1', 'approve2'], ['path2'], [DEFAULT_LANE]] }]);
    app = run(app, { type: 'removeBlock', nodeId: 'branch1' });
    expect(layout(app)).toEqual([]);
    expect(wf(app).nodes.map((n) => n.id)).toEqual(['start', 'end']);
    expect(() => run(app, { type: 'removeBlock', nodeId: 'start' })).toThrow(/start and end/);
  });

  it('moves a node to another slot, into a lane and back, but never into itself', () => {
    let app = run(
      enabled(),
      { type: 'insertBlock', at: { lane: root, index: 1 }, block: 'fill' },
      { type: 'insertBlock', at: { lane: root, index: 2 }, block: 'branch' },
    );
    app = run(app, { type: 'moveBlock', nodeId: 'approve1', to: { lane: root, index: 2 } });
    expect(layout(app)).toEqual(['fill1', 'approve1', { branch1: [['path1'], ['path2'], [DEFAULT_LANE]] }]);
    // Onto its own neighbouring slots: nothing changes.
    expect(run(app, { type: 'moveBlock', nodeId: 'approve1', to: { lane: root, index: 1 } })).toBe(app);
    app = run(app, {
      type: 'moveBlock',
      nodeId: 'fill1',
      to: { lane: { owner: 'branch1', lane: 'path2' }, index: 0 },
    });
    expect(layout(app)).toEqual(['approve1', { branch1: [['path1'], ['path2', 'fill1'], [DEFAULT_LANE]] }]);
    expect(node(app, 'branch1')).toMatchObject({
      branches: [{ next: 'end' }, { next: 'fill1' }],
      defaultNext: 'end',
    });
    expect(() =>
      run(app, {
        type: 'moveBlock',
        nodeId: 'branch1',
        to: { lane: { owner: 'branch1', lane: 'path1' }, index: 0 },
      }),
    ).toThrow(/into itself/);
  });

  it('adds and removes branch paths; the default stays, the last condition dissolves the branch', () => {
    let app = run(enabled(), { type: 'insertBlock', at: { lane: root, index: 1 }, block: 'branch' });
    app = run(app, { type: 'addLane', nodeId: 'branch1' });
    expect(layout(app)).toEqual(['approve1', { branch1: [['path1'], ['path2'], ['path3'], [DEFAULT_LANE]] }]);
    expect(() => run(app, { type: 'removeLane', nodeId: 'branch1', lane: DEFAULT_LANE })).toThrow(/default/);
    app = run(
      app,
      { type: 'insertBlock', at: { lane: { owner: 'branch1', lane: DEFAULT_LANE }, index: 0 }, block: 'cc' },
      { type: 'removeLane', nodeId: 'branch1', lane: 'path1' },
      { type: 'removeLane', nodeId: 'branch1', lane: 'path3' },
    );
    expect(layout(app)).toEqual(['approve1', { branch1: [['path2'], [DEFAULT_LANE, 'cc1']] }]);
    app = run(app, { type: 'removeLane', nodeId: 'branch1', lane: 'path2' });
    expect(layout(app)).toEqual(['approve1', 'cc1']);
  });

  it('adds and removes fork lanes, renumbering them', () => {
    let app = run(enabled(), { type: 'insertBlock', at: { lane: root, index: 0 }, block: 'fork' });
    app = run(app, { type: 'addLane', nodeId: 'fork1' });
    expect(layout(app)[0]).toEqual({ fork1: [['0', 'approve2'], ['1', 'approve3'], ['2']] });
    app = run(app, { type: 'removeLane', nodeId: 'fork1', lane: '0' });
    expect(layout(app)[0]).toEqual({ fork1: [['0', 'approve3'], ['1']] });
    app = run(app, { type: 'removeLane', nodeId: 'fork1', lane: '1' });
    expect(layout(app)).toEqual(['approve3', 'approve1']);
  });

  it('sets field access per field and for all fields, removing with null', () => {
    let app = run(
      enabled(),
      { type: 'setFieldAccess', nodeId: 'approve1', fieldId: 'note', access: 'edit' },
      { type: 'setFieldAccess', nodeId: 'approve1', fieldId: 'amount', access: 'hidden' },
      { type: 'setFieldAccess', nodeId: 'approve1', fieldId: 'note', access: 'required' },
    );
    expect(node(app, 'approve1')).toMatchObject({
      fields: [
        { field: 'note', access: 'required' },
        { field: 'amount', access: 'hidden' },
      ],
    });
    app = run(app, {
      type: 'setAllFieldAccess',
      nodeId: 'approve1',
      fieldIds: ['amount', 'note'],
      access: 'read',
    });
    expect(node(app, 'approve1')).toMatchObject({
      fields: [
        { field: 'note', access: 'read' },
        { field: 'amount', access: 'read' },
      ],
    });
    app = run(app, { type: 'setFieldAccess', nodeId: 'approve1', fieldId: 'note', access: null });
    expect(node(app, 'approve1')).toMatchObject({ fields: [{ field: 'amount', access: 'read' }] });
    expect(() =>
      run(app, { type: 'setFieldAccess', nodeId: 'end', fieldId: 'note', access: 'read' }),
    ).toThrow();
  });

  it('updates node properties and paths without touching links', () => {
    const app = run(
      enabled(),
      { type: 'insertBlock', at: { lane: root, index: 1 }, block: 'branch' },
      {
        type: 'updateNode',
        nodeId: 'approve1',
        patch: {
          assignees: [{ kind: 'users', ids: ['u1'] }],
          mode: 'all',
          next: 'hijack',
          commentRequired: undefined,
        },
      },
      {
        type: 'updatePath',
        nodeId: 'branch1',
        pathId: 'path1',
        patch: { condition: { kind: 'cmp', field: 'amount', op: 'gt', value: 10000 } },
      },
    );
    expect(node(app, 'approve1')).toMatchObject({
      assignees: [{ kind: 'users', ids: ['u1'] }],
      mode: 'all',
      next: 'branch1',
    });
    expect(node(app, 'branch1')).toMatchObject({
      branches: [{ id: 'path1', condition: { op: 'gt' } }, { id: 'path2' }],
    });
  });

  it('produces definitions that pass the schema', () => {
    const app = run(
      enabled(),
      { type: 'updateNode', nodeId: 'approve1', patch: { assignees: [{ kind: 'submitter' }] } },
      { type: 'insertBlock', at: { lane: root, index: 1 }, block: 'branch' },
      { type: 'insertBlock', at: { lane: { owner: 'branch1', lane: 'path1' }, index: 0 }, block: 'cc' },
      { type: 'updateNode', nodeId: 'cc1', patch: { recipients: [{ kind: 'submitter' }] } },
    );
    // A new branch's first path holds for every record until it gets a condition.
    const fresh = validateAppDefinition(app);
    expect(fresh.ok ? [] : fresh.issues.map((i) => i.code)).toEqual(['condition_always_true']);
    const narrowed = run(app, {
      type: 'updatePath',
      nodeId: 'branch1',
      pathId: 'path1',
      patch: { condition: { kind: 'cmp', field: 'amount', op: 'gt', value: 10000 } },
    });
    const checked = validateAppDefinition(narrowed);
    expect(checked.ok ? [] : checked.issues).toEqual([]);
  });

  it('keeps nested branches and forks valid for the engine checks, and reports what is missing', () => {
    const users = { assignees: [{ kind: 'submitter' }] };
    let app = run(
      enabled(),
      { type: 'updateNode', nodeId: 'approve1', patch: users },
      { type: 'insertBlock', at: { lane: root, index: 1 }, block: 'branch' },
      { type: 'insertBlock', at: { lane: { owner: 'branch1', lane: 'path2' }, index: 0 }, block: 'fork' },
      { type: 'updateNode', nodeId: 'approve2', patch: users },
      { type: 'updateNode', nodeId: 'approve3', patch: users },
      { type: 'addLane', nodeId: 'fork1' },
      { type: 'insertBlock', at: { lane: { owner: 'fork1', lane: '2' }, index: 0 }, block: 'automation' },
      { type: 'updateNode', nodeId: 'automation1', patch: { hook: 'notify' } },
      {
        type: 'updatePath',
        nodeId: 'branch1',
        pathId: 'path1',
        patch: { condition: { kind: 'cmp', field: 'amount', op: 'gt', value: 10000 } },
      },
    );
    expect(layout(app)).toEqual([
      'approve1',
      {
        branch1: [
          ['path1'],
          [
            'path2',
            {
              fork1: [
                ['0', 'approve2'],
                ['1', 'approve3'],
                ['2', 'automation1'],
              ],
            },
          ],
          [DEFAULT_LANE],
        ],
      },
    ]);
    const checked = validateAppDefinition(app);
    expect(checked.ok ? [] : checked.issues).toEqual([]);
    // A timeout that escalates to nobody: reported on the node's timeout.
    app = run(app, {
      type: 'updateNode',
      nodeId: 'approve2',
      patch: { timeout: { remindAfterMinutes: 60, actAfterMinutes: 120, action: 'escalate' } },
    });
    const again = validateAppDefinition(app);
    const paths = again.ok ? [] : again.issues.map((i) => i.path);
    const index = wf(app).nodes.findIndex((n) => n.id === 'approve2');
    expect(paths).toContain(`/workflows/0/nodes/${index}/timeout/escalateTo`);
  });
});

describe('workflow store', () => {
  it('undoes and redoes every structural command exactly, tracking dirty', () => {
    const start = enabled();
    const store = createWorkflowStore({ app: start, version: 2, formId: 'orders', now: () => 0 });
    const id = wf(start).id;
    const cmds: WorkflowCommand[] = [
      { type: 'insertBlock', workflowId: id, at: { lane: root, index: 1 }, block: 'branch' },
      { type: 'addLane', workflowId: id, nodeId: 'branch1' },
      {
        type: 'moveBlock',
        workflowId: id,
        nodeId: 'approve1',
        to: { lane: { owner: 'branch1', lane: 'path1' }, index: 0 },
      },
      { type: 'setFieldAccess', workflowId: id, nodeId: 'approve1', fieldId: 'note', access: 'edit' },
      { type: 'removeLane', workflowId: id, nodeId: 'branch1', lane: 'path2' },
      { type: 'removeBlock', workflowId: id, nodeId: 'branch1' },
    ];
    const states = [store.getState().app];
    for (const cmd of cmds) {
      expect(store.getState().dispatch(cmd)).toEqual({ ok: true });
      states.push(store.getState().app);
    }
    expect(store.getState().dirty).toBe(true);
    for (let i = cmds.length - 1; i >= 0; i--) {
      store.getState().undo();
      expect(store.getState().app).toEqual(states[i]);
    }
    expect(store.getState().dirty).toBe(false);
    for (let i = 1; i <= cmds.length; i++) {
      store.getState().redo();
      expect(store.getState().app).toEqual(states[i]);
    }
  });

  it('reports a refused command without changing the document', () => {
    const store = createWorkflowStore({ app: enabled(), version: 1, formId: 'orders' });
    const before = store.getState().app;
    const result = store.getState().dispatch({ type: 'removeBlock', workflowId: 'workflow1', nodeId: 'end' });
    expect(result.ok).toBe(false);
    expect(store.getState().app).toBe(before);
    expect(store.getState().past).toEqual([]);
  });

  it('drops the selection when its node goes away', () => {
    const store = createWorkflowStore({ app: enabled(), version: 1, formId: 'orders' });
    store.getState().select({ nodeId: 'approve1' });
    store.getState().dispatch({ type: 'removeBlock', workflowId: 'workflow1', nodeId: 'approve1' });
    expect(store.getState().selection).toBeNull();
    store.getState().setIssues([{ path: '/workflows/0/nodes/1', code: 'x', message: 'x' }]);
    store.getState().undo();
    expect(store.getState().app.workflows?.[0]?.nodes.map((n) => n.id)).toContain('approve1');
    // Server pointers use indexes of the document sent: they go when history moves.
    expect(store.getState().issues).toEqual([]);
  });
});
