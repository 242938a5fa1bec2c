import type { AppDefinition } from '@tangram/schema';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAutomationEngine, createRecordWrites, solveProof } from '@tangram/server';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

// Public form links (decision 0047): an app admin publishes a form with chosen fields; anyone with
// the link submits through the records kernel's write door, reads nothing, and is rate-limited
// and bot-checked. Each test posts from its own address (X-Forwarded-For, one trusted proxy) so
// the per-address limit of one test does not touch the others.

const l = (en: string) => ({ en, 'zh-CN': en });
const APP = '/api/v1/apps/crm';
const LINKS = `${APP}/forms/leads/public-links`;

let server: TestServer;
let admin: SignedIn;
let member: SignedIn;
let ipSeq = 1;
const nextIp = () => `203.0.113.${ipSeq++}`;

function crmApp(): AppDefinition {
  return {
    id: 'crm',
    name: l('CRM'),
    formatVersion: 2,
    forms: [
      {
        id: 'leads',
        name: l('Leads'),
        titleField: 'name',
        workflowId: 'review',
        fields: [
          {
            id: 'code',
            type: 'serial',
            label: l('Code'),
            config: {
              parts: [
                { kind: 'text', text: 'L-' },
                { kind: 'counter', digits: 4 },
              ],
            },
          },
          { id: 'name', type: 'text', label: l('Name'), required: true, config: { maxLength: 50 } },
          { id: 'email', type: 'email', label: l('Email') },
          { id: 'score', type: 'number', label: l('Score') },
          { id: 'owner', type: 'member', label: l('Owner') },
        ],
      },
      { id: 'logs', name: l('Logs'), fields: [{ id: 'text', type: 'text', label: l('Text') }] },
    ],
    workflows: [
      {
        id: 'review',
        name: l('Review'),
        form: 'leads',
        nodes: [
          { type: 'start', id: 'start', next: 'check' },
          { type: 'approve', id: 'check', assignees: [{ kind: 'users', ids: [admin.user.id] }], next: 'end' },
          { type: 'end', id: 'end' },
        ],
      },
    ],
    automations: [
      {
        id: 'logLead',
        name: l('Log new leads'),
        trigger: { type: 'record', form: 'leads', events: ['created'] },
        actions: [
          {
            type: 'create',
            form: 'logs',
            values: [{ field: 'text', value: { kind: 'formula', expression: 'CONCAT("lead ", {name})' } }],
          },
        ],
      },
    ],
  } as AppDefinition;
}

interface Published {
  id: string;
  token: string;
}

async function publish(settings: Record<string, unknown> = {}): Promise<Published> {
  const res = await admin.agent
    .post(LINKS)
    .send({ fields: ['name', 'email'], thankYou: 'Thanks!', ...settings });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.link.id, token: res.body.token };
}

/** Plays the browser: reads the form for its bot-check parameters, solves the proof, posts. */
async function submit(token: string, data: Record<string, unknown>, ip = nextIp()) {
  const form = await server.agent().get(`/api/v1/public/forms/${token}`);
  expect(form.status, JSON.stringify(form.body)).toBe(200);
  const { linkId, difficulty } = form.body.botCheck;
  const proof = solveProof(linkId, randomBytes(8).toString('hex'), Date.now(), difficulty);
  return server
    .agent()
    .post(`/api/v1/public/forms/${token}/submissions`)
    .set('X-Forwarded-For', ip)
    .send({ data, proof, website: '' });
}

async function leads() {
  const res = await admin.agent.get(`${APP}/forms/leads/records?limit=100`).expect(200);
  return res.body.items as {
    id: string;
    createdBy: string;
    workflowStatus: string | null;
    data: Record<string, unknown>;
  }[];
}

beforeAll(async () => {
  server = await createTestServer({ trustProxy: 1 });
  admin = await setupAdmin(server);
  member = await createUser(server, admin, { email: 'mo@acme.test', name: 'Mo' });
  const res = await admin.agent.post('/api/v1/apps').send(crmApp());
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}, 60_000);
afterAll(() => server.close());

