/**
 * The automation worker of one server process: every `automationIntervalMs` it syncs schedules,
 * fires due ticks, processes every claimable outbox event and, once an hour, prunes processed
 * events and old runs past `automationRetentionDays`. Every process may run one; claims keep
 * them apart (decision 0029).
 */
import {
  createAutomationEngine,
  type AutomationDeps,
  type AutomationEngine,
  type ProcessResult,
} from './engine';
import { listenForOutbox } from './outbox-listener';
import { pruneOutbox } from './outbox-store';
import { pruneRuns } from './run-store';
import { fireDueSchedules, syncSchedules } from './schedules';

const PRUNE_EVERY_MS = 3_600_000;

/** One round: schedules, then events. Tests call it with their own clock. */
export async function runAutomationRound(
  engine: AutomationEngine,
  deps: AutomationDeps,
  now: Date = new Date(),
): Promise<ProcessResult> {
  await syncSchedules(deps.db, now);
  await fireDueSchedules(deps.db, now);
  return engine.processAll();
}

/** Deletes processed outbox events and runs older than the retention (never an org's newest event). */
export async function pruneAutomations(deps: AutomationDeps, now: Date = new Date()) {
  const before = new Date(now.getTime() - deps.config.automationRetentionDays * 86_400_000);
  let events = 0;
  for (let n = -1; n !== 0; events += n) n = await pruneOutbox(deps.db, before);
  let runs = 0;
  for (let n = -1; n !== 0; runs += n) n = await pruneRuns(deps.db, before);
  return { events, runs };
}

/**
 * Starts polling (0 = off) and, on a PostgreSQL server, listening for outbox commits (decision
 * 0037): a notification starts a round at once; one arriving during a round starts another right
 * after it (the round may have claimed before that commit). The returned function stops both and
 * waits for the current round.
 */
export function startAutomationWorker(deps: AutomationDeps): () => Promise<void> {
  const interval = deps.config.automationIntervalMs;
  if (interval <= 0) return async () => {};
  const engine = createAutomationEngine(deps);
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let lastPrune = 0;
  const round = async () => {
    if (stopped) return;
    await runAutomationRound(engine, deps);
    if (!stopped && Date.now() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = Date.now();
      await pruneAutomations(deps);
    }
  };
  let busy = false;
  let again = false;
  const tick = () => {
    if (busy) {
      // A slow round is still going: run one more after it rather than queue rounds up.
      again = true;
      return;
    }
    busy = true;
    again = false;
    running = round()
      .catch((e: unknown) => console.error('Automation round failed:', e instanceof Error ? e.message : e))
      .finally(() => {
        busy = false;
        if (again && !stopped) tick();
      });
  };
  const timer = setInterval(tick, interval);
  timer.unref();
  const stopListening =
    deps.db.kind === 'postgres' && deps.config.databaseUrl
      ? listenForOutbox(deps.config.databaseUrl, tick)
      : async () => {};
  tick();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await stopListening();
    await running;
  };
}
