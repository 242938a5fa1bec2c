import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldRegistry } from '@tangram/fields';
import type { AppDefinition } from '@tangram/schema';
import type { Db } from '../src/db/db';
import { migrations } from '../src/db/migrations/index';
import { runMigrations } from '../src/db/migrations/run-migrations';
import { openDb } from '../src/db/open-db';
import { applySync, scopeIndexName } from '../src/storage/sync-apply';
import { planSync } from '../src/storage/sync-plan';
import { loadTableState } from '../src/storage/table-state';

// Row-scope sort indexes (decision 0033): on forms with an owner-based permission group, every
// sortable column of the record table is also indexed under owner_id and owner_department_id,
// stated on every save and added to older tables by migration 010; other forms do not pay for them.

const l = (en: string) => ({ en, 'zh-CN': en });
const app: AppDefinition = {
  id: 'scoped',
  name: l('Scoped'),
  formatVersion: 1,
  forms: [
    {
      id: 'orders',
      name: l('Orders'),
      fields: [
        { id: 'title', type: 'text', label: l('Title') },
        { id: 'order_date', type: 'date', label: l('Order date') },
        { id: 'note', type: 'textarea', label: l('Note') },
        {
          id: 'lines',
          type: 'subform',
          label: l('Lines'),
          config: { fields: [{ id: 'qty', type: 'number', label: l('Qty') }] },
        },
      ],
      permissionGroups: [
        {
          id: 'sales',
          name: l('Sales'),
          members: [{ kind: 'everyone' }],
          actions: ['view'],
          scope: { kind: 'own' },
        },
      ],
    },
    {
      id: 'notes',
      name: l('Notes'),
      fields: [{ id: 'title', type: 'text', label: l('Title') }],
    },
  ],
} as AppDefinition;

async function save(db: Db, definition: AppDefinition) {
  await db.transaction(async (tx) => {
    const plan = planSync(definition, await loadTableState(tx, 'org_1', definition.id), fieldRegistry);
    await applySync(tx, 'org_1', definition.id, plan.steps);
  });
}

const scopeIndexes = (defs: Map<string, string>) =>
  [...defs.keys()].filter((name) => /\((owner_id|owner_department_id), [^,]+, id\)$/.test(defs.get(name)!));

async function indexDefs(db: Db, table: string): Promise<Map<string, string>> {
  const { rows } = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1`,
    [table],
  );
  return new Map(rows.map((r) => [r.indexname, r.indexdef]));
}

describe('row-scope sort indexes', () => {
  let db: Db;
  let root: string;
  let lines: string;
  const column = new Map<string, string>();

  beforeAll(async () => {
    db = await openDb({ inMemory: true });
    await runMigrations(db);
    await db.query(`INSERT INTO orgs (id, name) VALUES ('org_1', 'Org')`);
    await db.query(
      `INSERT INTO apps (org_id, id, name, definition, version) VALUES ('org_1', $1, $2, $3, 1)`,
      [app.id, JSON.stringify(app.name), JSON.stringify(app)],
    );
    await save(db, app);
    const state = await loadTableState(db, 'org_1', app.id);
    root = state.get('orders')!.table;
    lines = state.get('orders.lines')!.table;
    for (const [fieldId, c] of state.get('orders')!.columns) column.set(fieldId, c.column);
  }, 120_000);
  afterAll(() => db?.close());

  it('indexes each sortable column and created_at under both scope columns of a new record table', async () => {
    const defs = await indexDefs(db, root);
    for (const scope of ['owner_id', 'owner_department_id']) {
      expect(defs.get(scopeIndexName(root, scope, 'created_at'))).toMatch(
        new RegExp(`\\(${scope}, created_at, id\\)`),
      );
      expect(defs.get(scopeIndexName(root, scope, column.get('order_date')!))).toMatch(
        new RegExp(`\\(${scope}, ${column.get('order_date')}, id\\)`),
      );
      // Text keys as their sort index has them (PostgreSQL prints no collation equal to the column's).
      expect(defs.get(scopeIndexName(root, scope, column.get('title')!))).toMatch(
        new RegExp(`\\(${scope}, ${column.get('title')}( COLLATE "C")?, id\\)`),
      );
      // No sort index on a textarea, so no scope index either.
      expect(defs.has(scopeIndexName(root, scope, column.get('note')!))).toBe(false);
    }
  });

  it('gives subform tables (no owner columns) none', async () => {
    const defs = [...(await indexDefs(db, lines)).values()];
    expect(defs.some((d) => d.includes('owner_'))).toBe(false);
  });

  it('gives a form without an owner-based group none, and drops them when its last such group goes', async () => {
    const notes = (await loadTableState(db, 'org_1', app.id)).get('notes')!.table;
    expect(scopeIndexes(await indexDefs(db, notes))).toEqual([]);
    const unscoped = {
      ...app,
      forms: app.forms.map((f) =>
        f.id === 'orders'
          ? {
              ...f,
              permissionGroups: f.permissionGroups!.map((g) => ({ ...g, scope: { kind: 'all' as const } })),
            }
          : f,
      ),
    };
    await save(db, unscoped);
    expect(scopeIndexes(await indexDefs(db, root))).toEqual([]);
    await save(db, app);
    expect(scopeIndexes(await indexDefs(db, root))).toHaveLength(6);
  });

  it('migration 010 adds them to tables created before', async () => {
    const before = await indexDefs(db, root);
    // The id column is COLLATE "C" already, so PostgreSQL prints the key as plain `id`.
    const scoped = scopeIndexes(before);
    expect(scoped).toHaveLength(6);
    for (const name of scoped) await db.query(`DROP INDEX "${name}"`);
    const m010 = migrations.find((m) => m.id === '010_scope_sort_indexes')!;
    await db.transaction((tx) => m010.up(tx));
    const after = await indexDefs(db, root);
    for (const name of scoped) expect(after.get(name)).toBe(before.get(name));
    const notes = (await loadTableState(db, 'org_1', app.id)).get('notes')!.table;
    expect(scopeIndexes(await indexDefs(db, notes))).toEqual([]);
    // Running it again changes nothing.
    await db.transaction((tx) => m010.up(tx));
    expect(await indexDefs(db, root)).toEqual(after);
  });
});
