/**
 * The automation engine (decision 0029): outbox events in, runs out.
 *
 *   claim events (lease, FOR UPDATE SKIP LOCKED, oldest pending per record)
 *     -> for each event: the automations of its app whose trigger fires and condition holds
 *     -> one run per (automation, event), its actions in order, each in its own transaction that
 *        first claims the effect key (event, action) and then writes through the write door
 *     -> mark the event processed.
 *
 * A crash between an action's commit and the mark leaves the event unprocessed; when its lease
 * runs out it is claimed again, the run is found again (unique per event), and every action whose
 * effect key exists is skipped with its recorded result. So each effect happens once per event.
 */
import type { AppDefinition, AutomationDefinition } from '@tangram/schema';
import type { Principal } from '../access';
import { authorize } from '../access/authorize';
import { principalOfUser } from '../access/user-principal';
import { loadApp } from '../apps/app-cache';
import type { Config } from '../config';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { AppError, notFound } from '../http/app-error';
import type { WritePipeline } from '../records/kernel/write-pipeline';
import { openReader, openSystemReader } from '../records/kernel/reader';
import type { RecordDto } from '../storage/record-store';
import { createAutomationActions } from './actions';
import { describeActionError } from './actions/record.actions';
import type {
  ActionContext,
  ActionRegistry,
  ActionResult,
  ChainInfo,
  TriggerEvent,
} from './actions/registry';
import { conditionHolds } from './condition';
import { failpoint } from '../reliability/failpoints';
import {
  claimEvent,
  claimEvents,
  insertEvent,
  markProcessed,
  MAX_EVENT_ATTEMPTS,
  pendingApps,
  releaseEvent,
  skipUnheard,
} from './outbox-store';
import {
  claimEffect,
  finishRun,
  getRun,
  isEnabled,
  openRun,
  recordEffect,
  runOfEvent,
  saveRunProgress,
  settingsOf,
  type ActionOutcome,
  type AutomationKey,
  type AutomationSetting,
  type RunRow,
} from './run-store';
import { firedAutomations, listenedKeys, triggerForm, type OutboxEvent } from './triggers';

export interface AutomationDeps {
  db: Db;
  config: Config;
  writes: WritePipeline;
  /** The action registry; defaults to every built-in action type. */
  actions?: ActionRegistry;
  now?: () => Date;
}

export interface ProcessResult {
  /** Events marked processed in bulk because no enabled automation listens to them. */
  skipped: number;
  events: number;
  runs: number;
  failedRuns: number;
}

/** Events claimed per round trip. */
const BATCH = 100;
/**
 * Events of one claimed batch handled side by side. Handled one at a time, an event waited for
 * about four commits (run opened, effect, run finished, event marked) and a dozen reads, so one
 * process managed ~30 events/s on PostgreSQL whatever the machine (bench/RESULTS.md, automations).
 * A batch never holds two events of one record (outbox-store's claim), so each record's order is
 * kept; events of different records already run side by side in two processes. PGlite's single
 * connection serializes them as before.
 */
const EVENT_CONCURRENCY = 4;
/** Apps with pending events looked at per skip pass, and events skipped per statement. */
const SKIP_APPS = 200;
const SKIP_BATCH = 1_000;
/** An action's result kept in the run history is cut to this many characters of JSON. */
const MAX_RESULT_CHARS = 20_000;

const NO_CHAIN: ChainInfo = { depth: 0, automationIds: [] };

/** A record as triggers and conditions see it: its data plus system columns. */
export const flatRecord = (r: RecordDto): Record<string, unknown> => ({
  ...r.data,
  id: r.id,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
  updatedAt: r.updatedAt,
  updatedBy: r.updatedBy,
  ownerId: r.ownerId,
  workflowStatus: r.workflowStatus,
});

const obj = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function chainOf(payload: Record<string, unknown>): ChainInfo {
  const chain = obj(payload.chain);
  if (!chain || typeof chain.depth !== 'number') return NO_CHAIN;
  const ids = Array.isArray(chain.automationIds)
    ? chain.automationIds.filter((x) => typeof x === 'string')
    : [];
  return { depth: chain.depth, automationIds: ids as string[] };
}

