/**
 * The built-in demo: the ERP (and the CRM when its package is registered) installed with sample
 * data through `POST /templates/:key/install`, as the first-run "start with the CRM and ERP demo"
 * does. Every sample record goes through the write door, so the counts prove none was refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSampleRecords, sampleSeed, seededRandom, templatePackages } from '../../templates/src/index';
import { createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';

let server: TestServer;
let admin: SignedIn;

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
});
afterAll(() => server.close());

async function installed(key: string) {
  const res = await admin.agent
    .post(`/api/v1/templates/${key}/install`)
    .send({ sample: true, locale: 'zh-CN' });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  for (;;) {
    const { body } = await admin.agent.get(`/api/v1/templates/installs/${res.body.install.id}`).expect(200);
    if (body.install.status !== 'running') return body.install;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const demo = ['erp', 'crm'].filter((k) => templatePackages.some((p) => p.key === k));

describe('the CRM and ERP demo', () => {
  // A year of sample data through the write door: minutes on the shared test machine.
  it.each(demo)(
    'installs %s with its sample data',
    async (key) => {
      const install = await installed(key);
      expect(install.status, JSON.stringify(install.error)).toBe('done');
      expect(install.progress.done).toBe(install.progress.total);
    },
    600_000,
  );

  it('wrote every sample record of the installed packages', async () => {
    const list = (await admin.agent.get('/api/v1/templates').expect(200)).body.items as {
      key: string;
      installed: unknown;
    }[];
    for (const key of demo)
      expect(list.find((p) => p.key === key)?.installed).toMatchObject({ status: 'done' });
    const master = templatePackages.find((p) => p.key === 'master')!;
    const sample = master.sample!({
      random: seededRandom(sampleSeed('master')),
      today: new Date().toISOString().slice(0, 10),
      locale: 'zh-CN',
    });
    expect(countSampleRecords(sample)).toBeGreaterThan(0);
    for (const batch of sample.batches) {
      const { body } = await admin.agent
        .post(`/api/v1/apps/master/forms/${batch.form}/aggregate`)
        .send({ groupBy: [], measures: [{ op: 'count', as: 'n' }] })
        .expect(200);
      expect(Number(body.rows[0].n), `${batch.app}/${batch.form}`).toBe(batch.records.length);
    }
  });
});
