import { describe, expect, it } from 'vitest';
import { systemGrant, type Grant } from '@tangram/acl';
import type { FormDefinition } from '@tangram/schema';
import type { FormContext } from '../src/apps/app-cache';
import { AppError } from '../src/http/app-error';
import { createHookRegistry, type RecordHooks } from '../src/records/kernel/hooks';
import { assertCanCreate, assertWritableFields } from '../src/records/kernel/write-access';

const l = (en: string) => ({ en });
const form = {
  id: 'deals',
  name: l('Deals'),
  fields: [
    { id: 'name', type: 'text', label: l('Name') },
    { id: 'salary', type: 'number', label: l('Salary'), config: { precision: 0 } },
    { id: 'amount', type: 'number', label: l('Amount'), config: { precision: 2 } },
    {
      id: 'total',
      type: 'formula',
      label: l('Total'),
      config: { formula: '{amount}', resultType: 'number' },
    },
  ],
} as unknown as FormDefinition;
const ctx = { form } as FormContext;

/** Sees name and amount, may change name only. */
const narrowed = (): Grant => {
  const full = systemGrant(form, 'test');
  return { ...full, fields: { visible: ['name', 'amount'], editable: ['name'] } };
};

function thrown(fn: () => void): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('write door: editable fields', () => {
  it('names every hidden or read-only value, per item, with its path', () => {
    const error = thrown(() =>
      assertWritableFields(ctx, narrowed(), [
        { data: { name: 'a', salary: 1 }, path: '/items/0/data' },
        { data: { name: 'b', amount: 2 }, path: '/items/1/data' },
      ]),
    );
    expect(error.status).toBe(422);
    expect(error.code).toBe('field_not_editable');
    expect(error.details).toEqual([
      { path: '/items/0/data/salary', code: 'field_not_editable', message: 'you may not change this field' },
      { path: '/items/1/data/amount', code: 'field_not_editable', message: 'you may not change this field' },
    ]);
    expect(error.message).toContain('"salary"');
    expect(error.message).toContain('"amount"');
  });

  it('leaves unknown and computed fields to the record schema (400), and accepts editable ones', () => {
    expect(() =>
      assertWritableFields(ctx, narrowed(), [{ data: { name: 'x', nope: 1, total: 3 }, path: '/data' }]),
    ).not.toThrow();
  });

  it('refuses create without the action', () => {
    const grant = { ...narrowed(), actions: narrowed().actions.filter((a) => a !== 'create') };
    expect(thrown(() => assertCanCreate(grant)).status).toBe(403);
    expect(() => assertCanCreate(narrowed())).not.toThrow();
  });
});

describe('write door: hook registry', () => {
  it('keeps registration order and refuses a second registration under one name', () => {
    const registry = createHookRegistry();
    const a: RecordHooks = {};
    const b: RecordHooks = {};
    registry.register('workflow', a);
    registry.register('automations', b);
    expect(registry.list().map((e) => e.name)).toEqual(['workflow', 'automations']);
    expect(() => registry.register('workflow', {})).toThrow(/already registered/);
  });

  it('is an instance: two registries share nothing', () => {
    const one = createHookRegistry();
    one.register('workflow', {});
    expect(createHookRegistry().list()).toEqual([]);
  });
});