/** A result small enough for the history: large ones are replaced by a note of their size. */
function bounded(result: ActionResult): ActionResult {
  const text = JSON.stringify(result);
  if (text.length <= MAX_RESULT_CHARS) return result;
  // Keep the ids of the first written records: a later action's `earlier` source reads them.
  const ids = (key: string) =>
    Array.isArray(result[key])
      ? (result[key] as { formId?: string; id?: string }[])
          .slice(0, 100)
          .map((r) => ({ formId: r.formId, id: r.id }))
      : undefined;
  const kept = Object.fromEntries(
    ['created', 'updated'].flatMap((key) => (ids(key) ? [[key, ids(key)]] : [])),
  );
  return { truncated: true, size: text.length, ...kept };
}

/** A rollback that is not an error: how a test run undoes what it wrote. */
class DryRunRollback extends Error {}

export interface AutomationEngine {
  /** Claims and processes events until none is claimable (the worker's round; tests call it). */
  processAll(): Promise<ProcessResult>;
  /** Presses an automation's button on a record the caller can see; answers the run. */
  pressButton(
    principal: Principal,
    appId: string,
    automationId: string,
    recordId: string,
  ): Promise<{ run: RunRow | null; eventId: string }>;
  /** Runs a failed run again: actions whose effects were recorded are not repeated. */
  retry(principal: Principal, runId: string): Promise<RunRow>;
  /** What the automation would write for a record, inside a transaction that is rolled back. */
  testRun(
    principal: Principal,
    appId: string,
    automationId: string,
    recordId: string | null,
  ): Promise<TestRunAnswer>;
}

export interface TestRunAnswer {
  conditionHolds: boolean;
  trigger: TriggerEvent;
  actions: ActionOutcome[];
  /** Always false: nothing of a test run is kept. */
  written: false;
}

