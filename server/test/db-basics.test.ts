import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/db';
import { newId } from '../src/db/ids';
import { migrations } from '../src/db/migrations/index';
import { runMigrations } from '../src/db/migrations/run-migrations';
import { openDb } from '../src/db/open-db';
import { parseSize } from '../src/config';

describe('PGlite Db', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb({ inMemory: true });
  });
  afterAll(() => db.close());

  it('runs migrations once', async () => {
    expect(await runMigrations(db)).toEqual(migrations.map((m) => m.id));
    expect(await runMigrations(db)).toEqual([]);
  });

  it('returns the documented value types', async () => {
    const { rows } = await db.query(
      `SELECT now() AS ts, '2024-02-03'::date AS d, 1.50::numeric AS n, count(*) AS c, '{"a":1}'::jsonb AS j FROM orgs`,
    );
    expect(rows[0]).toMatchObject({ d: '2024-02-03', n: '1.50', c: 0, j: { a: 1 } });
    expect(rows[0]?.ts).toBeInstanceOf(Date);
  });

  it('rolls back a failed transaction and never interleaves concurrent ones', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO orgs (id, name) VALUES ('o_rb', 'x')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await db.query(`SELECT 1 FROM orgs WHERE id = 'o_rb'`)).rowCount).toBe(0);

    // Each transaction reads, waits, then writes count+1: interleaving would lose increments.
    await db.query(`INSERT INTO orgs (id, name) VALUES ('o_c', '0')`);
    await Promise.all(
      Array.from({ length: 10 }, () =>
        db.transaction(async (tx) => {
          const { rows } = await tx.query<{ name: string }>(`SELECT name FROM orgs WHERE id = 'o_c'`);
          await new Promise((r) => setTimeout(r, 2));
          await tx.transaction((inner) =>
            inner.query(`UPDATE orgs SET name = $1 WHERE id = 'o_c'`, [String(Number(rows[0]!.name) + 1)]),
          );
        }),
      ),
    );
    expect((await db.query<{ name: string }>(`SELECT name FROM orgs WHERE id = 'o_c'`)).rows[0]?.name).toBe(
      '10',
    );
  });
});

describe('newId', () => {
  it('is prefixed, unique and sortable by time', async () => {
    const a = newId('usr');
    await new Promise((r) => setTimeout(r, 2));
    const b = newId('usr');
    expect(a).toMatch(/^usr_[0-9a-z]{26}$/);
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => newId())).size).toBe(1000);
  });
});

describe('parseSize', () => {
  it('reads bytes, kb and mb', () => {
    expect(parseSize('1024')).toBe(1024);
    expect(parseSize('512kb')).toBe(512 * 1024);
    expect(parseSize('1MB')).toBe(1024 * 1024);
    expect(() => parseSize('lots')).toThrow();
  });
});
