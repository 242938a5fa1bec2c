import type { FormDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { assigneesText, conditionText } from '../../src/workflow/core/summary';

const form = {
  id: 'f',
  name: { en: 'F' },
  fields: [
    { id: 'amount', type: 'number', label: { 'zh-CN': '金额', en: 'Amount' }, config: {} },
    { id: 'owner', type: 'member', label: { 'zh-CN': '负责人', en: 'Owner' }, config: {} },
  ],
} as unknown as FormDefinition;
const names = {
  userName: (id: string) => ({ u1: '张伟', u2: '王芳' })[id] ?? id,
  departmentName: (id: string) => ({ d1: '财务部' })[id] ?? id,
  roleName: (id: string) => ({ r1: '经理' })[id] ?? id,
};
const t = (key: string, o?: Record<string, unknown>) => (o ? `${key}(${JSON.stringify(o)})` : key);

describe('card summaries', () => {
  it('names every kind of assignee, unknown ids as themselves', () => {
    const text = assigneesText(
      [
        { kind: 'users', ids: ['u1', 'u2', 'gone'] },
        { kind: 'roles', ids: ['r1'] },
        { kind: 'departmentLeaders', ids: ['d1'] },
        { kind: 'submitter' },
        { kind: 'submitterManager', level: 2 },
        { kind: 'field', field: 'owner' },
      ],
      names,
      form,
      'zh-CN',
      t,
    );
    expect(text).toBe(
      '张伟、王芳、gone、经理、财务部 · assignee.kinds.departmentLeaders、assignee.kinds.submitter、assignee.level({"level":2})、负责人',
    );
    expect(assigneesText([{ kind: 'field', field: 'owner' }], names, form, 'en', t)).toBe('Owner');
  });

  it('leaves out entries still being filled in, so no separator dangles', () => {
    const text = assigneesText(
      [
        { kind: 'users', ids: [] },
        { kind: 'submitterManager', level: 1 },
        { kind: 'departmentLeaders', ids: [] },
      ],
      names,
      form,
      'zh-CN',
      t,
    );
    expect(text).toBe('assignee.level({"level":1})');
  });

  it('says a condition in words: the first comparison and how many more', () => {
    expect(conditionText({ kind: 'cmp', field: 'amount', op: 'gt', value: 10000 }, form, 'zh-CN', t)).toBe(
      '金额 > 10000',
    );
    const two = {
      kind: 'and' as const,
      items: [
        { kind: 'cmp' as const, field: 'amount', op: 'gte' as const, value: 5 },
        { kind: 'or' as const, items: [{ kind: 'cmp' as const, field: 'owner', op: 'isEmpty' as const }] },
      ],
    };
    expect(conditionText(two, form, 'en', t)).toBe('Amount ≥ 5 summary.more({"count":1})');
    expect(conditionText({ kind: 'and', items: [] }, form, 'en', t)).toBe('');
  });
});
