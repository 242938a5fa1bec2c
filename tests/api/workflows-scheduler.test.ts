import type { AppDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob, openDb, registerJobHandler, runDueJobs, workflowDeps, type Db } from '@tangram/server';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

// The DB-backed scheduler shared by several server processes, and notification emails through an
// injected transport (never the network).

const l = (en: string) => ({ en, 'zh-CN': en });
const sent: { from: string; to: string; subject: string; text: string }[] = [];
let failNext = 0;
const stubTransport = {
  async sendMail(message: { from: string; to: string; subject: string; text: string }) {
    if (failNext > 0) {
      failNext--;
      throw new Error('SMTP server said no');
    }
    sent.push(message);
    return { messageId: String(sent.length) };
  },
};

let server: TestServer;
let admin: SignedIn;
let mia: SignedIn;

beforeAll(async () => {
  server = await createTestServer({ mailTransport: stubTransport, smtpFrom: 'Tangram <flow@acme.test>' });
  admin = await setupAdmin(server);
  mia = await createUser(server, admin, { email: 'mia@acme.test', name: 'Mia' });
  await server.db.query(`CREATE TABLE test_job_runs (job_id text NOT NULL, runner text NOT NULL)`);
}, 60_000);
afterAll(() => server.close());

registerJobHandler('test.count', async (tx, job, deps) => {
  // A little work inside the job's transaction so two pollers overlap.
  await tx.query(`SELECT pg_sleep(0.005)`);
  await tx.query(`INSERT INTO test_job_runs (job_id, runner) VALUES ($1, $2)`, [
    job.id,
    (deps.config as { runner?: string }).runner ?? '?',
  ]);
});

/** A second connection pool on the same database: another server process as far as locks go. */
async function secondDb(): Promise<{ db: Db; close: () => Promise<void> }> {
  if ((process.env.TANGRAM_TEST_DB ?? 'pglite') !== 'postgres')
    return { db: server.db, close: async () => {} };
  const { rows } = await server.db.query<{ name: string }>(`SELECT current_database() AS name`);
  const url = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${rows[0]!.name}`;
  const db = await openDb({ databaseUrl: url.toString() });
  return { db, close: () => db.close() };
}

describe('scheduler', () => {
  it('two pollers on one database run each due job exactly once', async () => {
    // PGlite has one connection, so there the two pollers interleave rather than race; on
    // PostgreSQL they claim with FOR UPDATE SKIP LOCKED from separate pools at the same time.
    const runAt = new Date('2030-01-01T00:00:00Z');
    await server.db.transaction(async (tx) => {
      for (let i = 0; i < 60; i++) await enqueueJob(tx, { orgId: null, kind: 'test.count', runAt });
    });
    const other = await secondDb();
    try {
      const a = workflowDeps({ db: server.db, config: { ...server.config, runner: 'a' } as never });
      const b = workflowDeps({ db: other.db, config: { ...server.config, runner: 'b' } as never });
      const now = new Date(runAt.getTime() + 1000);
      const [ra, rb] = await Promise.all([runDueJobs(a, now), runDueJobs(b, now)]);
      expect(ra.failed + rb.failed).toBe(0);
      const { rows } = await server.db.query<{ job_id: string; n: string }>(
        `SELECT job_id, count(*) AS n FROM test_job_runs GROUP BY job_id`,
      );
      expect(rows).toHaveLength(60);
      expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
      const pending = await server.db.query(
        `SELECT 1 FROM jobs WHERE kind = 'test.count' AND done_at IS NULL`,
      );
      expect(pending.rows).toHaveLength(0);
      // Nothing runs twice on a later round either.
      await Promise.all([runDueJobs(a, now), runDueJobs(b, now)]);
      const again = await server.db.query(`SELECT 1 FROM test_job_runs`);
      expect(again.rows).toHaveLength(60);
    } finally {
      await other.close();
    }
  });

  it('does not run a job before it is due, and retries a failing one with its error kept', async () => {
    const runAt = new Date('2031-01-01T00:00:00Z');
    registerJobHandler('test.flaky', async () => {
      if (failNext-- > 0) throw new Error('flaky');
    });
    await server.db.transaction((tx) => enqueueJob(tx, { orgId: null, kind: 'test.flaky', runAt }));
    const deps = workflowDeps({ db: server.db, config: server.config });
    expect((await runDueJobs(deps, new Date(runAt.getTime() - 1000))).ran).toBe(0);
    failNext = 1;
    expect(await runDueJobs(deps, runAt)).toEqual({ ran: 0, failed: 1 });
    const { rows } = await server.db.query<{ last_error: string; done_at: Date | null; attempts: number }>(
      `SELECT last_error, done_at, attempts FROM jobs WHERE kind = 'test.flaky'`,
    );
    expect(rows[0]).toMatchObject({ last_error: 'flaky', done_at: null, attempts: 1 });
    // Backed off: not yet at the same instant, done once the delay passed.
    expect((await runDueJobs(deps, runAt)).ran).toBe(0);
    failNext = 0;
    expect((await runDueJobs(deps, new Date(runAt.getTime() + 3 * 60_000))).ran).toBe(1);
  });
});

describe('notification email', () => {
  it('emails a new task to its assignee through the configured transport, retrying a failed send', async () => {
    const app: AppDefinition = {
      id: 'hr',
      name: l('HR'),
      formatVersion: 1,
      forms: [
        {
          id: 'leave',
          name: l('Leave'),
          titleField: 'title',
          workflowId: 'flow',
          fields: [{ id: 'title', type: 'text', label: l('Title') }],
        },
      ],
      workflows: [
        {
          id: 'flow',
          name: l('Flow'),
          form: 'leave',
          nodes: [
            { type: 'start', id: 'start', next: 'ok' },
            { type: 'approve', id: 'ok', assignees: [{ kind: 'users', ids: [mia.user.id] }], next: 'end' },
            { type: 'end', id: 'end' },
          ],
        },
      ],
    } as AppDefinition;
    const created = await admin.agent.post('/api/v1/apps').send(app);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await admin.agent
      .post('/api/v1/apps/hr/forms/leave/records')
      .send({ data: { title: 'Trip' } })
      .expect(201);
    expect(sent).toHaveLength(0); // sent by the scheduler after the commit, not inside the request
    const deps = workflowDeps({ db: server.db, config: server.config });
    failNext = 1;
    const first = await runDueJobs(deps);
    expect(first.failed).toBe(1);
    expect(sent).toHaveLength(0);
    await runDueJobs(deps, new Date(Date.now() + 10 * 60_000));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'mia@acme.test', from: 'Tangram <flow@acme.test>' });
    expect(sent[0]!.subject).toContain('Leave');
    expect(sent[0]!.subject).toContain('Trip');
  });
});
