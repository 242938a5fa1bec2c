/**
 * The automation action registry: one entry per action type of the definition format
 * (automation.schema.json `AutomationAction`). The engine never switches on an action's type; it
 * asks the registry. The registry is an instance built by `createActionRegistry` (in
 * `createApp`), and its argument must name every action type, so a type added to the schema
 * without an entry is a compile error, never a silent no-op.
 *
 * Exactly-once contract: the engine opens one transaction per (event, action), inserts the effect
 * row keyed by (event id, action index) in it, then calls `run` with that transaction as `ctx.tx`.
 * An entry must do ALL of its durable work through `ctx.tx` (record writes through `ctx.writes`,
 * notification rows, a queued webhook delivery row...), never commit on its own, and never call
 * the outside world directly: work that leaves the database (an HTTP request, an email) is queued
 * in `ctx.tx` and sent after the commit by its own worker, so a rollback or a crash cannot leave
 * half an effect. During a test run (`ctx.dryRun`) the transaction is rolled back at the end, so
 * an entry simply does its work and describes it in the result.
 */
import type { AutomationAction, AutomationDefinition } from '@tangram/schema';
import type { Principal } from '../../access';
import type { Db } from '../../db/db';
import type { WritePipeline } from '../../records/kernel/write-pipeline';

export type ActionType = AutomationAction['type'];
export type ActionOf<T extends ActionType> = Extract<AutomationAction, { type: T }>;

/** How deep in a chain of automations a write is: 0 for a person's write, +1 per automation. */
export interface ChainInfo {
  depth: number;
  /** Automations that led here, oldest first (for the loop error message). */
  automationIds: string[];
}

/** What fired the run, as the engine resolved it (values are the record's `data` plus system columns). */
export interface TriggerEvent {
  /** The outbox event id, or a synthetic key for a button press, schedule tick or test run. */
  eventId: string;
  /** e.g. `record.created`, `workflow.finished`, `button`, `schedule`, `webhook`. */
  topic: string;
  appId: string;
  formId: string | null;
  recordId: string | null;
  /** The trigger record after the change (null for a schedule, and for a delete: see `old`). */
  record: Record<string, unknown> | null;
  /** The trigger record before the change (updates and deletes), else null. */
  old: Record<string, unknown> | null;
  /** The chain that produced the triggering write. Writes of this run carry depth + 1. */
  chain: ChainInfo;
  /** Extra inputs of the trigger (workflow node id, webhook body...), shown in the run history. */
  detail?: Record<string, unknown>;
}

export interface ActionContext {
  /** The transaction of this action's effect; everything durable goes through it. */
  tx: Db;
  orgId: string;
  /** The app that holds the automation (an action's `app` defaults to it). */
  appId: string;
  automation: AutomationDefinition;
  actionIndex: number;
  runId: string;
  /** The automation's owner: writes use this principal's Grant and name them as author. */
  owner: Principal;
  /** The chain the writes of this action carry (the event's depth + 1). */
  chain: ChainInfo;
  now: Date;
  timeZone: string;
  /** A test run: the transaction is rolled back afterwards; describe what would be written. */
  dryRun: boolean;
  writes: WritePipeline;
  /**
   * Results of this run's earlier actions, by index (as recorded, so a resumed run reads what the
   * first attempt wrote). `earlier` value sources read the records they name.
   */
  earlier: readonly ActionResult[];
}

/**
 * What an action did, as JSON for the run history and the test-run answer, e.g.
 * `{ created: [{ formId, id, data }] }`. Keep it bounded (the engine truncates very large ones).
 */
export type ActionResult = Record<string, unknown>;

export interface ActionEntry<A extends AutomationAction = AutomationAction> {
  run(ctx: ActionContext, action: A, event: TriggerEvent): Promise<ActionResult>;
}

/** One entry per action type: completeness is checked by the compiler. */
export type ActionEntries = { [T in ActionType]: ActionEntry<ActionOf<T>> };

export interface ActionRegistry {
  /** Runs `action` with the entry of its type. */
  run(ctx: ActionContext, action: AutomationAction, event: TriggerEvent): Promise<ActionResult>;
  types(): ActionType[];
}

export function createActionRegistry(entries: ActionEntries): ActionRegistry {
  const table = { ...entries } as Record<string, ActionEntry | undefined>;
  return {
    run(ctx, action, event) {
      const entry = Object.hasOwn(table, action.type) ? table[action.type] : undefined;
      // The definition is validated on save, so this only happens with a stale or hand-made one.
      if (!entry) throw new Error(`Unknown automation action type "${String(action.type)}".`);
      return entry.run(ctx, action, event);
    },
    types: () => Object.keys(table) as ActionType[],
  };
}
