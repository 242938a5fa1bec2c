import { describe, expect, it } from 'vitest';
import type { Grant } from '@tangram/acl';
import { bearerCredentials, isKeyShaped, newApiKey } from '../src/api-keys/key-format';
import { keyRouteRefusal, narrowGrantByKey, type ApiKeyScope } from '../src/api-keys/scopes';

const scopes: ApiKeyScope[] = [
  { app: 'sales', forms: ['customers'], access: 'read' },
  { app: 'crm', forms: null, access: 'write' },
];

describe('keyRouteRefusal', () => {
  it.each([
    ['GET', '/apps/sales/forms/customers/records', null],
    ['POST', '/apps/sales/forms/customers/records/query', null],
    ['POST', '/apps/sales/forms/customers/aggregate', null],
    ['GET', '/apps/sales/forms/customers/records/r1', null],
    ['GET', '/apps/sales/openapi.json', null],
    ['GET', '/apps/sales/types.ts/', null],
    ['POST', '/apps/sales/forms/customers/records', 'read_only'],
    ['PATCH', '/apps/sales/forms/customers/records/r1', 'read_only'],
    ['DELETE', '/apps/sales/forms/customers/records/r1', 'read_only'],
    ['POST', '/apps/sales/forms/customers/records/batch', 'read_only'],
    ['GET', '/apps/sales/forms/orders/records', 'form'],
    ['GET', '/apps/other/forms/customers/records', 'app'],
    ['GET', '/apps/other/openapi.json', 'app'],
    ['POST', '/apps/crm/forms/anything/records/batch', null],
    ['DELETE', '/apps/crm/forms/anything/records/r9', null],
    ['POST', '/apps/crm/forms/anything/records/r9/restore', 'route'],
    ['GET', '/apps/crm/forms/anything/export', 'route'],
    ['GET', '/apps', 'route'],
    ['GET', '/apps/crm', 'route'],
    ['POST', '/api-keys', 'route'],
    ['GET', '/admin/users', 'route'],
    ['GET', '/apps/%E0%A4%A/openapi.json', 'route'],
  ] as const)('%s %s -> %s', (method, path, expected) => {
    expect(keyRouteRefusal(method, path, scopes)?.kind ?? null).toBe(expected);
  });
});

const full: Grant = {
  formId: 'customers',
  basis: 'orgAdmin',
  appRole: 'admin',
  groupIds: [],
  actions: ['view', 'create', 'edit', 'delete', 'import', 'export', 'print', 'manage'],
  scopes: {
    view: { kind: 'all' },
    edit: { kind: 'all' },
    delete: { kind: 'all' },
    export: { kind: 'all' },
    print: { kind: 'all' },
  },
  fields: { visible: ['a', 'b'], editable: ['a', 'b'] },
};

describe('narrowGrantByKey', () => {
  it('keeps reads only for a read scope', () => {
    const g = narrowGrantByKey(full, 'sales', { id: 'k', scopes });
    expect(g.actions).toEqual(['view', 'export', 'print']);
    expect(g.scopes.edit).toEqual({ kind: 'none' });
    expect(g.scopes.delete).toEqual({ kind: 'none' });
    expect(g.fields).toEqual({ visible: ['a', 'b'], editable: [] });
  });
  it('gives nothing outside the scopes, and never manage or import', () => {
    expect(narrowGrantByKey({ ...full, formId: 'orders' }, 'sales', { id: 'k', scopes }).actions).toEqual([]);
    expect(narrowGrantByKey(full, 'other', { id: 'k', scopes }).fields.visible).toEqual([]);
    expect(narrowGrantByKey(full, 'crm', { id: 'k', scopes }).actions).toEqual([
      'view',
      'create',
      'edit',
      'delete',
      'export',
      'print',
    ]);
  });
  it('never widens the owner grant', () => {
    const member = { ...full, actions: ['view'] as Grant['actions'] };
    expect(narrowGrantByKey(member, 'crm', { id: 'k', scopes }).actions).toEqual(['view']);
  });
});

describe('key format', () => {
  it('makes 256-bit keys with a recognisable prefix and parses bearer headers', () => {
    const { key, hash, prefix } = newApiKey();
    expect(isKeyShaped(key)).toBe(true);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(key.startsWith(prefix)).toBe(true);
    expect(bearerCredentials(`Bearer ${key}`)).toBe(key);
    expect(bearerCredentials(`bearer   ${key} `)).toBe(key);
    expect(bearerCredentials('Basic abc')).toBeUndefined();
    expect(bearerCredentials(undefined)).toBeUndefined();
    expect(isKeyShaped('tgk_short')).toBe(false);
  });
});
