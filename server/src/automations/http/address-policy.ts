import { embeddedIpv4, formatIp, inCidr, parseCidr, parseIp, type Cidr, type IpAddress } from './ip-address';

/**
 * Which addresses an outgoing request (a webhook action) may connect to: the SSRF guard's address
 * check (decision 0030). Pure: the resolver (resolve.ts) and the connection (guarded-request.ts)
 * feed it addresses; its tests need no network.
 *
 * IPv4 is a blocklist (most of the space is public). IPv6 is an allowlist of global unicast
 * (2000::/3) minus its special ranges, so a range added by IANA later is refused until named here.
 * IPv4 carried inside IPv6 (IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) is
 * judged as the IPv4 address it reaches.
 */

/** Why an address is refused (shown in errors and delivery logs). */
export type RefusedKind =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'metadata'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'unique-local'
  | 'not-global';

interface Range {
  cidr: Cidr;
  text: string;
  kind: RefusedKind;
}

const range = (text: string, kind: RefusedKind): Range => {
  const cidr = parseCidr(text);
  if (!cidr) throw new Error(`bad built-in range ${text}`);
  return { cidr, text, kind };
};

/** First match wins, so the narrow, more telling ranges come first. */
const IPV4_REFUSED: readonly Range[] = [
  range('169.254.169.254/32', 'metadata'), // AWS, GCP, Azure, OpenStack instance metadata
  range('255.255.255.255/32', 'broadcast'),
  range('0.0.0.0/8', 'unspecified'), // "this network"; 0.0.0.0 reaches the local host on Linux
  range('10.0.0.0/8', 'private'),
  range('100.64.0.0/10', 'shared'), // carrier-grade NAT
  range('127.0.0.0/8', 'loopback'),
  range('169.254.0.0/16', 'link-local'),
  range('172.16.0.0/12', 'private'),
  range('192.0.0.0/24', 'reserved'), // IETF protocol assignments
  range('192.0.2.0/24', 'documentation'),
  range('192.88.99.0/24', 'reserved'), // 6to4 relay anycast
  range('192.168.0.0/16', 'private'),
  range('198.18.0.0/15', 'reserved'), // benchmarking
  range('198.51.100.0/24', 'documentation'),
  range('203.0.113.0/24', 'documentation'),
  range('224.0.0.0/4', 'multicast'),
  range('240.0.0.0/4', 'reserved'),
];

const IPV6_REFUSED: readonly Range[] = [
  range('fd00:ec2::254/128', 'metadata'), // AWS instance metadata over IPv6 (inside fc00::/7)
  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  range('fe80::/10', 'link-local'),
  range('fc00::/7', 'unique-local'),
  range('ff00::/8', 'multicast'),
  range('2001::/23', 'reserved'), // IETF protocol assignments, Teredo included
  range('2001:db8::/32', 'documentation'),
  range('3fff::/20', 'documentation'),
];

const IPV6_GLOBAL = range('2000::/3', 'not-global').cidr;
const IPV4_MAPPED = range('::ffff:0:0/96', 'reserved').cidr;
const NAT64 = range('64:ff9b::/96', 'reserved').cidr;
const SIX_TO_FOUR = range('2002::/16', 'reserved').cidr;

/** Kinds no allowlist re-admits: they are not a host one can meaningfully send a request to. */
const NEVER_ADMITTED: ReadonlySet<RefusedKind> = new Set(['unspecified', 'multicast', 'broadcast']);

/** An operator's allowlist (`WEBHOOK_ALLOWLIST`): address ranges and host names. */
export interface Allowlist {
  cidrs: Cidr[];
  /** Exact host names, lower case. */
  hosts: Set<string>;
  /** `*.example.com` entries as `.example.com` (subdomains only, not the name itself). */
  suffixes: string[];
}

export const EMPTY_ALLOWLIST: Allowlist = { cidrs: [], hosts: new Set(), suffixes: [] };

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Parses allowlist entries: `10.1.2.0/24`, `127.0.0.1`, `::1`, `hooks.internal`, `*.corp.example`.
 * Throws naming the first bad entry (the server refuses to start with it rather than guess).
 */
