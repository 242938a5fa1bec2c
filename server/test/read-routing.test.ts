import { describe, expect, it } from 'vitest';
import {
  classifyReplicaError,
  decideRead,
  defaultReadRoutingOptions,
  parseLsn,
  replicaReads,
  type ReplicaStatus,
} from '../src/db/read-routing';
import type { Db } from '../src/db/db';
import { loadConfig } from '../src/config';

const o = {
  ...defaultReadRoutingOptions,
  maxLagMs: 1_000,
  healthTtlMs: 1_000,
  replayTtlMs: 10,
  retryAfterMs: 2_000,
};
const ok = (at: number, replay: bigint | null, lagMs = 0): ReplicaStatus => ({ at, ok: true, replay, lagMs });

describe('parseLsn', () => {
  it('orders WAL positions like PostgreSQL', () => {
    expect(parseLsn('0/3000060')).toBe(0x3000060n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
  });
  it('refuses what is not a pg_lsn', () => {
    expect(() => parseLsn('3000060')).toThrow(/Not a WAL position/);
    expect(() => parseLsn('0/XYZ')).toThrow(/Not a WAL position/);
  });
});

describe('decideRead', () => {
  it('probes when nothing is known, and reads the primary when the probe found nothing', () => {
    expect(decideRead(null, null, 0, o)).toEqual({ to: 'probe' });
    expect(decideRead(null, null, 0, o, true)).toEqual({ to: 'primary', why: 'down' });
  });
  it('reads the replica when the reader has no write pending, on a status up to healthTtlMs old', () => {
    expect(decideRead(ok(0, 100n), null, 999, o)).toEqual({ to: 'replica' });
    expect(decideRead(ok(0, 100n), null, 1_000, o)).toEqual({ to: 'probe' });
  });
  it('reads the replica once it has replayed past the reader’s last write', () => {
    expect(decideRead(ok(0, 100n), 100n, 500, o)).toEqual({ to: 'replica' });
  });
  it('re-checks a replay position older than replayTtlMs when the reader’s write is ahead', () => {
    expect(decideRead(ok(0, 99n), 100n, 5, o)).toEqual({ to: 'primary', why: 'behind-own-write' });
    expect(decideRead(ok(0, 99n), 100n, 10, o)).toEqual({ to: 'probe' });
    // Fresh from a probe and still behind: the primary, without probing again.
    expect(decideRead(ok(10, 99n), 100n, 10, o, true)).toEqual({ to: 'primary', why: 'behind-own-write' });
    expect(decideRead(ok(0, null), 100n, 5, o)).toEqual({ to: 'primary', why: 'behind-own-write' });
  });
  it('reads the primary while the replica lags past the bound', () => {
    expect(decideRead(ok(0, 100n, 1_001), null, 5, o)).toEqual({ to: 'primary', why: 'lagging' });
    expect(decideRead(ok(0, 100n, 1_000), null, 5, o)).toEqual({ to: 'replica' });
  });
  it('keeps a down replica out for retryAfterMs, then tries it again', () => {
    const down: ReplicaStatus = { at: 0, ok: false, replay: null, lagMs: 0, problem: 'ECONNREFUSED' };
    expect(decideRead(down, null, 1_999, o)).toEqual({ to: 'primary', why: 'down' });
    expect(decideRead(down, null, 2_000, o)).toEqual({ to: 'probe' });
    expect(decideRead(down, null, 2_000, o, true)).toEqual({ to: 'primary', why: 'down' });
  });
});

describe('classifyReplicaError', () => {
  it('marks the replica down when it cannot be reached or is shutting down', () => {
    expect(classifyReplicaError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })).toBe('down');
    expect(classifyReplicaError({ code: '57P01', message: 'terminating connection' })).toBe('down');
    expect(classifyReplicaError({ code: '08006', message: 'connection failure' })).toBe('down');
    expect(classifyReplicaError(new Error('Connection terminated unexpectedly'))).toBe('down');
  });
  it('retries one statement on the primary for a recovery conflict or an unreplayed schema change', () => {
    expect(classifyReplicaError({ code: '40001', message: 'conflict with recovery' })).toBe('retry');
    expect(classifyReplicaError({ code: '42P01', message: 'relation "f_x" does not exist' })).toBe('retry');
    expect(classifyReplicaError({ code: '42703', message: 'column "c_y" does not exist' })).toBe('retry');
  });
  it('raises what the primary would answer the same way', () => {
    expect(
      classifyReplicaError({ code: '57014', message: 'canceling statement due to statement timeout' }),
    ).toBe('raise');
    expect(classifyReplicaError({ code: '22P02', message: 'invalid input syntax' })).toBe('raise');
    expect(classifyReplicaError(new Error('boom'))).toBe('raise');
  });
});

describe('replicaReads without a replica', () => {
  it('is the database itself', () => {
    const db = { kind: 'pglite' } as Db;
    expect(replicaReads(db, 'u1')).toBe(db);
  });
});

describe('READ_DATABASE_URL settings', () => {
  it('reads the replica URL and the lag bound', () => {
    const c = loadConfig({ READ_DATABASE_URL: 'postgres://r/db', READ_REPLICA_MAX_LAG_MS: '2500' });
    expect(c.readDatabaseUrl).toBe('postgres://r/db');
    expect(c.readReplicaMaxLagMs).toBe(2_500);
    expect(loadConfig({}).readDatabaseUrl).toBeUndefined();
    expect(loadConfig({}).readReplicaMaxLagMs).toBe(10_000);
  });
  it('refuses a lag bound that is not a whole number of ms up to an hour', () => {
    expect(() => loadConfig({ READ_REPLICA_MAX_LAG_MS: '1.5s' })).toThrow(/READ_REPLICA_MAX_LAG_MS/);
    expect(() => loadConfig({ READ_REPLICA_MAX_LAG_MS: '3600001' })).toThrow(/0 to 3600000/);
  });
});
