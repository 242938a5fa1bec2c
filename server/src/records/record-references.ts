import { checkFilter } from '@tangram/query';
import type { FieldDefinition, Filter } from '@tangram/schema';
import { pointer, type ValidationIssue } from '@tangram/schema';
import type { Principal } from '../access';
import type { FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { openReader, openSystemReader, type ReadableForm } from './kernel/reader';

/** Where referenced ids must exist: the org's users, departments, uploaded files, or a form's live records. */
type Target =
  | { kind: 'user' }
  | { kind: 'department' }
  | { kind: 'file' }
  /** `filter`: the relation's choice filter (关联数据的数据过滤), which a newly linked record must match. */
  | { kind: 'record'; appId: string; formId: string; filter?: Filter; fieldId?: string; kept?: boolean };

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
      out.push({
        target:
          target.kind !== 'record'
            ? target
            : kept.has(id)
              ? { ...target, filter: undefined, kept: true }
              : target,
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

/**
 * One query per group: links checked against a relation's filter are grouped per relation field,
 * links the record already had apart from new ones (they are read with another reader).
 */
const keyOf = (t: Target) =>
  t.kind !== 'record'
    ? t.kind
    : t.kept
      ? `record:${t.appId}:${t.formId}:kept`
      : t.filter
        ? `record:${t.appId}:${t.formId}:filter:${t.fieldId}`
        : `record:${t.appId}:${t.formId}`;

/** Why a link is refused: the record does not exist (or is deleted), or it is outside the filter. */
type Found = { ok: Set<string>; outside: Set<string>; filterIssue?: string };

async function existingIds(db: Db, principal: Principal, target: Target, ids: string[]): Promise<Found> {
  if (target.kind !== 'record')
    return { ok: await directoryIds(db, principal.orgId, target, ids), outside: new Set() };
  // A new link is the writer's choice, so it must be a record they can see (a link to one outside
  // their view scope is refused as if it did not exist, as the picker never offered it). A link
  // the record already had was not their choice; it only has to still exist.
  const reader = target.kept
    ? openSystemReader(db, principal.orgId, 'relation links the record already had')
    : openReader(db, principal);
  const ref = { appId: target.appId, formId: target.formId };
  let linked: ReadableForm;
  try {
    linked = await reader.open(ref);
  } catch (error) {
    if (error instanceof AppError) return { ok: new Set(), outside: new Set() };
    throw error;
  }
  if (target.filter) {
    // The filter was checked against the target form when the app was saved; a form of another
    // app may have changed since. Refuse rather than link records the filter was meant to keep out.
    const problems = checkFilter(target.filter, linked.ctx.form);
    if (problems.length) {
      const { live } = await reader.existing(ref, ids);
      return { ok: new Set(), outside: live, filterIssue: problems.map((p) => p.message).join('; ') };
    }
  }
  const { live, matching } = await reader.existing(ref, ids, target.filter);
  return { ok: matching, outside: new Set([...live].filter((id) => !matching.has(id))) };
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
 * (a member id of another org, or a deleted record, is refused with the value's path), that a
 * newly linked record is one the principal can see (records kernel reader: its view scope), and
 * that it matches its relation's filter, with dynamic values (current user, today) resolved for
 * the principal as the picker's list was. One query per kind of target (per relation with a
 * filter), whatever the number of records.
 */
export async function checkReferences(
  db: Db,
  ctx: FormContext,
  items: ReferenceItem[],
  principal: Principal,
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
    const found = await existingIds(db, principal, target, [...new Set(refs.map((r) => r.id))]);
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