export function parseAllowlist(entries: readonly string[]): Allowlist {
  const list: Allowlist = { cidrs: [], hosts: new Set(), suffixes: [] };
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    const cidr = parseCidr(entry);
    if (cidr) {
      list.cidrs.push(cidr);
      continue;
    }
    if (entry.startsWith('*.') && HOST_NAME.test(entry.slice(2))) {
      list.suffixes.push(entry.slice(1));
      continue;
    }
    if (HOST_NAME.test(entry) && !/^[0-9.]+$/.test(entry)) {
      list.hosts.add(entry);
      continue;
    }
    throw new Error(
      `WEBHOOK_ALLOWLIST entry ${JSON.stringify(raw)} is neither an IP address, a CIDR range (10.0.0.0/8, fc00::/7), a host name nor *.domain`,
    );
  }
  return list;
}

/** Whether a host name is named by the allowlist (then every address it resolves to is admitted). */
export function hostAllowlisted(host: string, list: Allowlist): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return list.hosts.has(name) || list.suffixes.some((suffix) => name.endsWith(suffix));
}

export type AddressVerdict =
  | { allowed: true; address: string; allowlisted: boolean }
  | { allowed: false; address: string; kind: RefusedKind | 'invalid'; range: string };

/**
 * The refused range an address falls in, or null for a public address. IPv4 inside IPv6 is judged
 * as IPv4 (`::ffff:127.0.0.1` is loopback).
 */
export function refusedRange(ip: IpAddress): { kind: RefusedKind; range: string; ip: IpAddress } | null {
  const v4 = ipv4Inside(ip);
  if (v4) return refusedRange(v4);
  if (ip.family === 4) {
    const hit = IPV4_REFUSED.find((r) => inCidr(ip, r.cidr));
    return hit ? { kind: hit.kind, range: hit.text, ip } : null;
  }
  const hit = IPV6_REFUSED.find((r) => inCidr(ip, r.cidr));
  if (hit) return { kind: hit.kind, range: hit.text, ip };
  if (!inCidr(ip, IPV6_GLOBAL)) return { kind: 'not-global', range: 'outside 2000::/3', ip };
  return null;
}

/** The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4), if any. */
function ipv4Inside(ip: IpAddress): IpAddress | null {
  if (ip.family !== 6) return null;
  if (inCidr(ip, IPV4_MAPPED) || inCidr(ip, NAT64)) return embeddedIpv4(ip);
  if (inCidr(ip, SIX_TO_FOUR)) return embeddedIpv4(ip, 2);
  return null;
}

/**
 * The SSRF address check: may a request connect to `address` (text from the resolver or the URL)?
 * An allowlisted host name admits its addresses; an allowlisted range admits addresses inside it
 * (compared as IPv4 when the address carries one). Unspecified, multicast and broadcast addresses
 * are never admitted. Text that is not a canonical IP address is refused as `invalid`.
 */
export function checkAddress(
  address: string,
  list: Allowlist = EMPTY_ALLOWLIST,
  options: { hostAllowlisted?: boolean } = {},
): AddressVerdict {
  const ip = parseIp(address);
  if (!ip) return { allowed: false, address, kind: 'invalid', range: 'not an IP address' };
  const text = formatIp(ip);
  const refused = refusedRange(ip);
  if (!refused) return { allowed: true, address: text, allowlisted: false };
  if (NEVER_ADMITTED.has(refused.kind))
    return { allowed: false, address: text, kind: refused.kind, range: refused.range };
  const judged = refused.ip; // the IPv4 address when one is carried inside IPv6
  if (options.hostAllowlisted || list.cidrs.some((c) => inCidr(judged, c) || inCidr(ip, c)))
    return { allowed: true, address: text, allowlisted: true };
  return { allowed: false, address: text, kind: refused.kind, range: refused.range };
}
