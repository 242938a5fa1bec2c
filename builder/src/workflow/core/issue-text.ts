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

export function issueKey(issue: Pick<PlacedIssue, 'code' | 'rest'>): string | null {
  return KNOWN.find((k) => k.code === issue.code && k.rest.test(issue.rest))?.key ?? null;
}

export function localizeIssue(issue: PlacedIssue, t: Translate): string {
  const key = issueKey(issue);
  return key ? t(key) : issue.message;
}
