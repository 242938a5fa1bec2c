/** Links of the Related tab (decision 0060): a record opened from `?record=`, a filtered list. */
import { describe, expect, it } from 'vitest';
import {
  filteredLink,
  groupDigits,
  linkedRecordId,
  linksToFilter,
  recordLink,
  withoutRecordParam,
} from '../../src/views/core/record-link';
import { readUrlFilter } from '../../src/views/core/url-filter';

describe('record links', () => {
  it('opens a record of another app by its id and forgets it on close', () => {
    const link = recordLink('erp', 'sales orders', 'r1');
    expect(link).toBe('/apps/erp/forms/sales%20orders?record=r1');
    const search = link.slice(link.indexOf('?'));
    expect(linkedRecordId(search)).toBe('r1');
    expect(linkedRecordId('?record=%3Cscript%3E')).toBeNull();
    expect(linkedRecordId('?filter=x')).toBeNull();
    expect(withoutRecordParam('/apps/erp/forms/o', '?view=v1&record=r1')).toBe('/apps/erp/forms/o?view=v1');
  });

  it('filters the linking form by the relation, readable as a URL filter', () => {
    const link = filteredLink('erp', 'orders', linksToFilter('partners', true, 'c1'));
    const search = link.slice(link.indexOf('?'));
    const form = {
      id: 'orders',
      name: { en: 'Orders' },
      fields: [
        {
          id: 'partners',
          type: 'relation' as const,
          label: { en: 'Partners' },
          config: { form: 'customers', multiple: true },
        },
      ],
    };
    expect(readUrlFilter(search, form)).toEqual({
      ok: true,
      filter: { kind: 'cmp', field: 'partners', op: 'in', value: ['c1'] },
    });
  });

  it('groups the whole part of exact decimal text', () => {
    expect(groupDigits('1234567.50')).toBe('1,234,567.50');
    expect(groupDigits('-1000')).toBe('-1,000');
    expect(groupDigits('12.5')).toBe('12.5');
    expect(groupDigits('n/a')).toBe('n/a');
  });
});
