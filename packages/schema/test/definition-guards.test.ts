import { describe, expect, it } from 'vitest';
import {
  RESERVED_FIELD_IDS,
  SYSTEM_FIELD_NAMES,
  checkAppSemantics,
  isReservedFieldId,
  validateAppDefinition,
  type AppDefinition,
  type FieldDefinition,
} from '../src/index.js';

const text = (id: string): FieldDefinition => ({ id, type: 'text', label: { en: id } });

const app = (fields: FieldDefinition[], extra: Record<string, unknown> = {}): AppDefinition =>
  ({
    id: 'app1',
    name: { en: 'App' },
    formatVersion: 1,
    forms: [{ id: 'main', name: { en: 'Main' }, fields }],
    ...extra,
  }) as AppDefinition;

const issuesOf = (raw: unknown) => {
  const result = validateAppDefinition(raw);
  return result.ok ? [] : result.issues;
};

describe('reserved field ids', () => {
  it('reserves every system field name, in any letter case', () => {
    for (const name of SYSTEM_FIELD_NAMES) {
      expect(isReservedFieldId(name)).toBe(true);
      expect(isReservedFieldId(name.toUpperCase())).toBe(true);
    }
    expect(RESERVED_FIELD_IDS).toEqual(expect.arrayContaining(['version', 'deletedAt', 'deleted_at', 'seq']));
  });

  it('leaves ordinary business names alone', () => {
    for (const id of ['owner', 'title', 'identity', 'created', 'versionNote', 'status', 'position'])
      expect(isReservedFieldId(id)).toBe(false);
  });

  it.each([['id'], ['ID'], ['createdAt'], ['CREATEDAT'], ['deleted_at'], ['workflowStatus'], ['version']])(
    'refuses a top-level field "%s" with the path of its id',
    (id) => {
      const issues = issuesOf(app([text('name'), text(id)]));
      expect(issues).toEqual([
        expect.objectContaining({ path: '/forms/0/fields/1/id', code: 'reserved_id' }),
      ]);
      expect(issues[0]!.message).toContain(`"${id}"`);
    },
  );

  it('refuses a reserved id on a subform column', () => {
    const lines: FieldDefinition = {
      id: 'lines',
      type: 'subform',
      label: { en: 'Lines' },
      config: { fields: [text('item'), text('Id')] },
    };
    expect(issuesOf(app([lines]))).toEqual([
      expect.objectContaining({ path: '/forms/0/fields/0/config/fields/1/id', code: 'reserved_id' }),
    ]);
  });
});

// The refusal of permission groups while they are not enforced moved to the server's save path
// (config `permissionGroups`, server/src/apps/definition-checks.ts): the pure checks accept them.
describe('permission groups', () => {
  const withGroups = (groups: unknown[]) => {
    const base = app([text('name')]);
    return { ...base, forms: [{ ...base.forms[0]!, permissionGroups: groups }] } as AppDefinition;
  };

  const group = {
    id: 'sales',
    name: { en: 'Sales' },
    members: [{ kind: 'everyone' }],
    actions: ['view'],
    scope: { kind: 'all' },
  };

  it('accepts a form group in the pure checks (the server decides whether to refuse it)', () => {
    expect(checkAppSemantics(withGroups([group]))).toEqual([]);
  });

  it('accepts an empty list or none', () => {
    expect(checkAppSemantics(withGroups([]))).toEqual([]);
    expect(checkAppSemantics(app([text('name')]))).toEqual([]);
  });
});
