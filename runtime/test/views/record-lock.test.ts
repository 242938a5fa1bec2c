import { describe, expect, it } from 'vitest';
import { approvalRule, recordLock } from '../../src/views/core/record-lock';

describe('recordLock (decision 0020, as the server guards record writes)', () => {
  it('locks both writes while the approval runs, whatever the rule', () => {
    expect(recordLock({ workflowStatus: 'running' }, { rule: 'allow', submitter: 'u1' }, 'u1')).toEqual({
      edit: 'workflowRunning',
      delete: 'workflowRunning',
    });
  });

  it.each(['rejected', 'withdrawn', null, undefined] as const)('leaves a %s record open', (status) => {
    expect(recordLock({ workflowStatus: status }, undefined, 'u1')).toEqual({ edit: null, delete: null });
  });

  it('locks an approved record under locked, and while the rule is not known yet', () => {
    const locked = { edit: 'approvedLocked', delete: 'approvedLocked' };
    expect(recordLock({ workflowStatus: 'approved' }, { rule: 'locked', submitter: 'u1' }, 'u1')).toEqual(
      locked,
    );
    expect(recordLock({ workflowStatus: 'approved' }, undefined, 'u1')).toEqual(locked);
  });

  it('opens an approved record under allow', () => {
    expect(recordLock({ workflowStatus: 'approved' }, { rule: 'allow', submitter: 'x' }, 'u1')).toEqual({
      edit: null,
      delete: null,
    });
  });

  it('under reopen lets only the submitter edit and nobody delete', () => {
    const facts = { rule: 'reopen', submitter: 'u1' } as const;
    expect(recordLock({ workflowStatus: 'approved' }, facts, 'u1')).toEqual({
      edit: null,
      delete: 'approvedNoDelete',
    });
    expect(recordLock({ workflowStatus: 'approved' }, facts, 'u2').edit).toBe('approvedSubmitterOnly');
    expect(recordLock({ workflowStatus: 'approved' }, facts, undefined).edit).toBe('approvedSubmitterOnly');
  });
});

describe('approvalRule', () => {
  const copy = (rule?: 'locked' | 'reopen' | 'allow') => ({
    settings: rule ? { editAfterApproval: rule } : {},
  });
  const app = (rule?: 'locked' | 'reopen' | 'allow') =>
    ({ workflows: [{ id: 'w', ...copy(rule) }] }) as never;

  it("follows the form's current workflow over the instance's copy", () => {
    expect(approvalRule(app('allow'), { workflowId: 'w' }, copy('locked'))).toBe('allow');
    expect(approvalRule(app(), { workflowId: 'w' }, copy('allow'))).toBe('locked');
  });

  it("keeps the copy's rule after the workflow was detached, where reopen means locked", () => {
    expect(approvalRule(app('allow'), {}, copy('allow'))).toBe('allow');
    expect(approvalRule(app('allow'), {}, copy('reopen'))).toBe('locked');
    expect(approvalRule({ workflows: [] } as never, { workflowId: 'gone' }, copy())).toBe('locked');
  });
});
