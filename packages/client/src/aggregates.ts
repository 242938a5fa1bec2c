import type { AggregateKey, AggregateMeasure, AggregateRule, I18NText } from '@tangram/schema';
import type { Transport } from './transport';

/** One aggregate as `GET /apps/:app/aggregates` lists it (decision 0028). */
export interface AggregateSummary {
  id: string;
  name: I18NText;
  description?: I18NText;
  keys: AggregateKey[];
  measures: AggregateMeasure[];
  rules: AggregateRule[];
}

/** One balance: its key values (record ids or texts), their titles where readable, measure values. */
export interface BalanceRow {
  key: Record<string, string>;
  /** Titles of record keys the caller may read; a key left out shows its id. */
  titles: Record<string, string>;
  /** Exact decimal text with the measure's places. */
  values: Record<string, string>;
}

export interface BalancePage {
  items: BalanceRow[];
  nextCursor: string | null;
}

export interface BalanceQuery {
  limit?: number;
  cursor?: string;
  /** Key id -> exact value (a record id for record keys). */
  keys?: Record<string, string>;
}

export interface BalanceDifference {
  key: Record<string, string>;
  measure: string;
  stored: string;
  computed: string;
}

export interface RebuildReport {
  aggregate: string;
  records: number;
  balances: number;
  differenceCount: number;
  /** The first differences (all are counted in `differenceCount` and all are fixed). */
  differences: BalanceDifference[];
  applied: boolean;
}

const enc = encodeURIComponent;

/** Aggregate tables: definitions, balances (app members) and rebuild (app admins). */
export function createAggregatesApi(http: Transport) {
  const base = (appId: string) => `/apps/${enc(appId)}/aggregates`;
  return {
    list: (appId: string) => http.request<{ items: AggregateSummary[] }>('GET', base(appId)),
    /** One keyset page of balances in key order. */
    balances: (appId: string, aggregateId: string, q: BalanceQuery = {}) => {
      const query: Record<string, string | number | undefined> = { limit: q.limit, cursor: q.cursor };
      for (const [key, value] of Object.entries(q.keys ?? {})) query[`k.${key}`] = value;
      return http.request<BalancePage>('GET', `${base(appId)}/${enc(aggregateId)}/balances`, { query });
    },
    /** Recomputes from the sources; with `dryRun` only reports the differences. */
    rebuild: (appId: string, aggregateId: string, opts: { dryRun?: boolean } = {}) =>
      http.request<RebuildReport>('POST', `${base(appId)}/${enc(aggregateId)}/rebuild`, {
        body: { dryRun: opts.dryRun === true },
      }),
  };
}
