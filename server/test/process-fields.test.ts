import { computeGrant, systemGrant, type Grant, type Principal } from '@tangram/acl';
import type { AppDefinition, WorkflowDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { narrowByProcess, processHiddenFields } from '../src/access/process-fields';

const l = (en: string) => ({ en });

const review = (startFields: { field: string; access: 'hidden' | 'read' | 'edit' }[]): WorkflowDefinition =>
  ({
    id: 'review',
    name: l('Review'),
    form: 'claims',
    nodes: [
      { type: 'start', id: 'start', next: 'end', fields: startFields },
      { type: 'end', id: 'end' },
    ],
  }) as WorkflowDefinition;

function app(opts: { workflow?: WorkflowDefinition; attached?: boolean } = {}): AppDefinition {
  return {
    id: 'expenses',
    name: l('Expenses'),
    formatVersion: 2,
    forms: [
      {
        id: 'claims',
        name: l('Claims'),
        ...(opts.attached === false ? {} : { workflowId: 'review' }),
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          { id: 'rating', type: 'text', label: l('Rating') },
          { id: 'code', type: 'text', label: l('Code') },
          { id: 'batch', type: 'text', label: l('Batch'), hidden: true },
        ],
      },
    ],
    workflows: opts.workflow ? [opts.workflow] : [],
  } as AppDefinition;
}

const member: Principal = {
  userId: 'u1',
  departmentIds: [],
  ancestorDepartmentIds: [],
  descendantDepartmentIds: [],
  roleIds: [],
  isOrgAdmin: false,
};

const WORKFLOW = review([
  { field: 'rating', access: 'hidden' },
  { field: 'code', access: 'read' },
]);

describe('processHiddenFields', () => {
  it('lists only the fields the start node lists as hidden', () => {
    // `code` is read-only there and `batch` hidden on the form only: neither is a permission.
    expect(processHiddenFields(app({ workflow: WORKFLOW }), 'claims')).toEqual(['rating']);
  });

  it('is empty without a workflow attached to the form', () => {
    expect(processHiddenFields(app({ workflow: WORKFLOW, attached: false }), 'claims')).toEqual([]);
    expect(processHiddenFields(app(), 'claims')).toEqual([]);
    expect(processHiddenFields(app({ workflow: WORKFLOW }), 'unknown')).toEqual([]);
  });
});

describe('narrowByProcess', () => {
  it("removes the process's hidden fields from a member's visible and editable fields", () => {
    const a = app({ workflow: WORKFLOW });
    const grant = computeGrant(member, a, 'claims');
    expect(grant.basis).toBe('appDefault');
    const narrowed = narrowByProcess(grant, a);
    expect(narrowed.fields).toEqual({
      visible: ['title', 'code', 'batch'],
      editable: ['title', 'code', 'batch'],
    });
    // Everything else about the grant stays.
    expect({ ...narrowed, fields: grant.fields }).toEqual(grant);
  });

  it('leaves admin and system grants, and forms without such fields, as they are', () => {
    const a = app({ workflow: WORKFLOW });
    const admin = computeGrant({ ...member, isOrgAdmin: true }, a, 'claims');
    expect(narrowByProcess(admin, a)).toBe(admin);
    const system: Grant = systemGrant(a.forms[0]!, 'test');
    expect(narrowByProcess(system, a)).toBe(system);
    const open = app({ workflow: review([{ field: 'code', access: 'read' }]) });
    const grant = computeGrant(member, open, 'claims');
    expect(narrowByProcess(grant, open)).toBe(grant);
  });
});
