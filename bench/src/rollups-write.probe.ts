/**
 * What keeping rollups costs a batch create (decision 0053): batches of 1,000 through the API on
 * PGlite, alternating with and without the dashboard's rollups (rebuilt between: the table is small),
 * so machine load falls on both sides alike. `pnpm --filter @tangram/bench exec tsx src/rollups-write.probe.ts`
 */
import { createApp, defaultConfig } from '@tangram/server';
import { APP_ID, FORM_ID, generateOrders, ordersApp } from './orders';
import { summarize } from './report';
import { log, openBenchDb, serve, Session, timed } from './bench-kit';

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
  const bench = await openBenchDb('memory');
  const { db } = bench;
  const server = await serve(createApp({ db, config: defaultConfig, serveStatic: false }));
  const s = new Session(server.base);
  const setup = await s.setup({
    orgName: 'Probe',
    name: 'Probe Admin',
    email: 'admin@probe.test',
    password: 'probe password 123',
  });
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
  await server.close();
  await bench.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
