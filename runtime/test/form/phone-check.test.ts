import type { FormDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { createFormStore, type FormStoreOptions } from '../../src/form/core/form-store';

const env: FormStoreOptions['env'] = {
  now: () => new Date('2025-03-01T08:00:00Z'),
  timeZone: 'Asia/Shanghai',
  user: { id: 'usr_1', name: 'Ada', departments: [] },
};
const query = {
  now: new Date('2025-03-01T08:00:00Z'),
  timeZone: 'Asia/Shanghai',
  userId: 'usr_1',
  userDepartmentIds: [],
};

const form: FormDefinition = {
  id: 'customers',
  name: { en: 'Customers', 'zh-CN': '客户' },
  fields: [
    { id: 'mobile', type: 'phone', label: { en: 'Mobile', 'zh-CN': '手机' } },
    { id: 'qty', type: 'number', label: { en: 'Qty', 'zh-CN': '数量' }, config: { min: 1 } },
  ],
} as FormDefinition;

const store = (country?: string, zh = false) =>
  createFormStore(form, {
    mode: 'create',
    env,
    query,
    requiredMessage: (k) => `need ${k}`,
    issueMessage: (_key, issue) => issue.localized[zh ? 'zh-CN' : 'en'],
    ...(country ? { check: { country } } : {}),
  });

describe('phone numbers in the form store', () => {
  it('does not flag a number while it is typed, only when the form is checked', () => {
    const s = store('CN');
    s.getState().setValue('mobile', '1380');
    expect(s.getState().errors).toEqual({});
    expect(s.getState().validate()).toBe(false);
    expect(s.getState().errors.mobile).toMatch(/^Mobile is not a valid phone number in China/);
    // Typing again clears it until the next check; a valid number passes.
    s.getState().setValue('mobile', '138 0013 8000');
    expect(s.getState().errors).toEqual({});
    expect(s.getState().validate()).toBe(true);
  });

  it("checks against the org's country and words the error in the UI language", () => {
    const us = store('US');
    us.getState().setValue('mobile', '13800138000');
    expect(us.getState().validate()).toBe(false);
    expect(us.getState().errors.mobile).toContain('United States');
    const zh = store('CN', true);
    zh.getState().setValue('mobile', '12345678901');
    zh.getState().validate();
    expect(zh.getState().errors.mobile).toMatch(/^手机不是有效的中国电话号码/);
  });

  it('still checks numbers from the first keystroke', () => {
    const s = store();
    s.getState().setValue('qty', -5);
    expect(s.getState().errors.qty).toBe('Qty must be at least 1');
  });
});