export function createAutomationEngine(deps: AutomationDeps): AutomationEngine {
  const { db, config } = deps;
  const actions = deps.actions ?? createAutomationActions();
  const clock = deps.now ?? (() => new Date());

  async function orgTimeZone(orgId: string): Promise<string> {
    const { rows } = await db.query<{ time_zone: string }>(`SELECT time_zone FROM orgs WHERE id = $1`, [
      orgId,
    ]);
    return rows[0]?.time_zone ?? 'UTC';
  }

  /** The active member an automation writes as: its owner, else the app's creator. */
  async function ownerOf(orgId: string, appId: string, setting: AutomationSetting | undefined) {
    let ownerId = setting?.ownerId ?? null;
    if (!ownerId) {
      const { rows } = await db.query<{ created_by: string | null }>(
        `SELECT created_by FROM apps WHERE org_id = $1 AND id = $2`,
        [orgId, appId],
      );
      ownerId = rows[0]?.created_by ?? null;
    }
    if (!ownerId) return { ownerId: null, principal: null };
    const principal = await principalOfUser(db, orgId, ownerId);
    return { ownerId, principal };
  }

  /** The current record of a workflow or button event (a system read: the event already happened). */
  async function currentRecord(orgId: string, appId: string, formId: string, recordId: string) {
    try {
      return flatRecord(
        await openSystemReader(db, orgId, 'automation trigger record').get({ appId, formId }, recordId),
      );
    } catch (e) {
      if (e instanceof AppError && e.status === 404) return null;
      throw e;
    }
  }

  /** The trigger as actions see it, from an outbox event. */
  async function triggerOf(event: OutboxEvent, app: AppDefinition, automation: AutomationDefinition) {
    const p = event.payload;
    const appId = str(p.appId)!;
    const formId = str(p.formId) ?? triggerForm(automation.trigger, app);
    const recordId = str(p.recordId);
    let record = obj(p.record);
    let old = obj(p.before);
    if (event.topic === 'record.deleted') old = record;
    // Workflow and button events name the record; events written before the payload carried the
    // record are read the same way.
    if (!record && formId && recordId && event.topic !== 'automation.webhook')
      record = await currentRecord(event.orgId, appId, formId, recordId);
    const detail: Record<string, unknown> = {};
    for (const k of ['workflowId', 'nodeId', 'status', 'hook', 'fields', 'pressedBy', 'at'])
      if (p[k] !== undefined) detail[k] = p[k];
    const trigger: TriggerEvent = {
      eventId: event.id,
      topic: event.topic,
      appId,
      formId,
      recordId,
      record,
      old,
      chain: chainOf(p),
      ...(Object.keys(detail).length ? { detail } : {}),
    };
    return trigger;
  }

  function holds(
    app: AppDefinition,
    automation: AutomationDefinition,
    trigger: TriggerEvent,
    timeZone: string,
  ) {
    const form = app.forms.find((f) => f.id === trigger.formId);
    return conditionHolds(
      automation.condition,
      { fields: form?.fields ?? [] },
      { record: trigger.record, old: trigger.old },
      { now: clock(), timeZone, userId: '', userDepartmentIds: [] },
    );
  }

  /**
   * Runs (or resumes) the run of `automation` for `eventKey`. Each action commits with its effect
   * key; the first failing action ends the run as failed and nothing after it runs.
   */
  async function execute(
    key: AutomationKey,
    automation: AutomationDefinition,
    trigger: TriggerEvent,
    eventKey: string,
    setting: AutomationSetting | undefined,
  ): Promise<RunRow> {
    const started = clock();
    const run = await openRun(db, key, eventKey, trigger, started);
    if (run.status === 'succeeded') return run;
    const runRef = { id: run.id, startedAt: started };
    const fail = async (error: string, outcomes: ActionOutcome[]) => {
      await finishRun(db, runRef, { status: 'failed', actions: outcomes, error }, clock());
      return (await getRun(db, key.orgId, run.id))!;
    };
    const limit = config.automationChainDepth;
    if (trigger.chain.depth >= limit) {
      const path = [...trigger.chain.automationIds, automation.id].join(' -> ');
      return fail(
        `Chain depth limit ${limit} reached (${path}): automations kept triggering each other, so this run wrote nothing. Check for a loop.`,
        [],
      );
    }
    const { ownerId, principal: owner } = await ownerOf(key.orgId, key.appId, setting);
    if (!owner)
      return fail(
        ownerId
          ? `The automation's owner (${ownerId}) is no longer an active member; switch it on again to become its owner.`
          : 'The automation has no owner; switch it on to become its owner.',
        [],
      );
    const timeZone = await orgTimeZone(key.orgId);
    const chain: ChainInfo = {
      depth: trigger.chain.depth + 1,
      automationIds: [...trigger.chain.automationIds, automation.id].slice(-20),
    };
    const outcomes: ActionOutcome[] = [];
    for (const [index, action] of automation.actions.entries()) {
      try {
        const outcome = await db.transaction(async (tx): Promise<ActionOutcome> => {
          const prior = await claimEffect(tx, key, eventKey, index, run.id);
          if (prior)
            return {
              index,
              type: action.type,
              status: 'succeeded',
              result: prior.result ?? {},
              reused: true,
            };
          failpoint('automation.before_effect');
          const ctx: ActionContext = {
            tx,
            orgId: key.orgId,
            appId: key.appId,
            automation,
            actionIndex: index,
            runId: run.id,
            owner,
            chain,
            now: clock(),
            timeZone,
            dryRun: false,
            writes: deps.writes,
            earlier: outcomes.map((o) => o.result ?? {}),
          };
          const result = bounded(await actions.run(ctx, action, trigger));
          await recordEffect(tx, key, eventKey, index, result);
          const done: ActionOutcome = { index, type: action.type, status: 'succeeded', result };
          // The run's progress commits with the effect, so the history never lags behind it.
          await saveRunProgress(tx, run.id, [...outcomes, done]);
          return done;
        });
        outcomes.push(outcome);
        failpoint('automation.after_effect');
      } catch (error) {
        const described = describeActionError(error);
        outcomes.push({ index, type: action.type, status: 'failed', error: described });
        return fail(`Action ${index + 1} (${action.type}) failed: ${described.message}`, outcomes);
      }
    }
    await finishRun(db, runRef, { status: 'succeeded', actions: outcomes, error: null }, clock());
    return (await getRun(db, key.orgId, run.id))!;
  }

  /**
   * Marks processed, in bulk, the pending events that no enabled automation of their app listens
   * to (a form without automations, a switched-off automation, a deleted app, events of no app).
   * They would fire nothing; this keeps them from costing a claim, an app load and a mark each.
   * An automation switched on later sees events written after that, as it would anyway.
   */
  async function skipUnheardEvents(): Promise<number> {
    let skipped = 0;
    for (const { orgId, appId } of await pendingApps(db, SKIP_APPS)) {
      let listened: string[] = [];
      if (appId) {
        try {
          const app = (await loadApp(db, orgId, appId)).definition;
          const settings = await settingsOf(db, orgId, appId);
          const enabled = (app.automations ?? []).filter((a) => isEnabled(a, settings.get(a.id)));
          listened = listenedKeys(enabled, app);
        } catch (e) {
          if (!(e instanceof AppError && e.status === 404)) throw e; // a deleted app listens to nothing
        }
      }
      for (let n = SKIP_BATCH; n === SKIP_BATCH; skipped += n)
        n = await skipUnheard(db, orgId, appId, listened, clock(), SKIP_BATCH);
    }
    return skipped;
  }

  /** Processes one claimed event: answers the runs it made (0 when nothing fired). */
  async function handleEvent(event: OutboxEvent): Promise<RunRow[]> {
    const appId = str(event.payload.appId);
    if (!appId) return [];
    let app: AppDefinition;
    try {
      app = (await loadApp(db, event.orgId, appId)).definition;
    } catch (e) {
      if (e instanceof AppError && e.status === 404) return []; // the app was deleted since
      throw e;
    }
    const fired = firedAutomations(app.automations ?? [], event);
    if (fired.length === 0) return [];
    const settings = await settingsOf(db, event.orgId, appId);
    const timeZone = await orgTimeZone(event.orgId);
    const runs: RunRow[] = [];
    for (const automation of fired) {
      const setting = settings.get(automation.id);
      if (!isEnabled(automation, setting)) continue;
      const trigger = await triggerOf(event, app, automation);
      if (!holds(app, automation, trigger, timeZone)) continue;
      runs.push(
        await execute(
          { orgId: event.orgId, appId, automationId: automation.id },
          automation,
          trigger,
          event.id,
          setting,
        ),
      );
    }
    return runs;
  }

  /**
   * Handles claimed events (EVENT_CONCURRENCY at a time, taken in id order) and marks the handled
   * ones processed in one statement at the end. A crash before that mark only makes the events
   * claimable again when their lease runs out: their runs are found finished, or resumed with the
   * recorded effects reused, so nothing is applied twice.
   */
  async function handleClaimed(events: (OutboxEvent & { attempts: number })[], result: ProcessResult) {
    const handled: string[] = [];
    let next = 0;
    const lane = async () => {
      while (next < events.length) {
        const event = events[next++]!;
        try {
          const runs = await handleEvent(event);
          result.events++;
          result.runs += runs.length;
          result.failedRuns += runs.filter((r) => r.status === 'failed').length;
          handled.push(event.id);
        } catch (error) {
          // Not a run failure (those are recorded): the database or a bug. Try again later, a few times.
          const message = error instanceof Error ? error.message : String(error);
          console.error(`Automation event ${event.id} (${event.topic}) failed: ${message}`);
          if (event.attempts >= MAX_EVENT_ATTEMPTS) handled.push(event.id);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(EVENT_CONCURRENCY, events.length) }, lane));
    await markProcessed(db, handled, clock());
  }

  return {
    async processAll() {
      const result: ProcessResult = { skipped: 0, events: 0, runs: 0, failedRuns: 0 };
      for (;;) {
        result.skipped += await skipUnheardEvents();
        const events = await claimEvents(db, clock(), BATCH, config.automationLeaseMs);
        if (events.length === 0) return result;
        await handleClaimed(events, result);
      }
    },

    async pressButton(principal, appId, automationId, recordId) {
      const app = (await loadApp(db, principal.orgId, appId)).definition;
      const automation = (app.automations ?? []).find((a) => a.id === automationId);
      if (!automation) throw notFound('Automation', 'automation_not_found');
      if (automation.trigger.type !== 'button')
        throw new AppError(409, 'not_a_button', `Automation "${automationId}" is not started by a button.`);
      const setting = (await settingsOf(db, principal.orgId, appId)).get(automationId);
      if (!isEnabled(automation, setting))
        throw new AppError(409, 'automation_disabled', `Automation "${automationId}" is switched off.`);
      const formId = automation.trigger.form;
      // The caller must see the record: outside their scope it does not exist (404).
      await openReader(db, principal).get({ appId, formId }, recordId);
      const eventId = await db.transaction((tx) =>
        insertEvent(tx, principal.orgId, 'automation.button', {
          appId,
          automationId,
          formId,
          recordId,
          pressedBy: principal.userId,
        }),
      );
      // Run it now when no older event of the record is pending; otherwise the worker runs it in order.
      const claimed = await claimEvent(db, eventId, clock(), config.automationLeaseMs);
      if (claimed) {
        const result: ProcessResult = { skipped: 0, events: 0, runs: 0, failedRuns: 0 };
        await handleClaimed([claimed], result).catch(() => releaseEvent(db, eventId));
      }
      return { eventId, run: await runOfEvent(db, { orgId: principal.orgId, appId, automationId }, eventId) };
    },

    async retry(principal, runId) {
      const run = await getRun(db, principal.orgId, runId);
      if (!run) throw notFound('Run', 'run_not_found');
      await authorize(principal, 'manage', { kind: 'app', orgId: principal.orgId, appId: run.appId });
      if (run.status !== 'failed')
        throw new AppError(
          409,
          'run_not_failed',
          `Only a failed run can be retried; this one is ${run.status}.`,
        );
      const app = (await loadApp(db, principal.orgId, run.appId)).definition;
      const automation = (app.automations ?? []).find((a) => a.id === run.automationId);
      if (!automation) throw notFound('Automation', 'automation_not_found');
      const setting = (await settingsOf(db, principal.orgId, run.appId)).get(run.automationId);
      const key = { orgId: principal.orgId, appId: run.appId, automationId: run.automationId };
      return execute(key, automation, run.trigger, run.eventKey, setting);
    },

    async testRun(principal, appId, automationId, recordId) {
      await authorize(principal, 'manage', { kind: 'app', orgId: principal.orgId, appId });
      const app = (await loadApp(db, principal.orgId, appId)).definition;
      const automation = (app.automations ?? []).find((a) => a.id === automationId);
      if (!automation) throw notFound('Automation', 'automation_not_found');
      const formId = triggerForm(automation.trigger, app);
      let record: Record<string, unknown> | null = null;
      if (recordId) {
        if (!formId)
          throw new AppError(
            400,
            'no_trigger_form',
            'This automation has no trigger form: test it without a record.',
          );
        record = flatRecord(await openReader(db, principal).get({ appId, formId }, recordId));
      }
      const trigger: TriggerEvent = {
        eventId: `test:${newId()}`,
        topic: 'test',
        appId,
        formId,
        recordId,
        record,
        old: record,
        chain: NO_CHAIN,
      };
      const timeZone = await orgTimeZone(principal.orgId);
      const answer: TestRunAnswer = {
        conditionHolds: holds(app, automation, trigger, timeZone),
        trigger,
        actions: [],
        written: false,
      };
      const setting = (await settingsOf(db, principal.orgId, appId)).get(automationId);
      // As the owner would run it; an automation nobody owns yet is tried as the caller.
      const owner = (await ownerOf(principal.orgId, appId, setting)).principal ?? principal;
      try {
        await db.transaction(async (tx) => {
          for (const [index, action] of automation.actions.entries()) {
            const ctx: ActionContext = {
              tx,
              orgId: principal.orgId,
              appId,
              automation,
              actionIndex: index,
              runId: trigger.eventId,
              owner,
              chain: { depth: 1, automationIds: [automation.id] },
              now: clock(),
              timeZone,
              dryRun: true,
              writes: deps.writes,
              earlier: answer.actions.map((a) => a.result ?? {}),
            };
            try {
              const result = bounded(await actions.run(ctx, action, trigger));
              answer.actions.push({ index, type: action.type, status: 'succeeded', result });
            } catch (error) {
              // A failed statement aborts the transaction: later actions cannot be tried.
              answer.actions.push({
                index,
                type: action.type,
                status: 'failed',
                error: describeActionError(error),
              });
              break;
            }
          }
          throw new DryRunRollback();
        });
      } catch (e) {
        if (!(e instanceof DryRunRollback)) throw e;
      }
      return answer;
    },
  };
}
