/**
 * An automation's condition (pure): the query AST of packages/query, evaluated in memory by the
 * same operator table as the SQL compiler, over the trigger record after the change (`new`) and
 * before it (`old`). A record that did not exist before (a create) has no old values: `old` is
 * evaluated over an empty record, so "status was not approved" holds for a new record.
 */
import { createMatcher, type QueryContext, type QueryForm } from '@tangram/query';
import type { AutomationCondition } from '@tangram/schema';

export interface ConditionInput {
  record: Record<string, unknown> | null;
  old: Record<string, unknown> | null;
}

export function conditionHolds(
  condition: AutomationCondition | undefined,
  form: QueryForm,
  input: ConditionInput,
  ctx: QueryContext,
): boolean {
  if (!condition) return true;
  if (condition.new && !createMatcher(condition.new, form, ctx)(input.record ?? {})) return false;
  if (condition.old && !createMatcher(condition.old, form, ctx)(input.old ?? {})) return false;
  return true;
}
