import { describe, expect, it } from 'vitest';
import { checkAddress, parseAllowlist } from '../src/automations/http/address-policy';
import { formatIp, parseCidr, parseIp } from '../src/automations/http/ip-address';
import { resolveTarget, type Resolver } from '../src/automations/http/resolve-target';
import { OutgoingError } from '../src/automations/http/outgoing-error';
import { loadConfig } from '../src/config';

// The SSRF guard's address check (decision 0030), on the check itself: nothing here opens a
// connection or asks a DNS server.

describe('IP parsing', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '::1'],
    ['[::1]', '::1'],
    ['::', '::'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::ffff:127.0.0.1', '::ffff:7f00:1'],
    ['::ffff:7f00:1', '::ffff:7f00:1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['1::', '1::'],
  ])('%s -> %s', (text, canonical) => {
    const ip = parseIp(text);
    expect(ip).not.toBeNull();
    expect(formatIp(ip!)).toBe(canonical);
  });

  it.each([
    '127.1',
    '0x7f.0.0.1',
    '017.0.0.1',
    '2130706433',
    '256.0.0.1',
    '1.2.3.4.5',
    '1.2.3',
    ':::1',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '12345::',
    'g::1',
    '::ffff:1.2.3',
    'localhost',
    '',
  ])('refuses %j', (text) => {
    expect(parseIp(text)).toBeNull();
  });

  it('parses CIDRs and refuses bad prefixes', () => {
    expect(parseCidr('10.0.0.0/8')).toMatchObject({ family: 4, prefix: 8 });
    expect(parseCidr('fc00::/7')).toMatchObject({ family: 6, prefix: 7 });
    expect(parseCidr('127.0.0.1')).toMatchObject({ prefix: 32 });
    expect(parseCidr('10.0.0.0/33')).toBeNull();
    expect(parseCidr('::/129')).toBeNull();
    expect(parseCidr('10.0.0.0/08')).toBeNull();
  });
});

describe('checkAddress refuses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['169.254.0.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.0.8', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['64:ff9b::a9fe:a9fe', 'metadata'], // NAT64 of 169.254.169.254
    ['64:ff9b::192.168.0.1', 'private'],
    ['2002:7f00:1::', 'loopback'], // 6to4 of 127.0.0.1
    ['2002:c0a8:0101::1', 'private'], // 6to4 of 192.168.1.1
    ['2001:db8::1', 'documentation'],
    ['2001::1', 'reserved'], // Teredo
    ['::127.0.0.1', 'not-global'], // deprecated IPv4-compatible
    ['100::1', 'not-global'], // discard-only
    ['fec0::1', 'not-global'], // deprecated site-local
  ])('%s as %s', (address, kind) => {
    const verdict = checkAddress(address);
    expect(verdict).toMatchObject({ allowed: false, kind });
  });

  it.each(['localhost', '127.1', '0177.0.0.1', '0x7f000001', 'example.com', ''])(
    'refuses text that is not a canonical address: %j',
    (text) => {
      expect(checkAddress(text)).toMatchObject({ allowed: false, kind: 'invalid' });
    },
  );
});

describe('checkAddress admits public addresses', () => {
  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '169.253.255.255',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('%s', (address) => {
    expect(checkAddress(address)).toMatchObject({ allowed: true, allowlisted: false });
  });
});

