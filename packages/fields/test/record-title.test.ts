import type { FormDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { fieldRegistry, MAX_TITLE, recordTitle } from '../src/index.js';

const l = (en: string, zh = en) => ({ en, 'zh-CN': zh });
const form: FormDefinition = {
  id: 'orders',
  name: l('Orders'),
  titleField: 'title',
  fields: [
    { id: 'title', type: 'text', label: l('Title') },
    { id: 'no', type: 'serial', label: l('No.'), config: { parts: [{ kind: 'counter', digits: 3 }] } },
    { id: 'city', type: 'text', label: l('City') },
    { id: 'amount', type: 'money', label: l('Amount'), config: { currency: 'CNY' } },
    { id: 'notes', type: 'textarea', label: l('Notes') },
  ],
};
const opts = { locale: 'zh-CN' };

describe('recordTitle', () => {
  it('prefers the relation’s display field, then the title field, then the serial number', () => {
    const data = { title: 'Big order', no: 'SO-001', city: 'Hangzhou' };
    expect(recordTitle(form, data, fieldRegistry, { ...opts, displayField: 'city' })).toBe('Hangzhou');
    expect(recordTitle(form, data, fieldRegistry, opts)).toBe('Big order');
    expect(recordTitle(form, { no: 'SO-001', city: 'Hangzhou' }, fieldRegistry, opts)).toBe('SO-001');
  });

  it('falls back to a summary of short filled fields, formatted, never long text or an id', () => {
    const data = { city: 'Hangzhou', amount: 21000, notes: 'a long note' };
    expect(recordTitle(form, data, fieldRegistry, opts)).toBe('Hangzhou · ¥21,000.00');
    expect(recordTitle(form, { notes: 'only a note' }, fieldRegistry, opts)).toBeNull();
  });

  it('uses only what it is given: a hidden title (absent from data) is never the answer', () => {
    expect(recordTitle(form, { amount: 5 }, fieldRegistry, opts)).toBe('¥5.00');
  });

  it('cuts a long title', () => {
    const title = recordTitle(form, { title: 'x'.repeat(500) }, fieldRegistry, opts)!;
    expect(title).toHaveLength(MAX_TITLE);
    expect(title.endsWith('…')).toBe(true);
  });
});
