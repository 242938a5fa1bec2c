import { describe, expect, it } from 'vitest';
import { issueKey, localizeIssue } from '../../src/workflow/core/issue-text';
import { workflowEn } from '../../src/workflow/i18n/en';
import { workflowZhCN } from '../../src/workflow/i18n/zh-CN';

const issue = (code: string, rest: string) => ({
  path: `/workflows/0/nodes/1${rest}`,
  code,
  message: 'raw',
  rest,
});

describe('issue texts', () => {
  it('names the everyday problems in the author language and keeps other messages', () => {
    expect(issueKey(issue('minItems', '/assignees'))).toBe('issues.noAssignee');
    expect(issueKey(issue('minItems', '/assignees/0/ids'))).toBe('issues.noAssignee');
    expect(issueKey(issue('minItems', '/recipients'))).toBe('issues.noRecipient');
    expect(issueKey(issue('missing_escalate_to', '/timeout/escalateTo'))).toBe('issues.noEscalate');
    expect(issueKey(issue('minItems', '/fields'))).toBeNull();
    expect(localizeIssue(issue('cycle', ''), (k) => k)).toBe('raw');
  });

  it('has every key in both languages', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
      );
    expect(keys(workflowEn).sort()).toEqual(keys(workflowZhCN).sort());
    for (const code of ['minItems', 'unreachable', 'not_editable', 'empty_timeout', 'missing_act_after']) {
      const key = issueKey(issue(code, '/assignees'));
      if (!key) continue;
      const [group, name] = key.split('.') as [keyof typeof workflowEn, string];
      expect((workflowZhCN[group] as Record<string, string>)[name]).toBeTruthy();
      expect((workflowEn[group] as Record<string, string>)[name]).toBeTruthy();
    }
  });
});
