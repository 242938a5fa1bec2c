/**
 * The record actions of automations: create, update, upsert (by a key field) and delete, in any
 * form of the org. Every write goes through the records kernel's write door with source
 * `automation`, the owner's Grant and the owner as author, inside the action's effect transaction
 * (`ctx.tx`), carrying the chain depth so the runs it triggers know how deep they are.
 */
import type { Filter, FieldMapping, RecordSelector } from '@tangram/schema';
import { AppError } from '../../http/app-error';
import type { WriteContext } from '../../records/kernel/hooks';
import { openReader } from '../../records/kernel/reader';
import { writeTarget } from '../../records/records.writes';
import type { RecordDto } from '../../storage/record-store';
import type { ActionContext, ActionEntry, ActionOf, ActionResult, TriggerEvent } from './registry';
import { mappingScope } from './trigger-scope';
import { mapValues, rowsOf, type MappingScope } from './value-mapping';

/** At most this many records are updated or deleted by one action (a bound, not a page). */
export const MAX_MATCHED_RECORDS = 500;

/** A run-level error of an action: the message lands in the run history as written. */
export class ActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionError';
  }
}

interface TargetRef {
  app?: string;
  form: string;
}

/** The write context of an action on its target form: the owner's grant, source `automation`. */
async function writeContextFor(ctx: ActionContext, target: TargetRef): Promise<WriteContext> {
  const ref = { appId: target.app ?? ctx.appId, formId: target.form };
  const { base } = await writeTarget(ctx.tx, ctx.owner, ref, 'automation');
  return { ...base, compute: { ...base.compute, now: ctx.now }, tx: ctx.tx, chain: ctx.chain };
}

/** Records of the target the selector names, locked for `action` (404/403 from the door). */
async function selectRecords(
  ctx: ActionContext,
  w: WriteContext,
  target: TargetRef,
  selector: RecordSelector,
  scope: MappingScope,
  event: TriggerEvent,
  action: 'edit' | 'delete',
): Promise<RecordDto[]> {
  const appId = target.app ?? ctx.appId;
  if (selector.kind === 'trigger') {
    if (appId !== event.appId || target.form !== event.formId || !event.recordId)
      throw new ActionError(
        `"the trigger record" is only available when the action's form is the trigger's form (${event.formId ?? 'none'}).`,
      );
    return [await ctx.writes.lockOne(w, action, event.recordId)];
  }
  const ref = { appId, formId: target.form };
  const ids =
    selector.kind === 'filter'
      ? await idsWhere(ctx, ref, selector.filter)
      : await matchIds(ctx, ref, selector.match, scope);
  return ids.length ? ctx.writes.lockMany(w, action, ids) : [];
}

/** Ids of the records whose fields equal every mapped value, read as the owner. */
async function matchIds(
  ctx: ActionContext,
  ref: { appId: string; formId: string },
  match: readonly FieldMapping[],
  scope: MappingScope,
  limit = MAX_MATCHED_RECORDS,
): Promise<string[]> {
  if (match.length === 0) throw new ActionError('A record match needs at least one field.');
  const values = mapValues(match, scope, 'match');
  const filter: Filter = {
    kind: 'and',
    items: Object.entries(values).map(([field, value]) =>
      value === null || value === undefined
        ? { kind: 'cmp', field, op: 'isEmpty' }
        : { kind: 'cmp', field, op: 'eq', value: value as never },
    ),
  };
  return idsWhere(ctx, ref, filter, limit);
}

/**
 * Ids of the records that match `filter`, read as the owner (their view scope applies; dynamic
 * values such as today resolve now, in the org's time zone). More than `limit` is an error, so
 * one run stays bounded and never silently handles only part of what it was asked to.
 */
async function idsWhere(
  ctx: ActionContext,
  ref: { appId: string; formId: string },
  filter: Filter,
  limit = MAX_MATCHED_RECORDS,
): Promise<string[]> {
  const page = await openReader(ctx.tx, ctx.owner).page(ref, {
    filter,
    sort: [{ field: 'id', dir: 'asc' }],
    limit: limit + 1,
  });
  if (page.items.length > limit)
    throw new ActionError(
      `More than ${limit} records match; narrow the match so that one run stays bounded.`,
    );
  return page.items.map((r) => r.id);
}