describe('managing links', () => {
  it('only app admins publish; the token is answered once and only its hash is stored', async () => {
    await member.agent
      .post(LINKS)
      .send({ fields: ['name'] })
      .expect(403);
    await member.agent.get(LINKS).expect(403);
    const link = await publish({ title: 'Contact us' });
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    const list = await admin.agent.get(LINKS).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(link.token);
    expect(list.body.publicFields).toEqual(['name', 'email', 'score']);
    expect(list.body.links[0]).toMatchObject({
      id: link.id,
      title: 'Contact us',
      status: 'active',
      submissions: 0,
    });
    const { rows } = await server.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM public_form_links WHERE id = $1',
      [link.id],
    );
    expect(rows[0]!.token_hash).not.toContain(link.token);
    const audit = await server.db.query('SELECT 1 FROM audit_log WHERE action = $1 AND target_id = $2', [
      'public_form.create',
      link.id,
    ]);
    expect(audit.rows).toHaveLength(1);
  });

  it('refuses member, relation-like and computed fields, unknown fields and a missing required field', async () => {
    const res = await admin.agent
      .post(LINKS)
      .send({ fields: ['email', 'owner', 'code', 'nope'] })
      .expect(400);
    const codes = res.body.error.details.map((d: { code: string }) => d.code);
    expect(codes).toEqual([
      'field_not_public',
      'field_not_public',
      'unknown_field',
      'required_field_missing',
    ]);
  });
});

