/**
 * Pure helpers of the player's balances page (decision 0028): how a balance's key reads, which
 * filters go to the server, and how keyset pages join without repeating a row.
 */
import type { BalanceRow } from '@tangram/client';
import type { AggregateKey } from '@tangram/schema';

/** The text a key value shows: a record key's title when the reader may see it, else the value. */
export const keyText = (row: BalanceRow, key: Pick<AggregateKey, 'id'>): string =>
  row.titles[key.id] ?? row.key[key.id] ?? '';

/** Filters as the balance API takes them: only keys with a value, trimmed (an empty box is "all"). */
export function keyFilters(values: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const v = value?.trim();
    if (v) out[key] = v;
  }
  return out;
}

/** A stable row key: the key values in definition order. */
export const rowKey = (row: BalanceRow, keys: readonly Pick<AggregateKey, 'id'>[]): string =>
  JSON.stringify(keys.map((k) => row.key[k.id] ?? null));

/** Appends a page, dropping rows already shown (a balance created between pages sorts after the cursor). */
export function appendPage(
  shown: readonly BalanceRow[],
  page: readonly BalanceRow[],
  keys: readonly Pick<AggregateKey, 'id'>[],
): BalanceRow[] {
  const seen = new Set(shown.map((r) => rowKey(r, keys)));
  return [...shown, ...page.filter((r) => !seen.has(rowKey(r, keys)))];
}

/** Whether a measure value is below zero (shown in red: a shortfall where rules allow one). */
export const isNegative = (value: string | undefined): boolean => !!value && value.trim().startsWith('-');
