/**
 * Record lifecycle hooks (decision 0023): features such as workflow, automations and aggregates
 * take part in every record write by registering hooks here, instead of the records module
 * importing them. The registry is an instance built by `createApp`, never a module global, so the
 * set of hooks is decided in one place and tests can build their own.
 */
import type { Grant } from '@tangram/acl';
import type { Principal } from '../../access';
import type { FormContext } from '../../apps/app-cache';
import type { Db } from '../../db/db';
import type { RecordDto } from '../../storage/record-store';
import type { FieldChange } from '../record-history';
import type { ComputeContext } from '../formula-fields';

/**
 * Which channel a write came through. It decides which hooks apply (a workflow task's own field
 * edits are not guarded by the workflow lock) and is recorded in the audit log.
 */
export type WriteSource = 'api' | 'bulk' | 'workflow' | 'automation' | 'import';

/** Everything a write and its hooks need, for one form, in one transaction. */
export interface WriteContext {
  tx: Db;
  form: FormContext;
  principal: Principal;
  /** What the writer may do on this form (decision 0022); a workflow task passes its node's access. */
  grant: Grant;
  compute: ComputeContext;
  source: WriteSource;
  /**
   * How deep in a chain of automations this write is (decision 0029): absent for a person's
   * write (depth 0). It travels in the outbox payload, so the runs it triggers can refuse to go
   * past the chain depth limit.
   */
  chain?: { depth: number; automationIds: string[] };
}

/** A write about to happen, before anything is computed. */
export type PendingChange =
  | { kind: 'create'; items: readonly unknown[]; pathOf: (i: number) => string }
  | { kind: 'update'; current: RecordDto; basePath: string }
  | { kind: 'delete'; current: RecordDto }
  | { kind: 'restore'; current: RecordDto };

/** An update after compute, before it is stored: the diff and which of it the writer sent. */
export interface ComputedUpdate {
  current: RecordDto;
  diff: readonly FieldChange[];
  /** Changed field ids the writer sent (formula fields recomputing alone are not listed). */
  sentChanges: readonly string[];
  basePath: string;
}

/** A stored change (same transaction): records as written; hooks may answer them enriched. */
export type StoredChange =
  | { kind: 'create'; records: readonly RecordDto[] }
  | { kind: 'update'; before: RecordDto; record: RecordDto; diff: readonly FieldChange[] }
  | { kind: 'delete' | 'restore'; record: RecordDto };

/**
 * Where a workflow status change happens: the workflow service calls `WritePipeline.statusChanged`
 * in the transaction of the transition (approve, reject, withdraw, re-submit, timeout), so hooks see
 * status changes like any other write. `actor` is null for the scheduler's automatic actions.
 */
export interface StatusContext {
  tx: Db;
  form: FormContext;
  actor: Principal | null;
  source: WriteSource;
}

/**
 * A stored record whose workflow status changed (its `workflowStatus` is the new one). A record's
 * first status, set while it is created, is part of its create change instead: later hooks see
 * the created records as the workflow hook answered them.
 */
export interface StatusChange {
  kind: 'status';
  record: RecordDto;
  previousStatus: string | null;
}

export interface RecordHooks {
  /** Before compute: may refuse the write by throwing an `AppError` (e.g. 409 approval lock). */
  beforeWrite?(ctx: WriteContext, change: PendingChange): Promise<void> | void;
  /**
   * An update after compute, before persist: may refuse it, or answer `'skip'` to leave the record
   * as it is (e.g. a re-opening edit that changes no value the writer sent).
   */
  beforePersist?(ctx: WriteContext, change: ComputedUpdate): Promise<'skip' | void> | 'skip' | void;
  /**
   * After persist, history and outbox, in the same transaction. May return the written records
   * with state the hook owns (e.g. `workflowStatus` after starting an approval), in the same order.
   */
  afterWrite?(ctx: WriteContext, change: StoredChange): Promise<RecordDto[] | void>;
  /** After a workflow status change was stored, same transaction; may refuse it (e.g. a balance rule). */
  afterStatusChange?(ctx: StatusContext, change: StatusChange): Promise<void>;
  /**
   * Whether this feature reads the record from the `record.created` events of this create
   * (decision 0066). When no hook answers it, every event carries its record.
   */
  readsCreatedRecords?(ctx: WriteContext): Promise<boolean>;
}

export interface HookRegistry {
  /** Adds a feature's hooks; they run in registration order. A name registers once. */
  register(name: string, hooks: RecordHooks): void;
  /** The registered hooks, in order. */
  list(): readonly { name: string; hooks: RecordHooks }[];
}

export function createHookRegistry(): HookRegistry {
  const entries: { name: string; hooks: RecordHooks }[] = [];
  return {
    register(name, hooks) {
      if (entries.some((e) => e.name === name))
        throw new Error(`Record hooks "${name}" are already registered.`);
      entries.push({ name, hooks });
    },
    list: () => entries,
  };
}
