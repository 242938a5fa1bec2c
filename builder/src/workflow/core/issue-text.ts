import type { PlacedIssue } from './issues';

type Translate = (key: string) => string;

/**
 * Schema messages are written for developers ("must NOT have fewer than 1 items"); the problems an
 * author runs into every day get a sentence in their language. Anything else keeps its message.
 */
const KNOWN: { code: string; rest: RegExp; key: string }[] = [
  { code: 'minItems', rest: /^\/assignees(\/\d+\/ids)?$/, key: 'issues.noAssignee' },
  { code: 'minItems', rest: /^\/recipients(\/\d+\/ids)?$/, key: 'issues.noRecipient' },
  { code: 'minItems', rest: /^\/timeout\/escalateTo(\/\d+\/ids)?$/, key: 'issues.noEscalate' },
  { code: 'minLength', rest: /^\/hook$/, key: 'issues.noHook' },
];

/** The definition checks' codes (packages/schema workflow-semantic) that read the same anywhere. */
const BY_CODE: Record<string, string> = {
  empty_timeout: 'issues.emptyTimeout',
  missing_act_after: 'issues.missingActAfter',
  missing_escalate_to: 'issues.noEscalate',
  not_editable: 'issues.notEditable',
  unreachable: 'issues.unreachable',
  bad_condition: 'issues.badCondition',
  unknown_field: 'issues.unknownField',
  bad_condition_field: 'issues.badConditionField',
  bad_assignee_field: 'issues.badAssigneeField',
  duplicate_item: 'issues.duplicateItem',
  condition_always_true: 'issues.conditionAlwaysTrue',
  missing_remind_after: 'issues.missingRemindAfter',
};

export function issueKey(issue: Pick<PlacedIssue, 'code' | 'rest'>): string | null {
  return (
    KNOWN.find((k) => k.code === issue.code && k.rest.test(issue.rest))?.key ?? BY_CODE[issue.code] ?? null
  );
}

export function localizeIssue(issue: PlacedIssue, t: Translate): string {
  const key = issueKey(issue);
  return key ? t(key) : issue.message;
}
