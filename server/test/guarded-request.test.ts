import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowlist } from '../src/automations/http/address-policy';
import { sendGuarded, type OutgoingRequest } from '../src/automations/http/guarded-request';
import type { OutgoingError } from '../src/automations/http/outgoing-error';
import type { GuardSettings, Resolver } from '../src/automations/http/resolve-target';

// The guarded request against a receiver on 127.0.0.1 (the only address these tests connect to).

const seen: { url: string; host: string | undefined }[] = [];
const server = http.createServer((req, res) => {
  seen.push({ url: req.url ?? '', host: req.headers.host });
  req.resume();
  if (req.url === '/redirect') return res.writeHead(301, { location: '/elsewhere' }).end();
  if (req.url === '/big') return res.writeHead(200).end('y'.repeat(5000));
  if (req.url === '/hang') return; // never answers
  res.writeHead(201).end('created');
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

// `pinned.test` resolves to loopback through this resolver only: reaching the receiver proves the
// connection used the checked address rather than resolving the name again.
const resolver: Resolver = (host) =>
  host === 'pinned.test' || host === 'other.test'
    ? Promise.resolve([{ address: '127.0.0.1', family: 4 }])
    : Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' }));
const guard: GuardSettings = { allowlist: parseAllowlist(['pinned.test']), resolver };
const request = (
  path: string,
  over: Partial<OutgoingRequest> = {},
  host = 'pinned.test',
): OutgoingRequest => ({
  url: `http://${host}:${port}${path}`,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: '{}',
  timeoutMs: 5_000,
  maxResponseBytes: 1024,
  ...over,
});
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as OutgoingError,
  );

describe('sendGuarded', () => {
  it('connects to the checked address and keeps the host name in Host', async () => {
    const res = await sendGuarded(request('/ok'), guard);
    expect(res).toMatchObject({ status: 201, body: 'created', truncated: false, address: '127.0.0.1' });
    expect(seen.at(-1)).toEqual({ url: '/ok', host: `pinned.test:${port}` });
  });

  it('refuses a name resolving to loopback and a loopback literal that are not allowlisted', async () => {
    const before = seen.length;
    expect((await failure(sendGuarded(request('/x', {}, 'other.test'), guard))).code).toBe('ssrf_refused');
    expect((await failure(sendGuarded(request('/x', {}, '127.0.0.1'), guard))).code).toBe('ssrf_refused');
    expect(seen.length).toBe(before);
  });

  it('does not follow redirects', async () => {
    const err = await failure(sendGuarded(request('/redirect'), guard));
    expect(err).toMatchObject({ code: 'redirect_refused', status: 301, retryable: false });
    expect(seen.some((s) => s.url === '/elsewhere')).toBe(false);
  });

  it('cuts the answer at the limit', async () => {
    const res = await sendGuarded(request('/big'), guard);
    expect(res.truncated).toBe(true);
    expect(res.body).toBe('y'.repeat(1024));
  });

  it('gives up at the deadline', async () => {
    const err = await failure(sendGuarded(request('/hang', { timeoutMs: 200 }), guard));
    expect(err).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('refuses URLs that are not plain http(s)', async () => {
    for (const url of [
      'ftp://pinned.test/',
      'http://user:pw@pinned.test/',
      'not a url',
      'file:///etc/passwd',
    ])
      expect((await failure(sendGuarded(request('/', { url }), guard))).code).toBe('bad_url');
  });
});
