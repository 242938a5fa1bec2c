/**
 * Bookkeeping of the authorization matrix: every checked case is counted per channel, every
 * mismatch with the reference model is kept with enough context to reproduce it, and every
 * response body is scanned for canaries the user may not see.
 */
import { CANARY_PATTERN } from './fixture';

/** Every read and write channel of issue #11 point 3 the matrix drives. */
export const CHANNELS = [
  'list',
  'query',
  'count',
  'q',
  'get',
  'history',
  'comments',
  'aggregate',
  'hiddenFilter',
  'hiddenSort',
  'hiddenGroupBy',
  'dashboard',
  'dashboardMaskedTable',
  'widgetPreview',
  'clickThrough',
  'widgetExport',
  'relationChoices',
  'relationPicker',
  'relationDisplay',
  'lookup',
  'viewAs',
  'create',
  'patch',
  'patchNonEditable',
  'delete',
  'bulkUpdate',
  'bulkDelete',
] as const;
export type Channel = (typeof CHANNELS)[number];

export interface CaseContext {
  user: string;
  app: string;
  form: string;
  record?: string;
}

export interface Mismatch extends CaseContext {
  channel: Channel;
  what: string;
  expected: unknown;
  actual: unknown;
}

export class Matrix {
  readonly counts = new Map<Channel, number>();
  readonly canaryScans = new Map<Channel, number>();
  readonly mismatches: Mismatch[] = [];

  /** One case: `ok` is the server agreeing with the model. */
  check(
    channel: Channel,
    ctx: CaseContext,
    what: string,
    ok: boolean,
    expected: unknown,
    actual: unknown,
  ): boolean {
    this.counts.set(channel, (this.counts.get(channel) ?? 0) + 1);
    if (!ok) this.mismatches.push({ channel, ...ctx, what, expected, actual });
    return ok;
  }

  /** Status cases per channel that the model expects to succeed / to be refused (both must occur). */
  readonly allowed = new Map<Channel, number>();
  readonly refused = new Map<Channel, number>();
  /** Canaries met in responses that the user may see: proves the scan is not vacuous. */
  permittedCanariesSeen = 0;

  /** A status case: `expected` lists the acceptable statuses. */
  status(
    channel: Channel,
    ctx: CaseContext,
    expected: readonly number[],
    actual: number,
    body?: unknown,
  ): boolean {
    const tally = expected.some((s) => s < 300) ? this.allowed : this.refused;
    tally.set(channel, (tally.get(channel) ?? 0) + 1);
    return this.check(channel, ctx, 'status', expected.includes(actual), expected, {
      status: actual,
      ...(expected.includes(actual) ? {} : { body: shorten(body) }),
    });
  }

  /** An allow/deny case whose refusal has no single status (widgets answer `{ error }` in a 200). */
  decide(
    channel: Channel,
    ctx: CaseContext,
    what: string,
    expected: boolean,
    actual: boolean,
    detail: unknown,
  ): boolean {
    const tally = expected ? this.allowed : this.refused;
    tally.set(channel, (tally.get(channel) ?? 0) + 1);
    return this.check(channel, ctx, what, expected === actual, expected, detail);
  }

  /** No canary of `forbidden` may appear in `text` (one case per response). */
  scan(channel: Channel, ctx: CaseContext, text: string, forbidden: ReadonlySet<string>): void {
    this.canaryScans.set(channel, (this.canaryScans.get(channel) ?? 0) + 1);
    const met = [...new Set(text.match(CANARY_PATTERN) ?? [])];
    const leaked = met.filter((c) => forbidden.has(c));
    this.permittedCanariesSeen += met.length - leaked.length;
    this.check(channel, ctx, 'no forbidden canary in the response', leaked.length === 0, [], leaked);
  }

  total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
}

function shorten(body: unknown): unknown {
  const text = JSON.stringify(body) ?? '';
  return text.length > 300 ? `${text.slice(0, 300)}…` : body;
}

/** Runs `tasks` with at most `limit` in flight (PostgreSQL serves several; PGlite queues them). */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