describe('the anonymous side', () => {
  it('shows only the link fields and no data; a session cookie grants nothing', async () => {
    const link = await publish();
    const res = await server.agent().get(`/api/v1/public/forms/${link.token}`).expect(200);
    expect(res.body.form.fields.map((f: { id: string }) => f.id)).toEqual(['name', 'email']);
    expect(res.body.form.workflowId).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain('records');
    // The admin's cookie without the CSRF header: still just an anonymous submission (no admin rights).
    const cookieOnly = await server
      .agent()
      .post(`/api/v1/public/forms/${link.token}/submissions`)
      .set('Cookie', admin.cookie)
      .set('X-Forwarded-For', nextIp())
      .send({ data: { name: 'x', score: 5 }, proof: solveProof(link.id, 'cookie-nonce', Date.now()) });
    expect(cookieOnly.status).toBe(422);
    expect(cookieOnly.body.error.code).toBe('field_not_editable');
  });

  it('creates a record through the write door: serial number, workflow started, automation fired, link as author', async () => {
    const link = await publish();
    const res = await submit(link.token, { name: 'Ann', email: 'ann@example.com' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ thankYou: 'Thanks!' });
    const ann = (await leads()).find((r) => r.data.name === 'Ann')!;
    expect(ann.data.code).toMatch(/^L-\d{4}$/);
    expect(ann.createdBy).toBe(link.id);
    expect(ann.workflowStatus).toBe('running'); // the approval started
    const engine = createAutomationEngine({
      db: server.db,
      config: server.config,
      writes: createRecordWrites(),
    });
    await engine.processAll();
    const logs = await admin.agent.get(`${APP}/forms/logs/records`).expect(200);
    expect(logs.body.items.map((r: { data: { text: string } }) => r.data.text)).toContain('lead Ann');
    const list = await admin.agent.get(LINKS).expect(200);
    expect(list.body.links.find((x: { id: string }) => x.id === link.id).submissions).toBe(1);
  });

  it('refuses a field not on the link (422) and invalid values (400), writing nothing', async () => {
    const link = await publish();
    const before = (await leads()).length;
    const extra = await submit(link.token, { name: 'Bob', score: 99 });
    expect(extra.status).toBe(422);
    expect(extra.body.error).toMatchObject({
      code: 'field_not_editable',
      details: [{ path: '/data/score' }],
    });
    const bad = await submit(link.token, { name: 'x'.repeat(51) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('/data/name');
    expect((await leads()).length).toBe(before);
  });

  it('has no way to list, read, change or delete records', async () => {
    const link = await publish();
    const [lead] = await leads();
    const anon = server.agent();
    const base = `/api/v1/public/forms/${link.token}`;
    for (const path of [`${base}/submissions`, `${base}/records`, `${base}/submissions/${lead!.id}`])
      expect((await anon.get(path)).status).toBe(404);
    expect((await anon.patch(`${base}/submissions/${lead!.id}`).send({ data: {} })).status).toBe(404);
    expect((await anon.delete(`${base}/submissions/${lead!.id}`)).status).toBe(404);
    expect((await anon.get(`${APP}/forms/leads/records`)).status).toBe(401);
    expect((await anon.get(`${APP}/forms/leads/records/${lead!.id}`)).status).toBe(401);
  });

  it('refuses a naive post: no proof, a weak proof, a filled honeypot, a replayed proof', async () => {
    const link = await publish();
    const post = (body: object) =>
      server
        .agent()
        .post(`/api/v1/public/forms/${link.token}/submissions`)
        .set('X-Forwarded-For', nextIp())
        .send(body);
    const naive = await post({ data: { name: 'bot' } });
    expect(naive.status).toBe(400);
    expect(naive.body.error.code).toBe('bot_check_failed');
    const weak = await post({
      data: { name: 'bot' },
      proof: { issuedAt: Date.now(), nonce: 'abcdefgh', counter: 1 },
    });
    expect(weak.body.error?.code).toBe('bot_check_failed');
    const proof = solveProof(link.id, 'honeypot1', Date.now());
    expect((await post({ data: { name: 'bot' }, proof, website: 'http://spam' })).body.error.code).toBe(
      'bot_check_failed',
    );
    expect((await post({ data: { name: 'Real' }, proof })).status).toBe(201);
    expect((await post({ data: { name: 'Again' }, proof })).body.error.code).toBe('bot_check_failed');
  });
});

describe('closing a link', () => {
  it('a revoked link answers 404; a disabled one 410 closed; an expired one 410 expired', async () => {
    const link = await publish();
    await admin.agent.delete(`${LINKS}/${link.id}`).expect(204);
    const gone = await server.agent().get(`/api/v1/public/forms/${link.token}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('public_form_not_found');
    await admin.agent.patch(`${LINKS}/${link.id}`).send({ enabled: false }).expect(404);

    const other = await publish();
    await admin.agent.patch(`${LINKS}/${other.id}`).send({ enabled: false }).expect(200);
    expect((await server.agent().get(`/api/v1/public/forms/${other.token}`)).body.error.code).toBe(
      'public_form_closed',
    );
    const past = new Date(Date.now() - 1000).toISOString();
    const expired = await publish({ expiresAt: past });
    const res = await server
      .agent()
      .get(`/api/v1/public/forms/${expired.token}`)
      .set('Accept-Language', 'zh-CN');
    expect(res.status).toBe(410);
    expect(res.body.error).toMatchObject({ code: 'public_form_expired', message: '此表单已过期。' });
  });

  it('a new token retires the old one', async () => {
    const link = await publish();
    const renewed = await admin.agent.post(`${LINKS}/${link.id}/token`).expect(200);
    expect((await server.agent().get(`/api/v1/public/forms/${link.token}`)).status).toBe(404);
    expect((await server.agent().get(`/api/v1/public/forms/${renewed.body.token}`)).status).toBe(200);
  });

  it('the submission limit holds under concurrent submits', async () => {
    const link = await publish({ maxSubmissions: 2 });
    const { botCheck } = (await server.agent().get(`/api/v1/public/forms/${link.token}`)).body;
    const proofs = [0, 1, 2, 3, 4].map((i) =>
      solveProof(link.id, `concurrent${i}`, Date.now(), botCheck.difficulty),
    );
    const results = await Promise.all(
      proofs.map((proof, i) =>
        server
          .agent()
          .post(`/api/v1/public/forms/${link.token}/submissions`)
          .set('X-Forwarded-For', nextIp())
          .send({ data: { name: `c${i}` }, proof }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 410, 410, 410]);
    expect(results.find((r) => r.status === 410)!.body.error.code).toBe('public_form_full');
    expect((await leads()).filter((r) => /^c\d$/.test(String(r.data.name)))).toHaveLength(2);
    const list = await admin.agent.get(LINKS).expect(200);
    expect(list.body.links.find((x: { id: string }) => x.id === link.id)).toMatchObject({
      submissions: 2,
      status: 'full',
    });
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After after 20 attempts from one address, also for refused posts', async () => {
    const link = await publish();
    const ip = nextIp();
    const post = () =>
      server
        .agent()
        .post(`/api/v1/public/forms/${link.token}/submissions`)
        .set('X-Forwarded-For', ip)
        .send({ data: {} });
    for (let i = 0; i < 20; i++) expect((await post()).status).toBe(400);
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await submit(link.token, { name: 'Other address' })).status).toBe(201);
  });

  it('bounds the body size', async () => {
    const link = await publish();
    const res = await server
      .agent()
      .post(`/api/v1/public/forms/${link.token}/submissions`)
      .set('X-Forwarded-For', nextIp())
      .send({ data: { name: 'x'.repeat(70_000) } });
    expect(res.status).toBe(413);
  });
});
