import { describe, expect, it } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import { checkAppDefinition } from '../src/apps/definition-checks';
import { AppError } from '../src/http/app-error';

/** An app with a process form whose workflow branches on `condition`. */
const app = (condition: unknown): AppDefinition =>
  ({
    id: 'app',
    name: { en: 'App' },
    formatVersion: 1,
    forms: [
      {
        id: 'purchase',
        name: { en: 'Purchase' },
        workflowId: 'wf',
        fields: [
          { id: 'amount', type: 'number', label: { en: 'Amount' } },
          { id: 'title', type: 'text', label: { en: 'Title' } },
        ],
      },
    ],
    workflows: [
      {
        id: 'wf',
        name: { en: 'Flow' },
        form: 'purchase',
        nodes: [
          { type: 'start', id: 'start', next: 'b' },
          { type: 'branch', id: 'b', branches: [{ id: 'big', condition, next: 'a' }], defaultNext: 'end' },
          { type: 'approve', id: 'a', assignees: [{ kind: 'submitter' }], next: 'end' },
          { type: 'end', id: 'end' },
        ],
      },
    ],
  }) as AppDefinition;

const detailsOf = (raw: unknown) => {
  try {
    checkAppDefinition(raw);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return ((error as AppError).details as { path: string; code: string }[]).map(
      (d) => `${d.code} @ ${d.path}`,
    );
  }
};

describe('workflow branch conditions on app save', () => {
  it('accepts a valid condition', () => {
    expect(detailsOf(app({ kind: 'cmp', field: 'amount', op: 'gt', value: 10000 }))).toEqual([]);
  });

  it('refuses an operator the field type does not take and a value of the wrong type', () => {
    const at = '/workflows/0/nodes/1/branches/0/condition';
    expect(detailsOf(app({ kind: 'cmp', field: 'amount', op: 'contains', value: 'x' }))).toEqual([
      `operatorNotAllowed @ ${at}/op`,
    ]);
    expect(detailsOf(app({ kind: 'cmp', field: 'amount', op: 'gt', value: 'lots' }))).toEqual([
      `invalidValue @ ${at}/value`,
    ]);
  });
});
