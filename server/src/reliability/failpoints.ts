/**
 * Crash points for the crash trials (decision 0049, first built for automations in 0029): when
 * `TANGRAM_FAILPOINT` (a comma list) names a point, the process kills itself there with SIGKILL,
 * as `kill -9` would, so a test can prove that a crash at that instant neither loses an
 * acknowledged write nor applies one twice. Unset in production: every call costs one environment
 * lookup and nothing else.
 *
 * - `name` fires at the first hit, `name@n` at the n-th hit of this process.
 * - With `TANGRAM_FAILPOINT_DIR`, each point fires once: a marker file is created before the kill,
 *   so the restarted process (same environment) gets past it.
 * - The entry `armed` reads the point from the file `$TANGRAM_FAILPOINT_DIR/armed`
 *   (`<trial id> <name>@<n>`), so a trial driver arms a new point for each trial without restarting
 *   the supervisor. The process that fires renames the file away first (atomic), so exactly one
 *   process fires it; the supervisor's replacement finds nothing armed.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Every named point, in write-path order. Adding one: name it here and call `failpoint` there. */
export const FAILPOINTS = [
  /** records kernel: the record rows are inserted (or updated), history not yet written. */
  'record.after_insert',
  /** records kernel: history and outbox rows written, hooks (aggregates, workflow start) not yet run. */
  'record.after_history',
  /** a keyed or versioned record write's transaction is complete, before COMMIT. */
  'record.before_commit',
  /** the write committed, before the HTTP answer is sent. */
  'record.after_commit',
  /** a workflow transition is stored (state, tasks, record status, history), before COMMIT. */
  'workflow.after_transition',
  /** automations: inside the effect's transaction, before the action writes. */
  'automation.before_effect',
  /** automations: the effect committed, before the event is marked processed. */
  'automation.after_effect',
  /** imports: a batch is written, before its checkpoint. */
  'import.before_checkpoint',
  /** imports: a batch and its checkpoint committed. */
  'import.after_batch',
] as const;

export type FailpointName = (typeof FAILPOINTS)[number];

export interface FailpointSpec {
  name: FailpointName;
  /** Fires at this hit (1 = the first). */
  hit: number;
}

const isName = (s: string): s is FailpointName => (FAILPOINTS as readonly string[]).includes(s);

/** Parses `name` or `name@n` (pure); undefined for anything else. */
export function parseSpec(text: string): FailpointSpec | undefined {
  const [name, n] = text.trim().split('@', 2) as [string, string | undefined];
  if (!isName(name)) return undefined;
  if (n === undefined) return { name, hit: 1 };
  const hit = Number(n);
  return Number.isInteger(hit) && hit >= 1 ? { name, hit } : undefined;
}

/** Hits per point (static entries) and per armed trial id, in this process. */
const hits = new Map<string, number>();

function count(key: string): number {
  const n = (hits.get(key) ?? 0) + 1;
  hits.set(key, n);
  return n;
}

function kill(): never {
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL to oneself is delivered before the call returns; this keeps the type honest.
  throw new Error('SIGKILL did not stop the process');
}

function fireArmed(name: FailpointName, dir: string): void {
  const file = path.join(dir, 'armed');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return; // nothing armed
  }
  const [trial, specText] = text.trim().split(/\s+/, 2) as [string, string | undefined];
  const spec = specText ? parseSpec(specText) : undefined;
  if (!spec || spec.name !== name) return;
  if (count(`armed:${trial}`) < spec.hit) return;
  try {
    renameSync(file, path.join(dir, `fired-${trial}`));
  } catch {
    return; // another process fired it
  }
  kill();
}

/** Kills this process at `name` when the test setting asks for it (see the file comment). */
export function failpoint(name: FailpointName): void {
  const points = process.env.TANGRAM_FAILPOINT;
  if (!points) return;
  const dir = process.env.TANGRAM_FAILPOINT_DIR;
  for (const entry of points.split(',')) {
    if (entry === 'armed') {
      if (dir) fireArmed(name, dir);
      continue;
    }
    const spec = parseSpec(entry);
    if (!spec || spec.name !== name) continue;
    if (count(name) < spec.hit) continue;
    if (dir) {
      try {
        writeFileSync(path.join(dir, name), String(process.pid), { flag: 'wx' });
      } catch {
        continue; // fired before: the marker exists
      }
    }
    kill();
  }
}
