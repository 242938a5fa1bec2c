import type { AppDefinition, FieldDefinition, PermissionGroup } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { mapxAccessWarnings } from '../../src/designer/formula/mapx-access';
import { newField } from '../../src/designer/store/commands';

const text = (id: string): FieldDefinition => newField('text', id);

const group = (id: string, visible?: 'all' | string[]): PermissionGroup => ({
  id,
  name: { en: id },
  members: [{ kind: 'everyone' }],
  actions: ['view'],
  scope: { kind: 'all' },
  ...(visible === undefined ? {} : { fields: { visible, editable: [] } }),
});

function app(groups?: PermissionGroup[]): AppDefinition {
  return {
    id: 'app1',
    name: { en: 'App' },
    formatVersion: 2,
    forms: [
      { id: 'orders', name: { en: 'Orders' }, fields: [text('customer'), text('phone')] },
      {
        id: 'customers',
        name: { en: 'Customers' },
        fields: [text('code'), text('phone'), text('credit')],
        ...(groups ? { permissionGroups: groups } : {}),
      },
    ],
    navigation: [],
  } as AppDefinition;
}

const GET_PHONE = 'MAPX("GET", {customer}, {customers.code}, {customers.phone})';

describe('mapxAccessWarnings', () => {
  it('names the fields a MAPX reads that a group of the target form hides', () => {
    const warnings = mapxAccessWarnings(app([group('all'), group('sales', ['code'])]), GET_PHONE);
    expect(warnings.map((w) => [w.form.id, w.fields])).toEqual([['customers', ['phone']]]);
  });

  it('finds MAPX nested in other calls and lists both the match and the return field', () => {
    const warnings = mapxAccessWarnings(
      app([group('narrow', ['credit'])]),
      'IF({customer} = "", 0, MAPX("SUM", {customer}, {customers.code}, {customers.phone}) + 1)',
    );
    expect(warnings[0]?.fields).toEqual(['code', 'phone']);
  });

  it('says nothing when no group restricts those fields, the form has no groups, or there is no MAPX', () => {
    expect(mapxAccessWarnings(app([group('all', 'all'), group('none')]), GET_PHONE)).toEqual([]);
    expect(mapxAccessWarnings(app([group('wide', ['code', 'phone'])]), GET_PHONE)).toEqual([]);
    expect(mapxAccessWarnings(app(), GET_PHONE)).toEqual([]);
    expect(mapxAccessWarnings(app([group('sales', ['code'])]), 'UPPER({customer})')).toEqual([]);
    // A formula that does not parse is the editor's error to show, not a permission warning.
    expect(mapxAccessWarnings(app([group('sales', ['code'])]), 'MAPX("GET", {customer}')).toEqual([]);
  });
});
