/**
 * Load test of several server processes (issue 17 §3, decision 0054): the real production start
 * (`tsx server/src/main.ts`, the supervisor forking WORKERS worker processes that share the port)
 * on one PostgreSQL database, driven over loopback by autocannon with a mixed workload from
 * signed-in sessions. Per connection the requests cycle through ten: 8 reads (a page of 20
 * records, a filtered query, a record by id) and 2 writes (a create, and an update of the record
 * the connection owns, carrying the version it just read: the optimistic check that answers 409
 * when someone else changed it). Reported per WORKERS value: throughput, p50/p95/p99 latency
 * (every response's time, from autocannon's `response` events), error rate (connection errors,
 * timeouts and non-2xx answers over all requests) and the load average before the run.
 *
 *   pnpm --filter @tangram/bench bench:load [--workers 1,2,4] [--duration 20]
 *     [--connections 32] [--records 5000]
 *
 * The load generator runs in this process on the same machine: on a 2-core machine it takes CPU
 * the workers would otherwise have, so the figures are for this setup, not the server's ceiling.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { ServerProcess, freePort } from '../../tests/support/server-process';
import { Session, createDatabase, flag, log, machine, parseFlags } from './bench-kit';
import { percentile } from './report';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const APP = 'load';
const FORM = `/api/v1/apps/${APP}/forms/items`;
const l = (en: string) => ({ en, 'zh-CN': en });

const flags = parseFlags({
  workers: flag.text('1,2,4'),
  duration: flag.int(20),
  connections: flag.int(32),
  records: flag.int(5000),
});
const workerCounts = flags.workers.split(',').map(Number);
const { duration, connections, records: seedRecords } = flags;

/** `pnpm start`'s server with WORKERS workers; resolves once every worker has said it listens. */
async function startServer(workers: number, databaseUrl: string, dataDir: string, port: number) {
  const server = new ServerProcess(
    { WORKERS: String(workers), DATABASE_URL: databaseUrl, DATA_DIR: dataDir },
    port,
  );
  server.start();
  await server.waitListening(workers);
  return server;
}

interface Row {
  workers: number;
  load: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  errorRate: number;
}

