/**
 * What keeping rollups costs a batch create (decision 0053): batches of 1,000 through the API on
 * PGlite, alternating with and without the dashboard's rollups (rebuilt between: the table is small),
 * so machine load falls on both sides alike. `pnpm --filter @tangram/bench exec tsx src/rollups-write.probe.ts`
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, defaultConfig, openDb, runMigrations } from '@tangram/server';
import { APP_ID, FORM_ID, generateOrders, ordersApp } from './orders';
import { summarize } from './report';
import { log, Session, timed } from './bench-kit';

const dashboard = {
  id: 'sales',
  name: { en: 'Sales' },
  widgets: [
    ['byRegion', [{ field: 'region' }]],
    ['byStatus', [{ field: 'status' }]],
    ['byMonth', [{ field: 'order_date', bucket: 'month' }]],
    ['byCustomer', [{ field: 'customer' }]],
  ].map(([id, dimensions], i) => ({
    id,
    type: 'bar',
    layout: { x: 0, y: i * 8, w: 12, h: 8 },
    source: { form: FORM_ID },
    dimensions,
    measures: [{ op: 'sum', field: 'amount', as: 'sales' }],
  })),
};

async function main() {
  const db = await openDb({ inMemory: true });
  await runMigrations(db);
  const server = http.createServer(createApp({ db, config: defaultConfig, serveStatic: false }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const s = new Session(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const setup = await s.request<{ csrfToken: string; user: { id: string } }>('POST', '/auth/setup', {
    orgName: 'Probe',
    name: 'Probe Admin',
    email: 'admin@probe.test',
    password: 'probe password 123',
  });
  s.csrf = setup.csrfToken;
  await s.request('POST', '/apps', { ...ordersApp(), dashboards: [dashboard] });
  const base = `/apps/${APP_ID}/forms/${FORM_ID}`;
  const gen = generateOrders(1_000_000, [setup.user.id]);
  const batch = () =>
    s.request('POST', `${base}/records/batch`, {
      items: Array.from({ length: 1000 }, () => ({ data: gen.next().value })),
    });
  for (let i = 0; i < 3; i++) await batch(); // warm-up
  const off: number[] = [];
  const on: number[] = [];
  for (let round = 0; round < 8; round++) {
    await db.query(`DELETE FROM rollups`);
    off.push(await timed(batch));
    await s.request('POST', `${base}/rollups/rebuild`, {});
    on.push(await timed(batch));
  }
  const a = summarize(off);
  const b = summarize(on);
  log(
    `without rollups: p50 ${a.p50.toFixed(0)} p95 ${a.p95.toFixed(0)} ms; with 4 rollups: p50 ${b.p50.toFixed(0)} p95 ${b.p95.toFixed(0)} ms`,
  );
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