describe('the allowlist', () => {
  const list = parseAllowlist(['127.0.0.1', '10.1.0.0/16', 'fd00::/8', 'hooks.internal', '*.corp.example']);

  it('re-admits the addresses and ranges it names, and only those', () => {
    expect(checkAddress('127.0.0.1', list)).toMatchObject({ allowed: true, allowlisted: true });
    expect(checkAddress('::ffff:127.0.0.1', list)).toMatchObject({ allowed: true, allowlisted: true });
    expect(checkAddress('127.0.0.2', list)).toMatchObject({ allowed: false, kind: 'loopback' });
    expect(checkAddress('::1', list)).toMatchObject({ allowed: false, kind: 'loopback' });
    expect(checkAddress('10.1.200.3', list)).toMatchObject({ allowed: true });
    expect(checkAddress('10.2.0.1', list)).toMatchObject({ allowed: false, kind: 'private' });
    expect(checkAddress('fd12::1', list)).toMatchObject({ allowed: true });
    expect(checkAddress('fc00::1', list)).toMatchObject({ allowed: false });
    expect(checkAddress('169.254.169.254', list)).toMatchObject({ allowed: false, kind: 'metadata' });
  });

  it('never re-admits unspecified, multicast or broadcast addresses', () => {
    const all = parseAllowlist(['0.0.0.0/0', '::/0']);
    expect(checkAddress('127.0.0.1', all)).toMatchObject({ allowed: true });
    for (const address of ['0.0.0.0', '::', '224.0.0.1', 'ff02::1', '255.255.255.255'])
      expect(checkAddress(address, all)).toMatchObject({ allowed: false });
    expect(checkAddress('0.0.0.0', list, { hostAllowlisted: true })).toMatchObject({ allowed: false });
  });

  it('is read from WEBHOOK_ALLOWLIST, and a bad entry stops the start', () => {
    expect(loadConfig({ WEBHOOK_ALLOWLIST: ' 10.0.0.0/8, hooks.internal ,' }).webhookAllowlist).toEqual([
      '10.0.0.0/8',
      'hooks.internal',
    ]);
    expect(loadConfig({}).webhookAllowlist).toEqual([]);
    expect(() => loadConfig({ WEBHOOK_ALLOWLIST: '10.0.0.0/8,10.0.0.0/99' })).toThrow(/10\.0\.0\.0\/99/);
  });

  it('refuses bad entries naming them', () => {
    expect(() => parseAllowlist(['10.0.0.0/33'])).toThrow(/"10.0.0.0\/33"/);
    expect(() => parseAllowlist(['http://x'])).toThrow(/WEBHOOK_ALLOWLIST entry "http:\/\/x"/);
    expect(() => parseAllowlist(['127.1'])).toThrow(/127\.1/);
    expect(parseAllowlist([' ', ''])).toMatchObject({ cidrs: [], suffixes: [] });
  });
});

describe('resolveTarget with a test resolver', () => {
  const table: Record<string, string[]> = {
    'evil.test': ['127.0.0.1'],
    'mixed.test': ['93.184.215.14', '10.0.0.5'],
    'v6loop.test': ['::1'],
    'public.test': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    'hooks.internal': ['10.9.9.9'],
    'a.corp.example': ['192.168.4.4'],
  };
  const resolver: Resolver = (host) => {
    const addresses = table[host];
    if (!addresses) return Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' }));
    return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };
  const none = parseAllowlist([]);
  const refused = async (url: string, allow = none) => {
    const err = await resolveTarget(new URL(url), { allowlist: allow, resolver }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutgoingError);
    return err as OutgoingError;
  };

  it('refuses a name that resolves to loopback', async () => {
    const err = await refused('http://evil.test/hook');
    expect(err.code).toBe('ssrf_refused');
    expect(err.message).toMatch(/evil\.test resolves to 127\.0\.0\.1, which is loopback/);
    expect(err.retryable).toBe(false);
    expect((await refused('http://v6loop.test/')).code).toBe('ssrf_refused');
  });

  it('refuses when any one address of the name is refused', async () => {
    expect((await refused('https://mixed.test/')).message).toMatch(/10\.0\.0\.5, which is private/);
  });

  it('refuses address literals in the URL, in every spelling the URL parser accepts', async () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://127.1/',
      'http://2130706433/',
      'http://0x7f.0.0.1/',
      'http://[::1]:8080/',
      'http://[::ffff:127.0.0.1]/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/',
    ])
      expect((await refused(url)).code).toBe('ssrf_refused');
  });

  it('answers the first checked address and keeps the host name', async () => {
    const target = await resolveTarget(new URL('https://public.test/x'), { allowlist: none, resolver });
    expect(target).toMatchObject({ host: 'public.test', address: '93.184.215.14', family: 4 });
  });

  it('admits allowlisted host names and ranges', async () => {
    const allow = parseAllowlist(['hooks.internal', '*.corp.example', '127.0.0.1']);
    const guard = { allowlist: allow, resolver };
    await expect(resolveTarget(new URL('http://hooks.internal/'), guard)).resolves.toMatchObject({
      address: '10.9.9.9',
    });
    await expect(resolveTarget(new URL('http://a.corp.example/'), guard)).resolves.toMatchObject({
      address: '192.168.4.4',
    });
    await expect(resolveTarget(new URL('http://evil.test/'), guard)).resolves.toMatchObject({
      address: '127.0.0.1',
    });
    expect((await refused('http://[::1]/', allow)).code).toBe('ssrf_refused');
  });

  it('reports unknown names and bad URLs clearly', async () => {
    expect((await refused('http://nowhere.test/')).code).toBe('dns_failed');
  });
});
