/**
 * Backup and restore (decision 0049): an instance with an app, records, history, a balance and an
 * uploaded file is backed up while it serves (PGlite: its folder under the connection's mutex;
 * PostgreSQL with TANGRAM_TEST_DB=postgres: pg_dump's snapshot), restored into an empty instance,
 * and read back through the API: the same records, history, balance and file bytes. Restore
 * refuses a non-empty target, a backup of the other kind and a file that is not a backup, changing
 * nothing.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BackupError,
  createApp,
  createBackup,
  defaultConfig,
  openDb,
  restoreBackup,
  runDueJobs,
  runMigrations,
  startBackupSchedule,
  workflowDeps,
  type Db,
} from '@tangram/server';
import { loginAs, setupAdmin, type TestServer } from './helpers';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const onPostgres = process.env.TANGRAM_TEST_DB === 'postgres';
const l = (en: string) => ({ en, 'zh-CN': en });
const BYTES = randomBytes(3000);

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const databases: string[] = [];
const folders: string[] = [];

/** A fresh place for an instance: a data folder and, on PostgreSQL, an empty database. */
async function newPlace(): Promise<{ dataDir: string; databaseUrl?: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tangram-backup-test-'));
  folders.push(dataDir);
  if (!onPostgres) return { dataDir };
  const name = `tangram_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  databases.push(name);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { dataDir, databaseUrl: url.toString() };
}

function serve(db: Db, dataDir: string): TestServer {
  const config = { ...defaultConfig, dataDir };
  const app = createApp({ db, config, serveStatic: false });
  return { app, db, config, agent: () => supertest.agent(app), close: () => db.close() };
}

const shop = {
  id: 'shop',
  name: l('Shop'),
  formatVersion: 3,
  forms: [
    {
      id: 'products',
      name: l('Products'),
      titleField: 'name',
      fields: [{ id: 'name', type: 'text', label: l('Name') }],
    },
    {
      id: 'moves',
      name: l('Moves'),
      fields: [
        { id: 'no', type: 'serial', label: l('No.'), config: { parts: [{ kind: 'counter', digits: 4 }] } },
        {
          id: 'product',
          type: 'relation',
          label: l('Product'),
          config: { form: 'products', multiple: false },
        },
        { id: 'qty', type: 'number', label: l('Qty'), config: { precision: 0 } },
      ],
    },
  ],
  aggregates: [
    {
      id: 'stock',
      name: l('Stock'),
      keys: [{ id: 'product', label: l('Product'), type: 'record', form: 'products' }],
      measures: [{ id: 'qty', label: l('Quantity'), decimals: 0 }],
      sources: [
        {
          id: 'moved',
          form: 'moves',
          keys: { product: { field: 'product' } },
          measures: { qty: { field: 'qty', sign: 1 } },
        },
      ],
    },
  ],
};

let archive: string;
let source: { dataDir: string; databaseUrl?: string };
const before: Record<string, unknown> = {};

beforeAll(async () => {
  source = await newPlace();
  archive = path.join(source.dataDir, '..', `${path.basename(source.dataDir)}.tar.gz`);
  const db = await openDb(source);
  await runMigrations(db);
  const server = serve(db, source.dataDir);
  const admin = await setupAdmin(server);
  await admin.agent.post('/api/v1/apps').send(shop).expect(201);
  const upload = await admin.agent
    .post('/api/v1/files')
    .attach('file', BYTES, { filename: 'note.bin' })
    .expect(201);
  const fileId = upload.body.file.id as string;
  const product = await admin.agent
    .post('/api/v1/apps/shop/forms/products/records')
    .send({ data: { name: 'Widget' } })
    .expect(201);
  const productId = product.body.record.id as string;
  const moves: string[] = [];
  for (const qty of [5, 7])
    moves.push(
      (
        await admin.agent
          .post('/api/v1/apps/shop/forms/moves/records')
          .send({ data: { product: productId, qty } })
          .expect(201)
      ).body.record.id,
    );
  await admin.agent
    .patch(`/api/v1/apps/shop/forms/moves/records/${moves[0]}`)
    .send({ version: 1, data: { qty: 6 } })
    .expect(200);
  // Backed up while the instance is open and serving.
  const manifest = await createBackup(db, source, archive);
  expect(manifest.kind).toBe(onPostgres ? 'postgres' : 'pglite');
  Object.assign(before, await snapshot(server, productId, moves, fileId), { productId, moves, fileId });
  // A write after the backup is not in it.
  await admin.agent
    .post('/api/v1/apps/shop/forms/moves/records')
    .send({ data: { product: productId, qty: 100 } })
    .expect(201);
  await db.close();
}, 120_000);

afterAll(async () => {
  for (const name of databases) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
  if (archive) await rm(archive, { force: true });
});

/** What the API shows of the instance. */
async function snapshot(server: TestServer, productId: string, moves: string[], fileId: string) {
  const admin = await loginAs(server, 'admin@acme.test', 'correct horse battery');
  const list = await admin.agent.get('/api/v1/apps/shop/forms/moves/records?limit=100&sort=no').expect(200);
  const history = await admin.agent
    .get(`/api/v1/apps/shop/forms/moves/records/${moves[0]}/history`)
    .expect(200);
  const balance = await admin.agent
    .get(`/api/v1/apps/shop/aggregates/stock/balances?k.product=${productId}`)
    .expect(200);
  const file = await admin.agent
    .get(`/api/v1/files/${fileId}`)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  return {
    records: (list.body.items as { id: string; version: number; data: Record<string, unknown> }[]).map(
      (r) => ({
        id: r.id,
        version: r.version,
        no: r.data.no,
        qty: r.data.qty,
      }),
    ),
    history: (history.body.items as { version: number; action: string }[]).map((h) => [h.version, h.action]),
    balance: balance.body.items[0]?.values.qty,
    file: file.status === 200 && Buffer.compare(file.body as Buffer, BYTES) === 0,
  };
}

describe('backup and restore', () => {
  it('restores records, history, balances and files into an empty instance', async () => {
    const target = await newPlace();
    const manifest = await restoreBackup(archive, target, () => openDb(target));
    expect(manifest.migrations.length).toBeGreaterThan(10);
    const db = await openDb(target);
    try {
      expect(await runMigrations(db)).toEqual([]);
      const after = await snapshot(
        serve(db, target.dataDir),
        before.productId as string,
        before.moves as string[],
        before.fileId as string,
      );
      expect(after).toEqual({
        records: before.records,
        history: before.history,
        balance: before.balance,
        file: true,
      });
      expect(after.balance).toBe('13');
      expect(after.records.map((r) => r.no)).toEqual(['0001', '0002']);
    } finally {
      await db.close();
    }
  });

  it('refuses a non-empty instance, the other database kind and a file that is not a backup', async () => {
    // The source instance is not empty (its database and its files).
    const refused = await restoreBackup(archive, source, () => openDb(source)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BackupError);
    expect((refused as Error).message).toMatch(
      /needs an empty instance, and .*(table|pglite).*Nothing was changed/,
    );

    const empty = await newPlace();
    const otherKind = onPostgres
      ? { dataDir: empty.dataDir }
      : { dataDir: empty.dataDir, databaseUrl: 'postgres://nobody@127.0.0.1:1/none' };
    await expect(restoreBackup(archive, otherKind, () => openDb(otherKind))).rejects.toThrow(
      /backup is of a (pglite|postgres) instance and the target is (postgres|pglite)/,
    );
    const junk = path.join(empty.dataDir, 'junk.tar.gz');
    await writeFile(junk, 'not a tar file');
    await expect(restoreBackup(junk, empty, () => openDb(empty))).rejects.toThrow(
      /not a readable backup archive/,
    );
    await expect(
      restoreBackup(path.join(empty.dataDir, 'missing.tar.gz'), empty, () => openDb(empty)),
    ).rejects.toThrow(/does not exist/);
    // Nothing was written into the empty target by the refused restores.
    expect((await readdir(empty.dataDir)).sort()).toEqual(['junk.tar.gz']);
  });

  it('scheduled backups run as a job of the running instance and keep the newest BACKUP_KEEP', async () => {
    const place = await newPlace();
    const dir = path.join(place.dataDir, 'backups');
    const saved = { ...process.env };
    Object.assign(process.env, { BACKUP_DIR: dir, BACKUP_INTERVAL_HOURS: '1', BACKUP_KEEP: '1' });
    const db = await openDb(place);
    try {
      await runMigrations(db);
      const t0 = new Date('2030-01-01T00:00:00Z');
      expect(await startBackupSchedule(db, t0)).toMatchObject({ keep: 1, everyMs: 3_600_000 });
      const deps = workflowDeps({
        db,
        config: { ...defaultConfig, dataDir: place.dataDir, databaseUrl: place.databaseUrl },
      });
      await runDueJobs(deps, new Date('2030-01-01T00:30:00Z')); // not due yet
      expect(await readdir(dir).catch(() => [])).toEqual([]);
      await runDueJobs(deps, new Date('2030-01-01T01:00:00Z'));
      expect(await readdir(dir)).toEqual(['tangram-backup-20300101T010000Z.tar.gz']);
      await writeFile(path.join(dir, 'notes.txt'), 'not ours');
      await runDueJobs(deps, new Date('2030-01-01T02:00:00Z'));
      expect((await readdir(dir)).sort()).toEqual(['notes.txt', 'tangram-backup-20300101T020000Z.tar.gz']);
      // The archive restores like a CLI backup.
      const target = await newPlace();
      const manifest = await restoreBackup(
        path.join(dir, 'tangram-backup-20300101T020000Z.tar.gz'),
        target,
        () => openDb(target),
      );
      expect(manifest.kind).toBe(onPostgres ? 'postgres' : 'pglite');
    } finally {
      await db.close();
      for (const k of ['BACKUP_DIR', 'BACKUP_INTERVAL_HOURS', 'BACKUP_KEEP'])
        if (saved[k] === undefined) delete process.env[k];
    }
  });
});
