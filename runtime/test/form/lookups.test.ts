import type { FieldDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { changedLinkages, linkageKeys, linkageRules } from '../../src/form/core/linkage';
import { lookupText } from '../../src/form/widgets/structure.widgets';

const l = (en: string) => ({ en });
type Lookup = Extract<FieldDefinition, { type: 'lookup' }>;
const lookup = (aggregate: string): Lookup =>
  ({
    id: 'lk',
    type: 'lookup',
    label: l('Lk'),
    config: { relation: 'rel', field: 'amount', aggregate },
  }) as Lookup;
const money = {
  id: 'amount',
  type: 'money',
  label: l('Amount'),
  config: { precision: 2 },
} as FieldDefinition;

describe('lookup display (the server computes, the browser formats)', () => {
  it('formats a sum like the related field: 0.3 with 2 places shows 0.30', () => {
    expect(lookupText(lookup('sum'), money, 0.3, 'en')).toMatch(/0\.30/);
  });
  it('shows counts and concatenations as the server answered them', () => {
    expect(lookupText(lookup('count'), money, 3, 'en')).toBe('3');
    expect(lookupText(lookup('concat'), money, 'A-1, B-2', 'en')).toBe('A-1, B-2');
  });
  it('formats each item of a list and leaves empty values blank', () => {
    expect(lookupText(lookup('none'), money, [1, 2.5], 'en')).toMatch(/1\.00.*2\.50/);
    expect(lookupText(lookup('avg'), money, null, 'en')).toBe('');
  });
});

describe('data linkage rules in the form', () => {
  const fields = [
    { id: 'code', type: 'text', label: l('Code') },
    {
      id: 'name',
      type: 'text',
      label: l('Name'),
      default: {
        kind: 'linkage',
        form: 'customers',
        match: [{ source: 'code', target: 'code' }],
        take: 'name',
      },
    },
  ] as FieldDefinition[];
  const rules = linkageRules({ fields });

  it('finds the rules and their key fields', () => {
    expect(rules.map((r) => [r.fieldId, r.keys])).toEqual([['name', ['code']]]);
  });
  it('asks only when a key changed and every key has a value', () => {
    expect(changedLinkages(rules, { code: 'A' }, { code: 'A', name: 'x' })).toEqual([]);
    expect(changedLinkages(rules, { code: 'A' }, { code: 'AB' })).toHaveLength(1);
    expect(linkageKeys(rules[0]!, { code: '' })).toBeNull();
    expect(linkageKeys(rules[0]!, { code: 'AB', other: 1 })).toEqual({ code: 'AB' });
  });
});
