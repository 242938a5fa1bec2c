import type { AutomationDefinition, FieldDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { conditionHolds } from '../src/automations/condition';
import { mapValues, MappingError, rowsOf, type MappingScope } from '../src/automations/actions/value-mapping';
import { nextTick } from '../src/automations/schedules';
import { firedAutomations, type OutboxEvent } from '../src/automations/triggers';

// The pure parts of the automation engine: which automations an event fires, conditions over old
// and new values, field mapping and cron ticks in a time zone.

const l = (en: string) => ({ en });
const auto = (id: string, trigger: AutomationDefinition['trigger']): AutomationDefinition => ({
  id,
  name: l(id),
  trigger,
  actions: [{ type: 'notify', title: l('x') }],
});
const ev = (topic: string, payload: Record<string, unknown>): OutboxEvent => ({
  id: '1',
  orgId: 'o',
  topic,
  payload: { appId: 'a', ...(topic.startsWith('record.') ? { record: {} } : {}), ...payload },
});

describe('triggers', () => {
  const list = [
    auto('created', { type: 'record', form: 'orders', events: ['created'] }),
    auto('statusOnly', { type: 'record', form: 'orders', events: ['updated'], fields: ['status'] }),
    auto('anyUpdate', { type: 'record', form: 'orders', events: ['updated', 'deleted'] }),
    auto('approved', { type: 'workflow', workflow: 'wf', event: 'approved' }),
    auto('finished', { type: 'workflow', workflow: 'wf', event: 'finished' }),
    auto('atMgr', { type: 'workflow', workflow: 'wf', event: 'node_reached', node: 'mgr' }),
    auto('hook', { type: 'workflow', workflow: 'wf', event: 'hook', hook: 'h1' }),
    auto('button', { type: 'button', form: 'orders', label: l('Go') }),
  ];
  const ids = (event: OutboxEvent) => firedAutomations(list, event).map((a) => a.id);

  it('matches record events by form, kind and changed fields', () => {
    expect(ids(ev('record.created', { formId: 'orders' }))).toEqual(['created']);
    expect(ids(ev('record.created', { formId: 'other' }))).toEqual([]);
    expect(ids(ev('record.updated', { formId: 'orders', fields: ['note'] }))).toEqual(['anyUpdate']);
    expect(ids(ev('record.updated', { formId: 'orders', fields: ['note', 'status'] }))).toEqual([
      'statusOnly',
      'anyUpdate',
    ]);
    expect(ids(ev('record.deleted', { formId: 'orders' }))).toEqual(['anyUpdate']);
    expect(ids(ev('record.restored', { formId: 'orders' }))).toEqual([]);
  });

  it('fires nothing on a record event written without its record (nobody listened then)', () => {
    const slim = ev('record.created', { formId: 'orders', recordId: 'r1', version: 1 });
    delete slim.payload.record;
    expect(ids(slim)).toEqual([]);
  });

  it('matches workflow events by status, node and hook', () => {
    expect(ids(ev('workflow.finished', { workflowId: 'wf', status: 'approved' }))).toEqual([
      'approved',
      'finished',
    ]);
    expect(ids(ev('workflow.finished', { workflowId: 'wf', status: 'withdrawn' }))).toEqual(['finished']);
    expect(ids(ev('workflow.finished', { workflowId: 'other', status: 'approved' }))).toEqual([]);
    expect(ids(ev('workflow.node_reached', { workflowId: 'wf', nodeId: 'mgr' }))).toEqual(['atMgr']);
    expect(ids(ev('workflow.node_reached', { workflowId: 'wf', nodeId: 'fin' }))).toEqual([]);
    expect(ids(ev('workflow.hook', { workflowId: 'wf', hook: 'h1' }))).toEqual(['hook']);
    expect(ids(ev('workflow.hook', { workflowId: 'wf', hook: 'h2' }))).toEqual([]);
  });

  it('addressed events fire only their automation', () => {
    expect(ids(ev('automation.button', { automationId: 'button' }))).toEqual(['button']);
    expect(ids(ev('automation.button', { automationId: 'created' }))).toEqual([]);
    expect(ids({ ...ev('record.created', { formId: 'orders' }), payload: { formId: 'orders' } })).toEqual([]);
  });
});

describe('conditions over old and new values', () => {
  const fields = [{ id: 'status', type: 'text', label: l('Status') }] as FieldDefinition[];
  const qctx = { now: new Date('2026-01-01T00:00:00Z'), timeZone: 'UTC', userId: '', userDepartmentIds: [] };
  const becameApproved = {
    new: { kind: 'cmp' as const, field: 'status', op: 'eq' as const, value: 'approved' },
    old: { kind: 'cmp' as const, field: 'status', op: 'ne' as const, value: 'approved' },
  };
  const holds = (record: Record<string, unknown> | null, old: Record<string, unknown> | null) =>
    conditionHolds(becameApproved, { fields }, { record, old }, qctx);

  it('holds on the change only', () => {
    expect(holds({ status: 'approved' }, { status: 'draft' })).toBe(true);
    expect(holds({ status: 'approved' }, { status: 'approved' })).toBe(false);
    expect(holds({ status: 'draft' }, { status: 'review' })).toBe(false);
    // A create has no old values: "was not approved" holds.
    expect(holds({ status: 'approved' }, null)).toBe(true);
    expect(conditionHolds(undefined, { fields }, { record: null, old: null }, qctx)).toBe(true);
  });
});

describe('field mapping', () => {
  const scope: MappingScope = {
    record: {
      title: 'Order 7',
      amount: 12.5,
      lines: [
        { sku: 'A', qty: 2 },
        { sku: 'B', qty: 3 },
      ],
    },
    row: null,
    earlier: [],
    fieldTypes: { amount: 'number', qty: 'number', title: 'text' },
    now: new Date('2026-01-01T00:00:00Z'),
    timeZone: 'UTC',
    user: { id: 'u', name: 'U', departments: [] },
  };

  it('maps static, field, formula, row and rows values', () => {
    expect(
      mapValues(
        [
          { field: 'a', value: { kind: 'static', value: 'x' } },
          { field: 'b', value: { kind: 'field', field: 'title' } },
          { field: 'c', value: { kind: 'formula', expression: '{amount} * 2' } },
          {
            field: 'd',
            value: {
              kind: 'rows',
              from: 'lines',
              values: [
                { field: 'code', value: { kind: 'row', field: 'sku' } },
                { field: 'n', value: { kind: 'formula', expression: '{qty} + 1' } },
              ],
            },
          },
        ],
        scope,
      ),
    ).toEqual({
      a: 'x',
      b: 'Order 7',
      c: 25,
      d: [
        { code: 'A', n: 3 },
        { code: 'B', n: 4 },
      ],
    });
    expect(rowsOf('lines', scope.record)).toHaveLength(2);
    expect(rowsOf(undefined, scope.record)).toEqual([null]);
  });

  it('names the mapping that cannot be evaluated', () => {
    expect(() => mapValues([{ field: 'x', value: { kind: 'row', field: 'sku' } }], scope)).toThrow(
      MappingError,
    );
    expect(() => mapValues([{ field: 'x', value: { kind: 'formula', expression: '1/0' } }], scope)).toThrow(
      /values\/x: formula failed/,
    );
    expect(() =>
      mapValues([{ field: 'x', value: { kind: 'field', field: 'title' } }], { ...scope, record: null }),
    ).toThrow(/values\/x: this run has no trigger record/);
  });
});

describe('earlier sources: what an earlier action of the run wrote', () => {
  const base: MappingScope = {
    record: { title: 'Lead 1' },
    row: null,
    earlier: [
      { created: [{ formId: 'customers', id: 'c1', data: { name: 'Acme', level: 'A' } }] },
      { created: [], updated: [{ formId: 'leads', id: 'l1', data: { status: 'converted' } }] },
      { truncated: true, size: 99999, created: [{ formId: 'contacts', id: 'k1' }] },
      { deleted: [{ formId: 'x', id: 'gone' }] },
    ],
    fieldTypes: {},
    now: new Date('2026-01-01T00:00:00Z'),
    timeZone: 'UTC',
    user: { id: 'u', name: 'U', departments: [] },
  };

  it('reads the id (default) or a field of the first written record', () => {
    expect(
      mapValues(
        [
          { field: 'customer', value: { kind: 'earlier', action: 0 } },
          { field: 'level', value: { kind: 'earlier', action: 0, field: 'level' } },
          { field: 'lead', value: { kind: 'earlier', action: 1, field: 'id' } },
          { field: 'contact', value: { kind: 'earlier', action: 2 } },
          { field: 'missing', value: { kind: 'earlier', action: 2, field: 'name' } },
        ],
        base,
      ),
    ).toEqual({ customer: 'c1', level: 'A', lead: 'l1', contact: 'k1', missing: null });
  });

  it('names the mapping when that action has not run or wrote nothing', () => {
    expect(() => mapValues([{ field: 'x', value: { kind: 'earlier', action: 5 } }], base)).toThrow(
      /values\/x: action 6 has not run/,
    );
    expect(() => mapValues([{ field: 'x', value: { kind: 'earlier', action: 3 } }], base)).toThrow(
      /values\/x: action 4 wrote no record/,
    );
  });
});

describe('schedules', () => {
  it('computes the next tick in the org time zone', () => {
    const after = new Date('2026-03-01T00:30:00Z'); // 08:30 in Shanghai
    expect(nextTick('0 9 * * *', 'Asia/Shanghai', after).toISOString()).toBe('2026-03-01T01:00:00.000Z');
    expect(nextTick('0 9 * * *', 'UTC', after).toISOString()).toBe('2026-03-01T09:00:00.000Z');
    expect(() => nextTick('0 9 * *', 'UTC', after)).toThrow(/five fields/);
  });
});
