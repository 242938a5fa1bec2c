import type { AppDefinition, Filter } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { issuesByTarget, placeWorkflowIssues } from '../../src/workflow/core/issues';

const ALWAYS: Filter = { kind: 'and', items: [] };
const app = {
  id: 'app1',
  name: { en: 'App' },
  formatVersion: 1,
  forms: [
    { id: 'other', name: { en: 'Other' }, fields: [] },
    { id: 'orders', name: { en: 'Orders' }, fields: [], workflowId: 'wf2' },
  ],
  workflows: [
    { id: 'wf1', name: { en: 'Other' }, form: 'other', nodes: [] },
    {
      id: 'wf2',
      name: { en: 'Orders' },
      form: 'orders',
      nodes: [
        { type: 'start', id: 'start', next: 'br' },
        {
          type: 'branch',
          id: 'br',
          branches: [{ id: 'big', condition: ALWAYS, next: 'a1' }],
          defaultNext: 'a1',
        },
        { type: 'approve', id: 'a1', assignees: [], next: 'end' },
        { type: 'end', id: 'end' },
      ],
    },
  ],
} as unknown as AppDefinition;

const issue = (path: string) => ({ path, code: 'x', message: path });

describe('placeWorkflowIssues', () => {
  it('maps index and id pointers to nodes and branch paths', () => {
    const placed = placeWorkflowIssues(app, 'wf2', [
      issue('/workflows/1/nodes/2/assignees'),
      issue('/workflows/wf2/nodes/a1/timeout/escalateTo'),
      issue('/workflows/1/nodes/1/branches/0/condition/field'),
      issue('/app/workflows/1/nodes/1/defaultNext'),
    ]);
    expect(placed.map(({ nodeId, pathId, rest }) => ({ nodeId, pathId, rest }))).toEqual([
      { nodeId: 'a1', pathId: undefined, rest: '/assignees' },
      { nodeId: 'a1', pathId: undefined, rest: '/timeout/escalateTo' },
      { nodeId: 'br', pathId: 'big', rest: '/condition/field' },
      { nodeId: 'br', pathId: undefined, rest: '/defaultNext' },
    ]);
  });

  it('keeps workflow-level issues and the form link, and leaves out other parts of the app', () => {
    const placed = placeWorkflowIssues(app, 'wf2', [
      issue('/workflows/1/nodes'),
      issue('/workflows/1/nodes/9/next'),
      issue('/forms/1/workflowId'),
      issue('/forms/0/fields/0'),
      issue('/workflows/0/nodes/0'),
      issue('/dashboards/0'),
    ]);
    expect(placed.map((p) => [p.path, p.nodeId ?? null, p.rest])).toEqual([
      ['/workflows/1/nodes', null, '/nodes'],
      ['/workflows/1/nodes/9/next', null, '/nodes/9/next'],
      ['/forms/1/workflowId', null, ''],
    ]);
    const byTarget = issuesByTarget([
      ...placed,
      ...placeWorkflowIssues(app, 'wf2', [issue('/workflows/1/nodes/1/branches/0')]),
    ]);
    expect([...byTarget.keys()]).toEqual(['', 'br/big']);
  });
});
