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

  it('words the empty-path and reminder checks in zh-CN and en', () => {
    const text = (code: string, rest: string, texts: typeof workflowEn) =>
      localizeIssue(
        issue(code, rest),
        (k) => (texts.issues as Record<string, string>)[k.split('.')[1]!] ?? k,
      );
    const always = ['condition_always_true', '/branches/0/condition'] as const;
    const remind = ['missing_remind_after', '/timeout/remindAfterMinutes'] as const;
    expect(text(...always, workflowZhCN)).toBe('此分支没有设置条件，会匹配所有数据，后面的分支永远不会执行');
    expect(text(...always, workflowEn)).toContain('paths after it are never taken');
    expect(text(...remind, workflowZhCN)).toBe('重复提醒需要先设置首次提醒时间');
    expect(text(...remind, workflowEn)).toBe('A repeated reminder needs the time of the first reminder');
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
