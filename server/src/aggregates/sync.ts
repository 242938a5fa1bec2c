/**
 * Keeps balances in step with source records, in the write's transaction (decision 0028). For the
 * records of one write it computes what they should post now, compares with what they posted,
 * applies the difference to the balances (rows locked in a stable order), checks the blocking
 * rules on the locked values, and stores the new postings. It reconciles state instead of
 * replaying events, so running it twice for one record (a create that also started an approval)
 * changes nothing the second time.
 */
import type { AggregateDefinition } from '@tangram/schema';
import type { QueryContext } from '@tangram/query';
import type { Principal } from '../access';
import type { FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { openReader, openSystemReader } from '../records/kernel/reader';
import type { RecordDto } from '../storage/record-store';
import { formatDec } from './decimal';
import { applyDeltas, loadPostings, replacePostings, type AggregateRef } from './balance-store';
import { balanceDeltas, postingsOf, samePostings, sourcesOf, type Posting } from './postings';
import { ruleViolations, violationText, type RuleViolation } from './rules';

export interface SyncContext {
  tx: Db;
  form: FormContext;
  /** Whose write this is: key titles in a refusal are read as them (null: the scheduler). */
  actor: Principal | null;
}

/**
 * `when` conditions are evaluated without a viewer: an aggregate's postings must not depend on who
 * writes (the rebuild has no viewer either), so "current user" values match nobody.
 */
export const POSTING_QUERY_CONTEXT = (): QueryContext => ({
  now: new Date(),
  timeZone: 'UTC',
  userId: '',
  userDepartmentIds: [],
});

/** Brings every aggregate fed by `records` (of one form, stored as they are now) up to date. */
export async function syncRecords(ctx: SyncContext, records: readonly RecordDto[]): Promise<void> {
  const aggregates = ctx.form.app.aggregates ?? [];
  if (aggregates.length === 0 || records.length === 0) return;
  const sources = sourcesOf(aggregates, ctx.form.form, POSTING_QUERY_CONTEXT());
  const recordIds = records.map((r) => r.id);
  for (const aggregate of [...new Set(sources.map((s) => s.aggregate))]) {
    const ref: AggregateRef = { orgId: ctx.form.orgId, appId: ctx.form.app.id, aggregateId: aggregate.id };
    const desired = sources
      .filter((s) => s.aggregate === aggregate)
      .flatMap((s) => records.flatMap((r) => postingsOf(s, r)));
    const existing = await loadPostings(ctx.tx, ref, ctx.form.form.id, recordIds);
    if (samePostings(desired, existing)) continue;
    const applied = await applyDeltas(ctx.tx, ref, balanceDeltas(desired, existing));
    const violations = ruleViolations(aggregate, applied);
    if (violations.length) throw await balanceRuleError(ctx, aggregate, violations);
    await replacePostings(ctx.tx, ref, ctx.form.form.id, recordIds, desired);
  }
}

const MAX_NAMED = 5;

/**
 * 409 `balance_rule` naming each refused key by its records' titles and the shortfall
 * ("Widget A / Shanghai: 50 available, 85 requested"), in zh-CN and en. Titles are read as the
 * writer (the read door's titles: nothing when the title field is hidden from them, then the id).
 */
async function balanceRuleError(
  ctx: SyncContext,
  aggregate: AggregateDefinition,
  violations: RuleViolation[],
): Promise<AppError> {
  const reader = ctx.actor
    ? openReader(ctx.tx, ctx.actor)
    : openSystemReader(ctx.tx, ctx.form.orgId, 'aggregate rule refusal (scheduled workflow action)');
  const titles = new Map<string, Map<string, string>>();
  for (const key of aggregate.keys) {
    if (key.type !== 'record' || !key.form) continue;
    const ids = [
      ...new Set(violations.map((v) => v.change.keyValues[key.id]).filter((x): x is string => !!x)),
    ];
    titles.set(
      key.id,
      await reader
        .titles({ appId: key.app ?? ctx.form.app.id, formId: key.form }, ids)
        .catch(() => new Map()),
    );
  }
  const shown = violations.slice(0, MAX_NAMED);
  const details = shown.map((v) => {
    const keyTitle = aggregate.keys
      .map((k) => {
        const value = v.change.keyValues[k.id] ?? '';
        return titles.get(k.id)?.get(value) ?? value;
      })
      .join(' / ');
    const decimals = aggregate.measures.find((m) => m.id === v.rule.measure)?.decimals ?? 0;
    return {
      aggregate: aggregate.id,
      measure: v.rule.measure,
      key: v.change.keyValues,
      keyTitle,
      available: v.available,
      requested: v.requested,
      message: {
        en: violationText(v, keyTitle, decimals, 'en', v.rule.message),
        'zh-CN': violationText(v, keyTitle, decimals, 'zh-CN', v.rule.message),
      },
    };
  });
  const more = violations.length - shown.length;
  const join = (locale: 'en' | 'zh-CN', sep: string) =>
    details.map((d) => d.message[locale]).join(sep) +
    (more > 0 ? (locale === 'en' ? ` (and ${more} more)` : `（另有 ${more} 项）`) : '');
  const error = new AppError(409, 'balance_rule', join('en', '; '), {
    violations: details.map((d) => ({
      ...d,
      available: formatDetail(d.available, aggregate, d.measure),
      requested: formatDetail(d.requested, aggregate, d.measure),
    })),
  });
  error.localized = { en: join('en', '; '), 'zh-CN': join('zh-CN', '；') };
  return error;
}

function formatDetail(value: Posting['value'], aggregate: AggregateDefinition, measureId: string): string {
  const decimals = aggregate.measures.find((m) => m.id === measureId)?.decimals ?? 0;
  return formatDec(value, decimals);
}
