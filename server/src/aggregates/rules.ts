/**
 * Blocking rules of an aggregate (pure, decision 0028). A rule refuses a write that moves a balance
 * to the wrong side of it: "qty >= 0" refuses a shipment that takes stock below zero, but never a
 * receipt that only makes an already negative balance less negative (a rule added after the fact
 * must not block the writes that repair it).
 */
import type { AggregateDefinition, AggregateRule, I18NText } from '@tangram/schema';
import { addDec, compareDec, formatDec, negDec, parseDec, type Dec } from './decimal';
import type { AppliedDelta } from './balance-store';

export interface RuleViolation {
  rule: AggregateRule;
  change: AppliedDelta;
  /** How much was there to take (before the write, measured from the rule's limit). */
  available: Dec;
  /** How much the write asked for. */
  requested: Dec;
}

const HOLDS: Record<AggregateRule['op'], (c: number) => boolean> = {
  '>=': (c) => c >= 0,
  '>': (c) => c > 0,
  '<=': (c) => c <= 0,
  '<': (c) => c < 0,
};

/** Lower limits (>=, >) are broken by taking away, upper ones (<=, <) by adding. */
const isLower = (op: AggregateRule['op']) => op === '>=' || op === '>';

/** The rules `changes` break, in lock order. */
export function ruleViolations(
  aggregate: AggregateDefinition,
  changes: readonly AppliedDelta[],
): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (const change of changes) {
    for (const rule of aggregate.rules ?? []) {
      if (rule.measure !== change.measureId) continue;
      const limit = parseDec(String(rule.value))!;
      if (HOLDS[rule.op](compareDec(change.after, limit))) continue;
      const worsens = isLower(rule.op) ? change.delta.isNegative() : change.delta.isPositive();
      if (!worsens) continue;
      out.push({
        rule,
        change,
        available: isLower(rule.op)
          ? addDec(change.before, negDec(limit))
          : addDec(limit, negDec(change.before)),
        requested: isLower(rule.op) ? negDec(change.delta) : change.delta,
      });
    }
  }
  return out;
}

export type Locale = 'zh-CN' | 'en';

const DEFAULT_TEXT: Record<Locale, string> = {
  en: '{key}: {available} available, {requested} requested',
  'zh-CN': '{key}：可用 {available}，需要 {requested}',
};

/** The refusal text in `locale`: the rule's own message when it has one, with the placeholders filled. */
export function violationText(
  violation: RuleViolation,
  keyTitle: string,
  decimals: number,
  locale: Locale,
  custom?: I18NText,
): string {
  const template = custom?.[locale] ?? custom?.en ?? custom?.['zh-CN'] ?? DEFAULT_TEXT[locale];
  const values: Record<string, string> = {
    key: keyTitle,
    available: formatDec(violation.available, decimals),
    requested: formatDec(violation.requested, decimals),
  };
  return template.replace(/\{(key|available|requested)\}/g, (_, name: string) => values[name]!);
}
