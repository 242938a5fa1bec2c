import type { DateBucket } from '@tangram/schema';
import type { ResolvedAggregate } from './check.js';
import { divideDec, parseDec, formatDec } from './decimal.js';
import type { QueryKind } from './field-info.js';

/**
 * One result row of an aggregate: group aliases and measure aliases to values. Group values keep
 * the API shape (text, number, boolean, `YYYY-MM-DD` for dates and date buckets, ISO UTC for
 * date-times, `HH:mm:ss` for times); measures are JS numbers (count 0, others null over no values).
 */
export type AggregateRow = Record<string, string | number | boolean | null>;

/** How one output value is read back from SQL text. */
export type AggregateColumn =
  | { alias: string; role: 'group'; kind: QueryKind; bucket: DateBucket | null; sql: string }
  | { alias: string; role: 'count' | 'sum' | 'min' | 'max'; sql: string }
  | { alias: string; role: 'avg'; sql: string; countSql: string }
  /** `$grouping` (GROUPING() bits) and `$others` (top N's merged row), only when asked for. */
  | { alias: '$grouping'; role: 'grouping'; sql: string }
  | { alias: '$others'; role: 'others'; sql: string };

/** Converts an exact decimal text (PostgreSQL numeric output) to the nearest JS number. */
export const numberFromDecimal = (text: string): number => Number(text);

/** The average of an exact decimal sum over a count, rounded as documented, as a JS number. */
export function averageOf(sumText: string, count: number): number {
  return Number(formatDec(divideDec(parseDec(sumText), count)));
}

function readGroup(kind: QueryKind, bucket: DateBucket | null, v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  const text = String(v);
  if (bucket) return text;
  switch (kind) {
    case 'numeric':
      return Number(text);
    case 'boolean':
      return text === 'true' || text === 't';
    default:
      return text;
  }
}

/**
 * Reads one row of `compileAggregate`'s SQL (every column comes back as text, so any driver gives
 * the same thing) into an `AggregateRow`, the same shape `aggregate` produces in memory.
 */
export function readAggregateRow(
  row: Readonly<Record<string, unknown>>,
  columns: readonly AggregateColumn[],
): AggregateRow {
  const out: AggregateRow = {};
  for (const c of columns) {
    const v = row[c.sql];
    switch (c.role) {
      case 'group':
        out[c.alias] = readGroup(c.kind, c.bucket, v);
        break;
      case 'count':
      case 'grouping':
        out[c.alias] = Number(v ?? 0);
        break;
      case 'others':
        // Only the merged row carries the flag, as in memory.
        if (v === 'true' || v === 't' || v === true) out[c.alias] = true;
        break;
      case 'avg': {
        const n = Number(row[c.countSql] ?? 0);
        out[c.alias] = v === null || v === undefined || n === 0 ? null : averageOf(String(v), n);
        break;
      }
      default:
        out[c.alias] = v === null || v === undefined ? null : numberFromDecimal(String(v));
    }
  }
  return out;
}

export type { ResolvedAggregate };