async function updateOne(
  ctx: ActionContext,
  w: WriteContext,
  current: RecordDto,
  data: Record<string, unknown>,
  path: string,
): Promise<RecordDto> {
  return ctx.writes.update(w, current, await ctx.writes.checkUpdate(w, data, path, current.data), path);
}

const written = (formId: string, r: RecordDto) => ({ formId, id: r.id, data: r.data });

export const createAction: ActionEntry<ActionOf<'create'>> = {
  async run(ctx, action, event) {
    const w = await writeContextFor(ctx, action);
    const scope = await mappingScope(ctx, event);
    const items = rowsOf(action.forEachRow, event.record).map((row, i) =>
      mapValues(action.values, { ...scope, row }, action.forEachRow ? `rows/${i}/values` : 'values'),
    );
    if (items.length === 0) return { created: [] };
    const records = await ctx.writes.create(w, items, (i) => `/actions/${ctx.actionIndex}/items/${i}`);
    return { created: records.map((r) => written(action.form, r)) };
  },
};

export const updateAction: ActionEntry<ActionOf<'update'>> = {
  async run(ctx, action, event) {
    const w = await writeContextFor(ctx, action);
    const scope = await mappingScope(ctx, event);
    const data = mapValues(action.values, scope);
    const updated = [];
    for (const current of await selectRecords(ctx, w, action, action.records, scope, event, 'edit')) {
      const saved = await updateOne(ctx, w, current, data, `/actions/${ctx.actionIndex}/values`);
      updated.push({ ...written(action.form, saved), changed: saved.version !== current.version });
    }
    return { updated };
  },
};

export const upsertAction: ActionEntry<ActionOf<'upsert'>> = {
  async run(ctx, action, event) {
    const w = await writeContextFor(ctx, action);
    const scope = await mappingScope(ctx, event);
    const ref = { appId: action.app ?? ctx.appId, formId: action.form };
    const keyMapping = action.values.find((m) => m.field === action.key);
    if (!keyMapping)
      throw new ActionError(`Upsert key field "${action.key}" is not among the mapped values.`);
    const result: { created: unknown[]; updated: unknown[] } = { created: [], updated: [] };
    for (const [i, row] of rowsOf(action.forEachRow, event.record).entries()) {
      const where = action.forEachRow ? `rows/${i}/values` : 'values';
      const data = mapValues(action.values, { ...scope, row }, where);
      const key = data[action.key];
      if (key === null || key === undefined || key === '')
        throw new ActionError(`${where}/${action.key}: the upsert key has no value.`);
      const ids = await matchIds(ctx, ref, [keyMapping], { ...scope, row }, 1).catch((e: unknown) => {
        if (e instanceof ActionError)
          throw new ActionError(
            `More than one record of ${action.form} has ${action.key} = ${JSON.stringify(key)}.`,
          );
        throw e;
      });
      const path = `/actions/${ctx.actionIndex}/${where}`;
      if (ids.length === 0) {
        const [created] = await ctx.writes.create(w, [data], () => path);
        result.created.push(written(action.form, created!));
      } else {
        const current = await ctx.writes.lockOne(w, 'edit', ids[0]!);
        result.updated.push(written(action.form, await updateOne(ctx, w, current, data, path)));
      }
    }
    return result;
  },
};

export const deleteAction: ActionEntry<ActionOf<'delete'>> = {
  async run(ctx, action, event): Promise<ActionResult> {
    const w = await writeContextFor(ctx, action);
    const scope = await mappingScope(ctx, event);
    const deleted = [];
    for (const current of await selectRecords(ctx, w, action, action.records, scope, event, 'delete')) {
      await ctx.writes.setDeleted(w, current, true);
      deleted.push({ formId: action.form, id: current.id });
    }
    return { deleted };
  },
};

/** An AppError of the write door (400/403/404/409/422) as a run error: its message and details. */
export function describeActionError(error: unknown): { message: string; details?: unknown } {
  if (error instanceof AppError)
    return { message: error.message, ...(error.details ? { details: error.details } : {}) };
  return { message: error instanceof Error ? error.message : String(error) };
}
