/**
 * The org directory and linked records an import's cells name, as text -> id indexes for
 * coerce.ts. Members and departments are read once per job run (the directory, not records);
 * relations per batch through the records kernel's read door as the importer, so a record the
 * importer cannot see cannot be linked by naming it (the write door re-checks links anyway).
 */
import type { Filter } from '@tangram/schema';
import type { FieldDefinition } from '@tangram/schema';
import type { Principal } from '../access';
import type { Db } from '../db/db';
import { openReader } from '../records/kernel/reader';
import { loadForm } from '../apps/app-cache';
import { addName, type NameIndex } from './coerce';

export async function directoryIndexes(
  db: Db,
  orgId: string,
): Promise<{ members: NameIndex; departments: NameIndex }> {
  const members: NameIndex = new Map();
  const departments: NameIndex = new Map();
  const users = await db.query<{ id: string; name: string; email: string }>(
    `SELECT id, name, email FROM users WHERE org_id = $1 AND active ORDER BY id`,
    [orgId],
  );
  for (const u of users.rows) {
    addName(members, u.id, u.id);
    addName(members, u.email, u.id);
    addName(members, u.name, u.id);
  }
  const deps = await db.query<{ id: string; name: string }>(
    `SELECT id, name FROM departments WHERE org_id = $1 ORDER BY id`,
    [orgId],
  );
  for (const d of deps.rows) {
    addName(departments, d.id, d.id);
    addName(departments, d.name, d.id);
  }
  return { members, departments };
}

/** Up to this many texts are looked up per statement (an `in` list is bounded at 1,000). */
const CHUNK = 500;

/**
 * For one relation field: which target records the texts name, by the target form's title field
 * or its serial number field, or by record id.
 */
export async function relationIndex(
  tx: Db,
  principal: Principal,
  appId: string,
  field: Extract<FieldDefinition, { type: 'relation' }>,
  texts: ReadonlySet<string>,
): Promise<NameIndex> {
  const index: NameIndex = new Map();
  if (texts.size === 0) return index;
  const targetAppId = field.config.app ?? appId;
  const ref = { appId: targetAppId, formId: field.config.form };
  const target = await loadForm(tx, principal.orgId, ref.appId, ref.formId);
  const keys = target.form.fields
    .filter((f) => f.id === target.form.titleField || f.type === 'serial')
    .map((f) => f.id);
  const reader = openReader(tx, principal);
  const all = [...texts];
  for (let i = 0; i < all.length; i += CHUNK) {
    const chunk = all.slice(i, i + CHUNK);
    const items: Filter[] = [{ kind: 'cmp', field: 'id', op: 'in', value: chunk } as Filter];
    for (const k of keys) items.push({ kind: 'cmp', field: k, op: 'in', value: chunk } as Filter);
    const page = await reader.page(ref, {
      filter: { kind: 'or', items } as Filter,
      sort: [],
      limit: Math.min(1000, chunk.length * 2 + 10),
    });
    for (const r of page.items) {
      addName(index, r.id, r.id);
      for (const k of keys) {
        const v = r.data[k];
        if (typeof v === 'string' || typeof v === 'number') addName(index, String(v), r.id);
      }
    }
  }
  return index;
}
