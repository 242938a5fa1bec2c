import { lookup } from 'node:dns/promises';
import { checkAddress, hostAllowlisted, type Allowlist } from './address-policy';
import { parseIp } from './ip-address';
import { OutgoingError } from './outgoing-error';

/** One address of a host name, as `dns.lookup` answers. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (injectable: tests map names without DNS). */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

/** The system resolver (`getaddrinfo`, so /etc/hosts counts too), every address it knows. */
export const systemResolver: Resolver = async (host) => {
  const answers = await lookup(host, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export interface GuardSettings {
  allowlist: Allowlist;
  resolver: Resolver;
}

/** Where a request will connect: the checked address, and the name for Host and TLS SNI. */
export interface Target {
  url: URL;
  /** The URL's host name without brackets (`example.com`, `::1`). */
  host: string;
  address: string;
  family: 4 | 6;
}

export const MAX_URL_LENGTH = 2048;

/** Parses a webhook URL: http(s) only, no user:password (send credentials in headers). */
export function parseTargetUrl(text: string): URL {
  if (text.length > MAX_URL_LENGTH)
    throw new OutgoingError('bad_url', `The URL is longer than ${MAX_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OutgoingError('bad_url', `${JSON.stringify(text.slice(0, 200))} is not an absolute URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new OutgoingError('bad_url', `Only http and https URLs are allowed, not ${url.protocol}`);
  if (url.username || url.password)
    throw new OutgoingError('bad_url', 'The URL may not carry a user name or password; use a header.');
  if (!url.hostname) throw new OutgoingError('bad_url', 'The URL has no host.');
  return url;
}

/**
 * Resolves the URL's host and checks EVERY address it has: one refused address refuses the request
 * (a name answering both a public and a private address could otherwise be steered to the private
 * one by the connection's address choice). Answers the first address, which the connection then
 * uses without resolving again (guarded-request.ts), so a DNS answer cannot change between the
 * check and the connect.
 */
export async function resolveTarget(url: URL, guard: GuardSettings): Promise<Target> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: ResolvedAddress[];
  const literal = parseIp(host);
  if (literal) addresses = [{ address: host, family: literal.family }];
  else {
    try {
      addresses = await guard.resolver(host);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new OutgoingError('dns_failed', `The host ${host} could not be resolved (${code ?? 'error'}).`);
    }
    if (addresses.length === 0) throw new OutgoingError('dns_failed', `The host ${host} has no address.`);
  }
  const namedHost = !literal && hostAllowlisted(host, guard.allowlist);
  for (const a of addresses) {
    const verdict = checkAddress(a.address, guard.allowlist, { hostAllowlisted: namedHost });
    if (!verdict.allowed)
      throw new OutgoingError(
        'ssrf_refused',
        `${host === verdict.address ? 'The address' : `The host ${host} resolves to`} ${verdict.address}, ` +
          `which is ${verdict.kind} (${verdict.range}); requests there are refused unless WEBHOOK_ALLOWLIST names it.`,
      );
  }
  const first = addresses[0]!;
  return { url, host, address: first.address, family: first.family };
}
