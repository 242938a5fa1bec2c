/**
 * The per-app OpenAPI description and TypeScript types (decision 0046): the document validates
 * with an OpenAPI 3.1 validator; it lists what the caller may see; `types.ts` compiles with tsc and
 * a small client written against it creates and lists records with an API key.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';
import { everyFieldApp } from './fixtures/apps';

let server: TestServer;
let admin: SignedIn;

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  await admin.agent.post('/api/v1/apps').send(everyFieldApp('sales')).expect(201);
});
afterAll(() => server.close());

type Doc = {
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas: Record<string, { properties?: Record<string, Record<string, unknown>>; examples?: unknown[] }>;
  };
};

describe('GET /apps/:app/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document built from the forms', async () => {
    const res = await admin.agent
      .get('/api/v1/apps/sales/openapi.json')
      .set('Accept-Language', 'en')
      .expect(200);
    const result = await new Validator().validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(res.body.openapi).toBe('3.1.0');
    const doc = res.body as Doc;
    const orders = doc.components.schemas['orders.Data']!;
    // Field ids as properties, labels as titles, select options as an enum, an example.
    expect(orders.properties!.title).toMatchObject({ title: 'Title' });
    expect(JSON.stringify(orders.properties!.region)).toContain('"enum":["north","south"]');
    expect(orders.examples?.[0]).toMatchObject({ region: 'north' });
    expect(doc.components.schemas['Query.Filter']).toBeDefined();
    expect(doc.components.schemas.Error).toBeDefined();
    expect(doc.paths['/apps/sales/forms/orders/records']).toHaveProperty('post');
    expect(doc.paths['/apps/sales/forms/customers/records/{id}']).toHaveProperty('patch');
    // Chinese labels for a Chinese reader.
    const zh = await admin.agent
      .get('/api/v1/apps/sales/openapi.json')
      .set('Accept-Language', 'zh-CN')
      .expect(200);
    expect((zh.body as Doc).components.schemas['customers.Data']!.properties!.name).toMatchObject({
      title: '名称',
    });
  });

  it('lists only what the caller may use, and hides apps they cannot open', async () => {
    const readOnly = {
      ...everyFieldApp('shop'),
      formatVersion: 2,
      access: { members: [{ kind: 'everyone' }], admins: [], defaultFormActions: ['view'] },
    };
    await admin.agent.post('/api/v1/apps').send(readOnly).expect(201);
    const member = await createUser(server, admin, { email: 'ria@acme.test' });
    const res = await member.agent.get('/api/v1/apps/shop/openapi.json').expect(200);
    const doc = res.body as Doc;
    expect(doc.paths['/apps/shop/forms/orders/records']).not.toHaveProperty('post');
    expect(doc.components.schemas['orders.Create']).toBeUndefined();
    expect((await new Validator().validate(res.body)).valid).toBe(true);
    const hidden = {
      ...everyFieldApp('vault'),
      formatVersion: 2,
      access: { members: [], admins: [], defaultFormActions: [] },
    };
    await admin.agent.post('/api/v1/apps').send(hidden).expect(201);
    await member.agent.get('/api/v1/apps/vault/openapi.json').expect(404);
    await member.agent.get('/api/v1/apps/vault/types.ts').expect(404);
    await member.agent.get('/api/v1/apps/nope/openapi.json').expect(404);
  });
});

describe('GET /apps/:app/types.ts', () => {
  const dir = path.resolve(__dirname, '../../test-artifacts/openapi-client');
  let http: Server;
  afterAll(() => {
    http?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('compiles with tsc, and a client written against it creates and lists records with a key', async () => {
    const created = await admin.agent
      .post('/api/v1/api-keys')
      .send({
        name: 'typed client',
        scopes: [{ app: 'sales', forms: ['customers'], access: 'write' }],
        expiresInDays: 1,
      })
      .expect(201);
    const key = created.body.key as string;
    const types = await admin.agent
      .get('/api/v1/apps/sales/types.ts')
      .set('Authorization', `Bearer ${key}`)
      .expect(200);
    expect(types.headers['content-type']).toMatch(/^text\/plain/);
    expect(types.text).toContain('export interface CustomersData');
    expect(types.text).not.toContain('OrdersData'); // outside the key's scope
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'sales.types.ts'), types.text);
    writeFileSync(
      path.join(dir, 'client.ts'),
      `import type { AppForms, CustomersCreate, TangramPage, TangramRecord } from './sales.types';
type Customer = AppForms['customers']['read'];
export async function run(base: string, key: string): Promise<string[]> {
  const headers = { Authorization: 'Bearer ' + key, 'Content-Type': 'application/json' };
  const url = base + '/api/v1/apps/sales/forms/customers/records';
  const data: CustomersCreate = { name: 'Typed Co', city: 'Hangzhou' };
  const made = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ data }) });
  if (made.status !== 201) throw new Error('create failed: ' + made.status);
  const { record } = (await made.json()) as { record: TangramRecord<Customer> };
  const page = (await (await fetch(url, { headers })).json()) as TangramPage<Customer>;
  return [record.data.name ?? '', ...page.items.map((r) => r.data.name ?? '')];
}
`,
    );
    // A client that gets a field's type wrong must not compile: the types say something.
    writeFileSync(
      path.join(dir, 'bad.ts'),
      `import type { CustomersCreate } from './sales.types';\nexport const bad: CustomersCreate = { name: 42, nope: 1 };\n`,
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const args = [
      '--noEmit',
      '--strict',
      '--target',
      'ES2022',
      '--module',
      'ESNext',
      '--moduleResolution',
      'Bundler',
      '--lib',
      'ES2023,DOM',
      '--skipLibCheck',
      '--types',
      'node',
    ];
    const check = (file: string) =>
      promisify(execFile)(process.execPath, [tsc, ...args, path.join(dir, file)], { cwd: dir }).then(
        () => '',
        (e: { stdout?: string }) => e.stdout ?? 'failed',
      );
    const [good, bad] = await Promise.all([check('client.ts'), check('bad.ts')]);
    expect(good).toBe('');
    expect(bad).toMatch(/bad\.ts.*error TS2322/s);

    http = createServer(server.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => http.once('listening', resolve));
    const port = (http.address() as AddressInfo).port;
    const { run } = (await import(path.join(dir, 'client.ts'))) as {
      run: (b: string, k: string) => Promise<string[]>;
    };
    const names = await run(`http://127.0.0.1:${port}`, key);
    expect(names[0]).toBe('Typed Co');
    expect(names.slice(1)).toContain('Typed Co');
  }, 60_000);
});