async function main() {
  const m = machine();
  const db = await createDatabase(ADMIN_URL);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tangram-load-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const rows: Row[] = [];
  let server: ServerProcess | undefined;
  try {
    // Setup and seeding on one worker; every measured run below reuses the same database.
    server = await startServer(1, db.url, dataDir, port);
    const admin = new Session(base);
    await admin.setup({
      orgName: 'Load',
      name: 'Ada',
      email: 'ada@load.test',
      password: 'correct horse battery',
    });
    await admin.request('POST', '/apps', {
      id: APP,
      name: l('Load'),
      formatVersion: 3,
      forms: [
        {
          id: 'items',
          name: l('Items'),
          titleField: 'title',
          fields: [
            { id: 'title', type: 'text', label: l('Title') },
            { id: 'qty', type: 'number', label: l('Qty'), config: { precision: 0 } },
          ],
        },
      ],
    });
    const ids: string[] = [];
    for (let i = 0; i < seedRecords; i += 1000) {
      const items = Array.from({ length: Math.min(1000, seedRecords - i) }, (_, j) => ({
        data: { title: `item ${i + j}`, qty: (i + j) % 997 },
      }));
      const res = await admin.request<{ records: { id: string }[] }>(
        'POST',
        `/apps/${APP}/forms/items/records/batch`,
        { items },
      );
      ids.push(...res.records.map((r) => r.id));
    }
    log(`seeded ${ids.length} records`);
    // Signed-in sessions the connections share (each connection keeps one).
    const sessions: Session[] = [];
    for (let i = 0; i < 8; i++)
      sessions.push(await new Session(base).signIn('ada@load.test', 'correct horse battery'));
    await server.stop();

    for (const workers of workerCounts) {
      server = await startServer(workers, db.url, dataDir, port);
      let connectionNo = 0;
      let created = 0;
      type Ctx = { session?: Session; own?: string; version?: number };
      const withSession = (req: autocannon.Request, ctx: Ctx) => {
        if (!ctx.session) {
          const n = connectionNo++;
          ctx.session = sessions[n % sessions.length]!;
          ctx.own = ids[n % ids.length]!;
        }
        req.headers = { ...req.headers, Cookie: ctx.session.cookie, 'X-CSRF-Token': ctx.session.csrf };
        return req;
      };
      const randomId = () => ids[Math.floor(Math.random() * ids.length)]!;
      const json = { 'Content-Type': 'application/json', Accept: 'application/json' };
      const page: autocannon.Request = {
        method: 'GET',
        path: `${FORM}/records?limit=20`,
        setupRequest: withSession,
      };
      const query: autocannon.Request = {
        method: 'POST',
        path: `${FORM}/records/query`,
        headers: json,
        setupRequest: (req, ctx) => {
          const min = Math.floor(Math.random() * 900);
          req.body = JSON.stringify({
            filter: { kind: 'cmp', field: 'qty', op: 'gt', value: min },
            limit: 20,
          });
          return withSession(req, ctx);
        },
      };
      const readOne: autocannon.Request = {
        method: 'GET',
        setupRequest: (req, ctx) => withSession({ ...req, path: `${FORM}/records/${randomId()}` }, ctx),
      };
      const readOwn: autocannon.Request = {
        method: 'GET',
        setupRequest: (req, ctx: Ctx) => {
          const r = withSession(req, ctx);
          return { ...r, path: `${FORM}/records/${ctx.own}` };
        },
        onResponse: (status, body, ctx: Ctx) => {
          if (status === 200)
            ctx.version = (JSON.parse(body) as { record: { version: number } }).record.version;
        },
      };
      const update: autocannon.Request = {
        method: 'PATCH',
        headers: json,
        setupRequest: (req, ctx: Ctx) => {
          const r = withSession(req, ctx);
          return {
            ...r,
            path: `${FORM}/records/${ctx.own}`,
            body: JSON.stringify({ version: ctx.version, data: { qty: Math.floor(Math.random() * 1000) } }),
          };
        },
      };
      const create: autocannon.Request = {
        method: 'POST',
        path: `${FORM}/records`,
        headers: json,
        setupRequest: (req, ctx) => {
          req.body = JSON.stringify({ data: { title: `load ${workers}-${created++}`, qty: 1 } });
          return withSession(req, ctx);
        },
      };
      // 8 reads, 2 writes per cycle of ten.
      const requests = [page, readOne, query, readOwn, update, page, readOne, query, create, readOne];

      // A short warm-up (module loading, connection pools, plans), not measured.
      await autocannon({ url: base, connections, duration: 3, requests });
      const load = os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ');
      const times: number[] = [];
      const result = await new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon({ url: base, connections, duration, requests }, (err, res) =>
          err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res),
        );
        instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
      });
      times.sort((x, y) => x - y);
      const total = result.requests.total + result.errors;
      const row: Row = {
        workers,
        load,
        requests: result.requests.total,
        rps: result.requests.total / (result.duration || duration),
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        p99: percentile(times, 99),
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        errorRate: total ? (result.errors + result.timeouts + result.non2xx) / total : 0,
      };
      rows.push(row);
      log(`WORKERS=${workers}: ${JSON.stringify(row)}`);
      await server.stop();
    }
  } finally {
    server?.kill(); // after a failure: nothing of the server outlives the run
    await db.drop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  }

  console.log(`\nMachine: ${m.cpus} × ${m.cpu}, ${m.ramGb} GB, Node ${m.node}; ${m.date}`);
  console.log(
    `Command: pnpm --filter @tangram/bench exec tsx src/load.bench.ts ${process.argv.slice(2).join(' ')}`,
  );
  console.log(`${connections} connections, ${duration} s per run, ${seedRecords} seeded records\n`);
  console.log(
    '| WORKERS | load average before (1, 5, 15 min) | requests | requests/s | p50 ms | p95 ms | p99 ms | errors + timeouts | non-2xx | error rate |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.workers} | ${r.load} | ${r.requests} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.errors} | ${r.non2xx} | ${(r.errorRate * 100).toFixed(2)} % |`,
    );
}

await main();
