import { checkFilter, type QueryContext } from '@tangram/query';
import { compileFilter, createParams } from '@tangram/query/sql';
import type { FieldDefinition, Filter } from '@tangram/schema';
import { pointer, type ValidationIssue } from '@tangram/schema';
import { loadForm, type FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { quoteIdent } from '../db/sql/ident';
import { queryTarget } from './query-target';

/** Where referenced ids must exist: the org's users, departments, uploaded files, or a form's live records. */
type Target =
  | { kind: 'user' }
  | { kind: 'department' }
  | { kind: 'file' }
  /** `filter`: the relation's choice filter (关联数据的数据过滤), which a newly linked record must match. */
  | { kind: 'record'; appId: string; formId: string; filter?: Filter; fieldId?: string };

const TARGETS: Partial<Record<FieldDefinition['type'], (field: FieldDefinition, appId: string) => Target>> = {
  member: () => ({ kind: 'user' }),
  members: () => ({ kind: 'user' }),
  department: () => ({ kind: 'department' }),
  departments: () => ({ kind: 'department' }),
  image: () => ({ kind: 'file' }),
  attachment: () => ({ kind: 'file' }),
  signature: () => ({ kind: 'file' }),
  relation: (field, appId) => {
    const config = (field as Extract<FieldDefinition, { type: 'relation' }>).config;
    return {
      kind: 'record',
      appId: config.app ?? appId,
      formId: config.form,
      filter: config.filter,
      fieldId: field.id,
    };
  },
};

interface Reference {
  target: Target;
  id: string;
  path: string;
}

/** Values to check: new or changed data of one record, at `path`. */
export interface ReferenceItem {
  data: Record<string, unknown>;
  path: string;
  /**
   * The record's values before this write. A link the record already had is not checked against
   * the relation's filter again: the linked record may have stopped matching since (its status
   * changed), and that must not block saving other fields. It must still exist.
   */
  previous?: Record<string, unknown>;
}

/** Ids a relation field already linked to before the write. */
function linkedBefore(previous: Record<string, unknown> | undefined, fieldId: string): Set<string> {
  const value = previous?.[fieldId];
  if (value === null || value === undefined) return new Set();
  return new Set((Array.isArray(value) ? value : [value]).map(String));
}

function collect(
  fields: readonly FieldDefinition[],
  data: Record<string, unknown>,
  appId: string,
  base: string,
  out: Reference[],
  previous?: Record<string, unknown>,
): void {
  for (const field of fields) {
    const value = data[field.id];
    if (value === null || value === undefined) continue;
    if (field.type === 'subform' && Array.isArray(value)) {
      value.forEach((row, i) =>
        collect(field.config.fields, row as Record<string, unknown>, appId, pointer(base, field.id, i), out),
      );
      continue;
    }
    const targetOf = TARGETS[field.type];
    if (!targetOf) continue;
    const target = targetOf(field, appId);
    const kept = linkedBefore(previous, field.id);
    const ids = Array.isArray(value) ? value : [value];
    ids.forEach((raw, i) => {
      const id = referencedId(raw);
      const filtered = target.kind === 'record' && target.filter !== undefined && !kept.has(id);
      out.push({
        target: filtered || target.kind !== 'record' ? target : { ...target, filter: undefined },
        id,
        path: Array.isArray(value) ? pointer(base, field.id, i) : pointer(base, field.id),
      });
    });
  }
}

/** File values are `{ fileId, ... }` objects; every other reference is the id itself. */
const referencedId = (value: unknown): string =>
  typeof value === 'object' && value !== null && 'fileId' in value
    ? String((value as { fileId: unknown }).fileId)
    : String(value);

/** One query per group: links checked against a relation's filter are grouped per relation field. */
const keyOf = (t: Target) =>
  t.kind !== 'record'
    ? t.kind
    : t.filter
      ? `record:${t.appId}:${t.formId}:filter:${t.fieldId}`
      : `record:${t.appId}:${t.formId}`;

/** Why a link is refused: the record does not exist (or is deleted), or it is outside the filter. */
type Found = { ok: Set<string>; outside: Set<string>; filterIssue?: string };

async function existingIds(
  db: Db,
  orgId: string,
  target: Target,
  ids: string[],
  qctx: QueryContext,
): Promise<Found> {
  if (target.kind !== 'record') return { ok: await directoryIds(db, orgId, target, ids), outside: new Set() };
  let linked: FormContext;
  try {
    linked = await loadForm(db, orgId, target.appId, target.formId);
  } catch {
    return { ok: new Set(), outside: new Set() };
  }
  const table = quoteIdent(linked.table.table);
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM ${table} WHERE id = ANY($1) AND deleted_at IS NULL`,
    [ids],
  );
  const live = new Set(rows.map((r) => r.id));
  if (!target.filter || live.size === 0) return { ok: live, outside: new Set() };
  // The filter was checked against the target form when the app was saved; a form of another
  // app may have changed since. Refuse rather than link records the filter was meant to keep out.
  const problems = checkFilter(target.filter, linked.form);
  if (problems.length)
    return { ok: new Set(), outside: live, filterIssue: problems.map((p) => p.message).join('; ') };
  const params = createParams();
  const idsParam = params.add([...live]);
  const where = compileFilter(target.filter, queryTarget(linked), qctx, params);
  const matching = await db.query<{ id: string }>(
    `SELECT t.id FROM ${table} t WHERE t.id = ANY(${idsParam}) AND ${where}`,
    params.values,
  );
  const ok = new Set(matching.rows.map((r) => r.id));
  return { ok, outside: new Set([...live].filter((id) => !ok.has(id))) };
}

async function directoryIds(
  db: Db,
  orgId: string,
  target: Exclude<Target, { kind: 'record' }>,
  ids: string[],
): Promise<Set<string>> {
  if (target.kind === 'user') {
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM users WHERE org_id = $1 AND id = ANY($2)`,
      [orgId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }
  if (target.kind === 'file') {
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM files WHERE org_id = $1 AND id = ANY($2)`,
      [orgId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM departments WHERE org_id = $1 AND id = ANY($2)`,
    [orgId, ids],
  );
  return new Set(rows.map((r) => r.id));
}

const MESSAGES: Record<Target['kind'], string> = {
  user: 'is not a member of this organisation',
  department: 'is not a department of this organisation',
  file: 'is not a file uploaded to this organisation',
  record: 'is not a record of the linked form',
};

/**
 * Checks that member, department, file and linked-record ids in new values exist in the principal's org
 * (a member id of another org, or a deleted record, is refused with the value's path), and that a
 * newly linked record matches its relation's filter, with dynamic values (current user, today)
 * resolved by `qctx` as the picker's list was. One query per kind of target (per relation with a
 * filter), whatever the number of records.
 */
export async function checkReferences(
  db: Db,
  ctx: FormContext,
  items: ReferenceItem[],
  qctx: QueryContext,
): Promise<ValidationIssue[]> {
  const references: Reference[] = [];
  for (const item of items)
    collect(ctx.form.fields, item.data, ctx.app.id, item.path, references, item.previous);
  const groups = new Map<string, Reference[]>();
  for (const ref of references)
    groups.set(keyOf(ref.target), [...(groups.get(keyOf(ref.target)) ?? []), ref]);
  const issues: ValidationIssue[] = [];
  for (const refs of groups.values()) {
    const target = refs[0]!.target;
    const found = await existingIds(db, ctx.orgId, target, [...new Set(refs.map((r) => r.id))], qctx);
    for (const ref of refs) {
      if (found.ok.has(ref.id)) continue;
      if (found.outside.has(ref.id))
        issues.push({
          path: ref.path,
          code: 'outside_filter',
          message: found.filterIssue
            ? `"${ref.id}" cannot be checked: the relation's filter no longer fits the linked form (${found.filterIssue})`
            : `"${ref.id}" is not one of the records this field may link to (it does not match the field's filter)`,
        });
      else
        issues.push({
          path: ref.path,
          code: 'unknown_reference',
          message: `"${ref.id}" ${MESSAGES[target.kind]}`,
        });
    }
  }
  return issues;
}
