import type { FieldDefinition } from '@tangram/schema';
import { pointer, type ValidationIssue } from '@tangram/schema';
import { loadForm, type FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { quoteIdent } from '../db/sql/ident';

/** Where referenced ids must exist: the org's users, departments, uploaded files, or a form's live records. */
type Target =
  | { kind: 'user' }
  | { kind: 'department' }
  | { kind: 'file' }
  | { kind: 'record'; appId: string; formId: string };

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
    return { kind: 'record', appId: config.app ?? appId, formId: config.form };
  },
};

interface Reference {
  target: Target;
  id: string;
  path: string;
}

function collect(
  fields: readonly FieldDefinition[],
  data: Record<string, unknown>,
  appId: string,
  base: string,
  out: Reference[],
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
    const ids = Array.isArray(value) ? value : [value];
    ids.forEach((id, i) =>
      out.push({
        target,
        id: referencedId(id),
        path: Array.isArray(value) ? pointer(base, field.id, i) : pointer(base, field.id),
      }),
    );
  }
}

/** File values are `{ fileId, ... }` objects; every other reference is the id itself. */
const referencedId = (value: unknown): string =>
  typeof value === 'object' && value !== null && 'fileId' in value
    ? String((value as { fileId: unknown }).fileId)
    : String(value);

const keyOf = (t: Target) => (t.kind === 'record' ? `record:${t.appId}:${t.formId}` : t.kind);

async function existingIds(db: Db, orgId: string, target: Target, ids: string[]): Promise<Set<string>> {
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
  if (target.kind === 'department') {
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM departments WHERE org_id = $1 AND id = ANY($2)`,
      [orgId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }
  let linked: FormContext;
  try {
    linked = await loadForm(db, orgId, target.appId, target.formId);
  } catch {
    return new Set();
  }
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM ${quoteIdent(linked.table.table)} WHERE id = ANY($1) AND deleted_at IS NULL`,
    [ids],
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
 * (a member id of another org, or a deleted record, is refused with the value's path). One query
 * per kind of target, whatever the number of records.
 */
export async function checkReferences(
  db: Db,
  ctx: FormContext,
  items: { data: Record<string, unknown>; path: string }[],
): Promise<ValidationIssue[]> {
  const references: Reference[] = [];
  for (const item of items) collect(ctx.form.fields, item.data, ctx.app.id, item.path, references);
  const groups = new Map<string, Reference[]>();
  for (const ref of references)
    groups.set(keyOf(ref.target), [...(groups.get(keyOf(ref.target)) ?? []), ref]);
  const issues: ValidationIssue[] = [];
  for (const refs of groups.values()) {
    const target = refs[0]!.target;
    const found = await existingIds(db, ctx.orgId, target, [...new Set(refs.map((r) => r.id))]);
    for (const ref of refs) {
      if (!found.has(ref.id))
        issues.push({
          path: ref.path,
          code: 'unknown_reference',
          message: `"${ref.id}" ${MESSAGES[target.kind]}`,
        });
    }
  }
  return issues;
}
