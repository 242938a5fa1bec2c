import { CURRENT_FORMAT_VERSION, validateAppDefinition, type AppDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import {
  applyAutomationCommand,
  AutomationCommandError,
  automationsOf,
  MAX_ACTIONS,
  retargetAction,
  type AutomationCommand,
} from '../../src/automations/core/commands';
import {
  actionKind,
  actionKinds,
  ACTION_TYPES,
  keyCandidates,
  TRIGGER_TYPES,
  triggerKind,
  triggerKinds,
  writableFields,
} from '../../src/automations/core/kinds';
import { outcomeView } from '../../src/automations/core/outcome';
import { namesIn, triggerSummary, actionSummary } from '../../src/automations/core/summary';
import { createAutomationStore } from '../../src/automations/store/automation-store';

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** Orders (with lines and an approval) and shipments (with lines): the designer's story. */
const app = {
  id: 'sales',
  name: text('销售', 'Sales'),
  formatVersion: CURRENT_FORMAT_VERSION,
  forms: [
    {
      id: 'orders',
      name: text('订单', 'Orders'),
      workflowId: 'order_flow',
      fields: [
        { id: 'no', type: 'text', label: text('单号', 'No.'), unique: true, config: {} },
        { id: 'customer', type: 'text', label: text('客户', 'Customer'), config: {} },
        {
          id: 'total',
          type: 'formula',
          label: text('合计', 'Total'),
          config: { formula: '1', resultType: 'number' },
        },
        {
          id: 'lines',
          type: 'subform',
          label: text('明细', 'Lines'),
          config: {
            fields: [
              { id: 'sku', type: 'text', label: text('货品', 'SKU'), config: {} },
              { id: 'qty', type: 'number', label: text('数量', 'Qty'), config: {} },
            ],
          },
        },
      ],
    },
    {
      id: 'shipments',
      name: text('发货单', 'Shipments'),
      fields: [
        { id: 'order_no', type: 'text', label: text('订单号', 'Order no.'), config: {} },
        { id: 'customer', type: 'text', label: text('客户', 'Customer'), config: {} },
        {
          id: 'items',
          type: 'subform',
          label: text('发货明细', 'Items'),
          config: {
            fields: [
              { id: 'sku', type: 'text', label: text('货品', 'SKU'), config: {} },
              { id: 'qty', type: 'number', label: text('数量', 'Qty'), config: {} },
            ],
          },
        },
      ],
    },
  ],
  workflows: [
    {
      id: 'order_flow',
      name: text('订单审批', 'Order approval'),
      form: 'orders',
      nodes: [
        { id: 'start', type: 'start', next: 'approve' },
        {
          id: 'approve',
          type: 'approve',
          name: text('主管审批', 'Manager'),
          assignees: [{ kind: 'users', ids: ['u1'] }],
          next: 'end',
        },
        { id: 'end', type: 'end' },
      ],
    },
  ],
} as unknown as AppDefinition;

const run = (cmds: AutomationCommand[], from = app) => cmds.reduce(applyAutomationCommand, from);
const only = (a: AppDefinition) => automationsOf(a)[0]!;

/** "When an order is approved, create a shipment with its lines", as the designer builds it. */
const shipmentStory: AutomationCommand[] = [
  {
    type: 'addAutomation',
    name: text('发货', 'Ship'),
    trigger: triggerKinds.workflow.make(app, 'orders')!,
    action: actionKinds.create.make(app, 'shipments')!,
  },
  {
    type: 'setMapping',
    id: 'automation_1',
    index: 0,
    at: 'values',
    field: 'order_no',
    value: { kind: 'field', field: 'no' },
  },
  {
    type: 'setMapping',
    id: 'automation_1',
    index: 0,
    at: 'values',
    field: 'customer',
    value: { kind: 'formula', expression: 'UPPER({customer})' },
  },
  {
    type: 'setMapping',
    id: 'automation_1',
    index: 0,
    at: 'values',
    field: 'items',
    value: {
      kind: 'rows',
      from: 'lines',
      values: [
        { field: 'sku', value: { kind: 'row', field: 'sku' } },
        { field: 'qty', value: { kind: 'row', field: 'qty' } },
      ],
    },
  },
];

describe('automation commands', () => {
  it('builds "when an order is approved, create a shipment with its lines" as a valid definition', () => {
    const next = run(shipmentStory);
    const a = only(next);
    expect(a).toMatchObject({
      id: 'automation_1',
      enabled: false,
      trigger: { type: 'workflow', workflow: 'order_flow', event: 'approved' },
      actions: [{ type: 'create', form: 'shipments' }],
    });
    expect(a.actions[0]).toMatchObject({
      values: [
        { field: 'order_no', value: { kind: 'field', field: 'no' } },
        { field: 'customer', value: { kind: 'formula' } },
        { field: 'items', value: { kind: 'rows', from: 'lines' } },
      ],
    });
    // The schema and the semantic checks (checkAutomations) accept what the designer made.
    const checked = validateAppDefinition(next);
    expect(checked.ok ? [] : checked.issues).toEqual([]);
  });

  it('replaces a mapping in place and removes it with null', () => {
    const next = run([
      ...shipmentStory,
      {
        type: 'setMapping',
        id: 'automation_1',
        index: 0,
        at: 'values',
        field: 'order_no',
        value: { kind: 'static', value: 'X' },
      },
      { type: 'setMapping', id: 'automation_1', index: 0, at: 'values', field: 'customer', value: null },
    ]);
    const values = (only(next).actions[0] as { values: { field: string }[] }).values;
    expect(values.map((m) => m.field)).toEqual(['order_no', 'items']);
    expect(values[0]).toEqual({ field: 'order_no', value: { kind: 'static', value: 'X' } });
  });

  it('maps match fields of update/delete and refuses a mapping where the action has none', () => {
    let next = run([
      ...shipmentStory,
      { type: 'addAction', id: 'automation_1', action: actionKinds.update.make(app, 'shipments')! },
      {
        type: 'setMapping',
        id: 'automation_1',
        index: 1,
        at: 'match',
        field: 'order_no',
        value: { kind: 'field', field: 'no' },
      },
    ]);
    expect(only(next).actions[1]).toMatchObject({
      records: { kind: 'match', match: [{ field: 'order_no' }] },
    });
    next = run(
      [{ type: 'addAction', id: 'automation_1', action: actionKind('notify').make(app, null)! }],
      next,
    );
    expect(() =>
      applyAutomationCommand(next, {
        type: 'setMapping',
        id: 'automation_1',
        index: 2,
        at: 'values',
        field: 'x',
        value: { kind: 'static', value: 1 },
      }),
    ).toThrow(AutomationCommandError);
  });

  it('sets and clears both condition sides; an empty group is no condition', () => {
    const filter = { kind: 'cmp', field: 'customer', op: 'eq', value: 'ACME' } as const;
    let next = run([
      ...shipmentStory,
      { type: 'setCondition', id: 'automation_1', side: 'new', filter },
      { type: 'setCondition', id: 'automation_1', side: 'old', filter },
    ]);
    expect(only(next).condition).toEqual({ new: filter, old: filter });
    next = run(
      [{ type: 'setCondition', id: 'automation_1', side: 'old', filter: { kind: 'and', items: [] } }],
      next,
    );
    expect(only(next).condition).toEqual({ new: filter });
    next = run([{ type: 'setCondition', id: 'automation_1', side: 'new', filter: null }], next);
    expect('condition' in only(next)).toBe(false);
  });

  it('drops the condition when the trigger moves to another form, keeps it on the same form', () => {
    const filter = { kind: 'cmp', field: 'customer', op: 'eq', value: 'ACME' } as const;
    const base = run([...shipmentStory, { type: 'setCondition', id: 'automation_1', side: 'new', filter }]);
    const sameForm = run(
      [
        {
          type: 'setTrigger',
          id: 'automation_1',
          trigger: { type: 'record', form: 'orders', events: ['updated'] },
        },
      ],
      base,
    );
    expect(only(sameForm).condition).toEqual({ new: filter });
    const otherForm = run(
      [
        {
          type: 'setTrigger',
          id: 'automation_1',
          trigger: { type: 'record', form: 'shipments', events: ['created'] },
        },
      ],
      base,
    );
    expect('condition' in only(otherForm)).toBe(false);
  });

  it('adds, moves and removes actions within the limits', () => {
    const notify = actionKind('notify').make(app, null)!;
    let next = run([...shipmentStory, { type: 'addAction', id: 'automation_1', action: notify }]);
    next = run([{ type: 'moveAction', id: 'automation_1', index: 1, to: 0 }], next);
    expect(only(next).actions.map((a) => a.type)).toEqual(['notify', 'create']);
    next = run([{ type: 'removeAction', id: 'automation_1', index: 0 }], next);
    expect(only(next).actions.map((a) => a.type)).toEqual(['create']);
    expect(() => run([{ type: 'removeAction', id: 'automation_1', index: 0 }], next)).toThrow(
      /at least one action/,
    );
    expect(() => run([{ type: 'removeAction', id: 'automation_1', index: 5 }], next)).toThrow(/no action 5/);
    let full = next;
    for (let i = 1; i < MAX_ACTIONS; i++)
      full = run([{ type: 'addAction', id: 'automation_1', action: notify }], full);
    expect(() => run([{ type: 'addAction', id: 'automation_1', action: notify }], full)).toThrow(
      /at most 20/,
    );
  });

  it('duplicates after the source, switched off, with a fresh id; renames and removes', () => {
    let next = run([
      ...shipmentStory,
      {
        type: 'addAutomation',
        name: text('B', 'B'),
        trigger: triggerKind('schedule').make(app, null)!,
        action: actionKind('notify').make(app, null)!,
      },
    ]);
    next = { ...next, automations: automationsOf(next).map((a) => ({ ...a, enabled: true })) };
    next = run(
      [{ type: 'duplicateAutomation', id: 'automation_1', suffix: text('（副本）', ' (copy)') }],
      next,
    );
    expect(automationsOf(next).map((a) => [a.id, a.name.en, a.enabled])).toEqual([
      ['automation_1', 'Ship', true],
      ['automation_3', 'Ship (copy)', false],
      ['automation_2', 'B', true],
    ]);
    next = run([{ type: 'renameAutomation', id: 'automation_3', name: text('发货 2', 'Ship 2') }], next);
    next = run([{ type: 'removeAutomation', id: 'automation_1' }], next);
    expect(automationsOf(next).map((a) => a.name.en)).toEqual(['Ship 2', 'B']);
    next = run(
      [
        { type: 'removeAutomation', id: 'automation_3' },
        { type: 'removeAutomation', id: 'automation_2' },
      ],
      next,
    );
    expect('automations' in next).toBe(false);
    expect(() => run([{ type: 'renameAutomation', id: 'nope', name: text('x', 'x') }], next)).toThrow(
      AutomationCommandError,
    );
  });

  it('retargets a record action: mapping, key and row choice start over; trigger selectors stay', () => {
    const shipments = app.forms[1]!;
    expect(
      retargetAction(
        {
          type: 'create',
          form: 'orders',
          forEachRow: 'lines',
          values: [{ field: 'no', value: { kind: 'static', value: 1 } }],
        },
        { form: shipments },
      ),
    ).toEqual({ type: 'create', form: 'shipments', values: [] });
    expect(
      retargetAction(
        { type: 'upsert', form: 'shipments', key: 'order_no', values: [] },
        { app: 'other', form: app.forms[0]! },
      ),
    ).toEqual({
      type: 'upsert',
      app: 'other',
      form: 'orders',
      key: 'no',
      values: [],
    });
    expect(
      retargetAction({ type: 'delete', form: 'orders', records: { kind: 'trigger' } }, { form: shipments }),
    ).toEqual({
      type: 'delete',
      form: 'shipments',
      records: { kind: 'trigger' },
    });
  });
});

describe('automation kinds', () => {
  it('makes a valid starting trigger and action of every type for the app', () => {
    for (const type of TRIGGER_TYPES) {
      for (const actionType of ACTION_TYPES) {
        const next = run([
          {
            type: 'addAutomation',
            name: text('x', 'x'),
            trigger: triggerKinds[type].make(app, 'orders')!,
            action: actionKinds[actionType].make(app, 'shipments')!,
          },
        ]);
        const checked = validateAppDefinition(next);
        // A new upsert's key is not mapped yet: the semantic checks say so until it is.
        const expected = actionType !== 'upsert';
        expect({ type, actionType, ok: checked.ok }).toEqual({ type, actionType, ok: expected });
      }
    }
  });

  it('offers writable fields only, and unique scalar fields first as upsert keys', () => {
    const orders = app.forms[0]!;
    expect(writableFields(orders).map((f) => f.id)).toEqual(['no', 'customer', 'lines']);
    expect(keyCandidates(orders).map((f) => f.id)).toEqual(['no', 'customer']);
  });

  it('finds the form a workflow trigger is about', () => {
    expect(
      triggerKinds.workflow.form({ type: 'workflow', workflow: 'order_flow', event: 'approved' }, app),
    ).toBe('orders');
    expect(triggerKinds.schedule.form()).toBeNull();
  });
});

describe('summaries and outcomes', () => {
  const t = (key: string, values?: Record<string, unknown>) =>
    `${key}${values ? JSON.stringify(values) : ''}`;
  it('describes triggers and actions with names, not ids', () => {
    const names = namesIn(app, 'en');
    expect(
      triggerSummary(
        { type: 'workflow', workflow: 'order_flow', event: 'node_reached', node: 'approve' },
        t,
        names,
      ),
    ).toBe(
      'summary.workflow{"workflow":"Order approval","event":"summary.nodeReached{\\"node\\":\\"Manager\\"}"}',
    );
    expect(
      triggerSummary(
        { type: 'record', form: 'orders', events: ['created', 'updated'], fields: ['customer'] },
        t,
        names,
      ),
    ).toContain('"form":"Orders"');
    expect(actionSummary({ type: 'create', form: 'shipments', values: [] }, t, namesIn(app, 'zh-CN'))).toBe(
      'summary.action.create{"form":"发货单"}',
    );
  });

  it('turns action results into written records, recipients and the webhook sent', () => {
    expect(
      outcomeView({
        created: [{ formId: 'shipments', id: 'r1', data: { order_no: 'A1' } }],
        updated: [{ formId: 'orders', id: 'r2', data: { no: 'A1' } }],
        deleted: [{ formId: 'orders', id: 'r3' }],
        notified: ['u1'],
        webhook: { url: 'https://x.test', method: 'POST', body: '{}' },
        skipped: ['u9'],
      }),
    ).toEqual({
      records: [
        { verb: 'created', formId: 'shipments', id: 'r1', data: { order_no: 'A1' } },
        { verb: 'updated', formId: 'orders', id: 'r2', data: { no: 'A1' } },
        { verb: 'deleted', formId: 'orders', id: 'r3', data: null },
      ],
      notified: ['u1'],
      webhook: { url: 'https://x.test', method: 'POST', body: '{}' },
      other: { skipped: ['u9'] },
    });
    expect(outcomeView(undefined)).toEqual({ records: [], notified: [], webhook: null, other: {} });
  });
});

describe('automation store', () => {
  it('selects what was added or duplicated, undoes and redoes, and is clean again after a save', () => {
    const store = createAutomationStore({ app, version: 3 });
    const s = () => store.getState();
    expect(s().selected).toBeNull();
    expect(s().dispatch(shipmentStory[0]!)).toEqual({ ok: true });
    expect(s().selected).toBe('automation_1');
    expect(s().dirty).toBe(true);
    s().dispatch({ type: 'duplicateAutomation', id: 'automation_1', suffix: text('2', '2') });
    expect(s().selected).toBe('automation_2');
    s().undo();
    expect(automationsOf(s().app)).toHaveLength(1);
    expect(s().selected).toBeNull();
    s().redo();
    expect(automationsOf(s().app)).toHaveLength(2);
    s().markSaved(s().app, 4);
    expect(s().dirty).toBe(false);
    expect(s().baseVersion).toBe(4);
    const refused = s().dispatch({ type: 'removeAction', id: 'automation_1', index: 0 });
    expect(refused.ok).toBe(false);
    expect(s().dirty).toBe(false);
  });

  it('coalesces typing in one name into one undo step', () => {
    const store = createAutomationStore({
      app: run(shipmentStory.slice(0, 1)),
      version: 1,
      selected: 'automation_1',
    });
    const s = () => store.getState();
    for (const en of ['S', 'Sh', 'Shi', 'Ship it'])
      s().dispatch(
        { type: 'renameAutomation', id: 'automation_1', name: text('发货', en) },
        { coalesceKey: 'name' },
      );
    expect(only(s().app).name.en).toBe('Ship it');
    s().undo();
    expect(only(s().app).name.en).toBe('Ship');
  });
});
