import { describe, expect, it } from 'vitest';
import {
  CURRENT_FORMAT_VERSION,
  upgradeDefinition,
  validateAppDefinition,
  type AppDefinition,
  type FieldDefinition,
  type UpgradeStep,
} from '../src/index.js';
import { everyFieldType, minimalField } from './field-samples.js';

const app = (fields: FieldDefinition[], extra: Partial<AppDefinition> = {}): AppDefinition => ({
  id: 'app1',
  name: { en: 'App' },
  formatVersion: 1,
  forms: [
    { id: 'main', name: { en: 'Main' }, fields },
    { id: 'other', name: { en: 'Other' }, fields: [{ id: 'name', type: 'text', label: { en: 'Name' } }] },
  ],
  ...extra,
});

const issuesOf = (raw: unknown) => {
  const result = validateAppDefinition(raw);
  return result.ok ? [] : result.issues;
};

describe('app definitions', () => {
  it('accepts a form with one field of every type', () => {
    expect(issuesOf(app(everyFieldType))).toEqual([]);
  });

  // A lookup needs its relation field beside it; the every-field form covers it.
  const standalone = everyFieldType.filter((f) => f.type !== 'lookup');
  it.each(standalone.map((f) => [f.type, f] as const))('accepts a minimal %s field', (_type, field) => {
    expect(issuesOf(app([minimalField(field)]))).toEqual([]);
  });

  it.each(everyFieldType.map((f) => [f.type, f] as const))(
    'refuses an unknown config key on a %s field',
    (_type, field) => {
      const bad = {
        ...field,
        config: { ...('config' in field ? field.config : {}), bogus: 1 },
      } as FieldDefinition;
      expect(issuesOf(app([bad]))).toContainEqual(
        expect.objectContaining({ path: '/forms/0/fields/0/config/bogus', code: 'unknown_property' }),
      );
    },
  );

  it.each([
    [
      'an unknown type',
      { id: 'x', type: 'hologram', label: { en: 'X' } },
      '/forms/0/fields/0/type',
      'unknown_kind',
    ],
    ['a missing label', { id: 'x', type: 'text' }, '/forms/0/fields/0/label', 'required'],
    ['an empty label', { id: 'x', type: 'text', label: {} }, '/forms/0/fields/0/label', 'minProperties'],
    [
      'a reserved id',
      { id: '__proto__', type: 'text', label: { en: 'X' } },
      '/forms/0/fields/0/id',
      'pattern',
    ],
    [
      'an id with SQL in it',
      { id: "a'); DROP TABLE x;--", type: 'text', label: { en: 'X' } },
      '/forms/0/fields/0/id',
      'pattern',
    ],
    [
      'a select without options',
      { id: 'x', type: 'select', label: { en: 'X' } },
      '/forms/0/fields/0/config',
      'required',
    ],
    [
      'precision out of range',
      { id: 'x', type: 'number', label: { en: 'X' }, config: { precision: 11 } },
      '/forms/0/fields/0/config/precision',
      'maximum',
    ],
    [
      'a bad colour',
      {
        id: 'x',
        type: 'select',
        label: { en: 'X' },
        config: { options: [{ value: 'a', label: { en: 'A' }, color: 'red' }] },
      },
      '/forms/0/fields/0/config/options/0/color',
      'pattern',
    ],
    [
      'a bad serial part',
      { id: 'x', type: 'serial', label: { en: 'X' }, config: { parts: [{ kind: 'counter', digits: 1 }] } },
      '/forms/0/fields/0/config/parts/0/digits',
      'minimum',
    ],
  ])('refuses %s with its path', (_name, field, path, code) => {
    expect(issuesOf(app([field as FieldDefinition]))).toContainEqual(expect.objectContaining({ path, code }));
  });

  it('refuses duplicate ids, ignoring case, including subform columns', () => {
    const issues = issuesOf(
      app([
        { id: 'amount', type: 'number', label: { en: 'A' } },
        { id: 'Amount', type: 'number', label: { en: 'B' } },
        {
          id: 'lines',
          type: 'subform',
          label: { en: 'L' },
          config: { fields: [{ id: 'AMOUNT', type: 'number', label: { en: 'C' } }] },
        },
      ]),
    );
    expect(issues.map((i) => i.path)).toEqual([
      '/forms/0/fields/1/id',
      '/forms/0/fields/2/config/fields/0/id',
    ]);
  });

  it('checks references: relation, lookup, linkage, layout, title, rules and navigation', () => {
    const issues = issuesOf(
      app(
        [
          { id: 'title', type: 'text', label: { en: 'T' } },
          { id: 'rel', type: 'relation', label: { en: 'R' }, config: { form: 'missing' } },
          { id: 'look', type: 'lookup', label: { en: 'L' }, config: { relation: 'title', field: 'x' } },
          {
            id: 'dflt',
            type: 'text',
            label: { en: 'D' },
            default: {
              kind: 'linkage',
              form: 'other',
              match: [{ source: 'name', target: 'nope' }],
              take: 'city',
            },
          },
        ],
        { navigation: [{ kind: 'form', target: 'ghost' }] },
      ),
    );
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['/forms/0/fields/1/config/form', 'unknown_form'],
      ['/forms/0/fields/2/config/relation', 'unknown_field'],
      ['/forms/0/fields/3/default/take', 'unknown_field'],
      ['/forms/0/fields/3/default/match/0/target', 'unknown_field'],
      ['/navigation/0/target', 'unknown_form'],
    ]);
    const layout = app([{ id: 'a', type: 'text', label: { en: 'A' } }]);
    layout.forms[0]!.layout = {
      items: [{ kind: 'row', cells: [{ field: 'a', span: 20 }, { field: 'a', span: 10 }, { field: 'zz' }] }],
    };
    layout.forms[0]!.titleField = 'zz';
    layout.forms[0]!.rules = {
      visibility: [{ id: 'r1', when: { kind: 'cmp', field: 'q', op: 'eq', value: 1 }, show: ['a'] }],
    };
    expect(
      issuesOf(layout)
        .map((i) => `${i.path} ${i.code}`)
        .sort(),
    ).toEqual([
      '/forms/0/layout/items/0/cells row_too_wide',
      '/forms/0/layout/items/0/cells/1/field duplicate_placement',
      '/forms/0/layout/items/0/cells/2/field unknown_field',
      '/forms/0/rules/visibility/0/when/field unknown_field',
      '/forms/0/titleField unknown_field',
    ]);
  });

  it('refuses subform columns that cannot live in a row', () => {
    const issues = issuesOf(
      app([
        {
          id: 's',
          type: 'subform',
          label: { en: 'S' },
          config: { fields: [{ id: 'inner', type: 'subform', label: { en: 'I' }, config: { fields: [] } }] },
        },
      ]),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ path: '/forms/0/fields/0/config/fields/0/type', code: 'not_in_subform' }),
    );
  });

  it('refuses hostile nesting before any recursive walk', () => {
    let filter: unknown = { kind: 'cmp', field: 'a', op: 'eq', value: 1 };
    for (let i = 0; i < 100_000; i++) filter = { kind: 'and', items: [filter] };
    const raw = app([{ id: 'a', type: 'text', label: { en: 'A' } }]);
    raw.forms[0]!.rules = { visibility: [{ id: 'r', when: filter as never, show: ['a'] }] };
    expect(issuesOf(raw)).toEqual([expect.objectContaining({ code: 'too_deep' })]);
  });
});

describe('format versions', () => {
  it('refuses a definition newer than this code with a clear message', () => {
    const result = validateAppDefinition({ ...app([]), formatVersion: CURRENT_FORMAT_VERSION + 1 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues[0]).toMatchObject({ code: 'format_too_new', path: '/formatVersion' });
  });

  it('applies upgrade steps in order and never mutates the input', () => {
    const steps: UpgradeStep[] = [
      { from: 1, describe: 'rename title to name', up: (d) => ({ ...d, name: d.title, title: undefined }) },
      { from: 2, describe: 'add icon', up: (d) => ({ ...d, icon: 'box' }) },
    ];
    const input = { formatVersion: 1, title: { en: 'Old' } };
    const result = upgradeDefinition(input, steps, 3);
    expect(result).toMatchObject({
      ok: true,
      upgradedFrom: 1,
      definition: { formatVersion: 3, name: { en: 'Old' }, icon: 'box' },
    });
    expect(input).toEqual({ formatVersion: 1, title: { en: 'Old' } });
    expect(upgradeDefinition({ formatVersion: 1 }, [steps[1]!], 3)).toMatchObject({ ok: false });
    expect(upgradeDefinition('nope')).toMatchObject({ ok: false });
  });
});
