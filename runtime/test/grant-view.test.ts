import { describe, expect, it } from 'vitest';
import type { AppDefinition, AppGrantSummary, FormDefinition } from '@tangram/client';
import {
  appForNavigation,
  formForGrant,
  FULL_GRANT,
  grantView,
  viewableFormIds,
} from '../src/core/grant-view';

const l = (en: string) => ({ en });
const people = {
  id: 'people',
  name: l('People'),
  fields: [
    { id: 'name', type: 'text', label: l('Name') },
    { id: 'amount', type: 'number', label: l('Amount') },
    { id: 'salary', type: 'number', label: l('Salary') },
    { id: 'line', type: 'divider', label: l('Line') },
  ],
} as unknown as FormDefinition;
const notes = { id: 'notes', name: l('Notes'), fields: [] } as unknown as FormDefinition;
const app = { id: 'a', name: l('A'), forms: [people, notes] } as unknown as AppDefinition;

const me: AppGrantSummary = {
  appRole: 'member',
  forms: {
    people: {
      actions: ['view', 'create', 'edit'],
      visibleFields: ['name', 'amount'],
      editableFields: ['name'],
    },
    notes: { actions: [], visibleFields: [], editableFields: [] },
  },
};

describe('grantView', () => {
  it('allows everything without a summary (an older server)', () => {
    expect(grantView(undefined, 'people')).toBe(FULL_GRANT);
  });

  it('offers the actions of the grant and nothing else', () => {
    const g = grantView(me, 'people');
    expect([g.canView, g.canCreate, g.canEdit, g.canBulkEdit]).toEqual([true, true, true, true]);
    expect([g.canDelete, g.canBulkDelete, g.canExport, g.canPrint]).toEqual([false, false, false, false]);
    expect(g.isVisible('salary')).toBe(false);
    expect(g.isEditable('amount')).toBe(false);
    expect(g.isEditable('name')).toBe(true);
  });

  it('offers no edit when the edit action reaches no writable field', () => {
    const g = grantView(
      {
        appRole: 'member',
        forms: { people: { actions: ['view', 'edit'], visibleFields: ['name'], editableFields: [] } },
      },
      'people',
    );
    expect(g.canEdit).toBe(false);
    expect(g.canSelect).toBe(false);
  });

  it('gives nothing on a form the summary does not name', () => {
    const g = grantView(me, 'unknown');
    expect(g.canView).toBe(false);
    expect(g.isVisible('name')).toBe(false);
  });
});

describe('formForGrant', () => {
  it('leaves hidden fields out and marks the ones the caller may not write read-only', () => {
    const form = formForGrant(people, grantView(me, 'people'));
    expect(form.fields.map((f) => [f.id, f.readOnly === true])).toEqual([
      ['name', false],
      ['amount', true],
      ['line', false],
    ]);
    expect(people.fields).toHaveLength(4);
  });

  it('returns the form itself when the grant changes nothing', () => {
    expect(formForGrant(people, FULL_GRANT)).toBe(people);
    const all = grantView(
      {
        appRole: 'admin',
        forms: {
          people: {
            actions: ['view', 'edit'],
            visibleFields: ['name', 'amount', 'salary', 'line'],
            editableFields: ['name', 'amount', 'salary', 'line'],
          },
        },
      },
      'people',
    );
    expect(formForGrant(people, all)).toBe(people);
  });
});

describe('navigation', () => {
  it('lists only the forms the caller may view', () => {
    expect([...viewableFormIds(app, me)]).toEqual(['people']);
    expect(appForNavigation(app, me).forms.map((f) => f.id)).toEqual(['people']);
    expect(appForNavigation(app, undefined)).toBe(app);
  });
});
