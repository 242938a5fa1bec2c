import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { OutgoingError } from './outgoing-error';
import { parseTargetUrl, resolveTarget, type GuardSettings, type Target } from './resolve-target';

/** One outgoing HTTP request (a webhook delivery attempt). */
export interface OutgoingRequest {
  url: string;
  method: 'POST' | 'PUT' | 'PATCH';
  headers: Record<string, string>;
  body: string;
  /** The whole request (resolve, connect, send, read) ends after this long. */
  timeoutMs: number;
  /** Response bytes kept; the connection is closed once more arrive. */
  maxResponseBytes: number;
}

export interface OutgoingResponse {
  status: number;
  /** The first `maxResponseBytes` of the body, decoded as UTF-8. */
  body: string;
  /** The response was longer than `maxResponseBytes` and was cut. */
  truncated: boolean;
  /** The address connected to. */
  address: string;
}

/**
 * Sends a request through the SSRF guard (decision 0030): the host is resolved and every address
 * checked (resolve-target.ts), then the connection goes to the checked address through a `lookup`
 * that answers only it, so nothing resolves the name again; Host and TLS SNI stay the host name, so
 * certificates are verified against it. Redirects are not followed: a 3xx is an error. The response
 * is read up to a limit, the whole exchange up to a deadline. No connection pooling (`agent: false`):
 * a pooled socket to another address could otherwise be reused.
 */
export async function sendGuarded(req: OutgoingRequest, guard: GuardSettings): Promise<OutgoingResponse> {
  const url = parseTargetUrl(req.url);
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new OutgoingError('timeout', `No complete answer within ${req.timeoutMs} ms.`)),
    req.timeoutMs,
  );
  try {
    const target = await raceAbort(resolveTarget(url, guard), deadline.signal);
    return await exchange(target, req, deadline.signal);
  } finally {
    clearTimeout(timer);
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A `lookup` that answers the checked address whatever it is asked (Node 20 may ask for `all`). */
function pinnedLookup(target: Target): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

function exchange(target: Target, req: OutgoingRequest, signal: AbortSignal): Promise<OutgoingResponse> {
  const { url } = target;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<OutgoingResponse>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const request = client.request({
      protocol: url.protocol,
      host: target.host,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: req.method,
      headers: {
        ...req.headers,
        host: url.host,
        'content-length': String(Buffer.byteLength(req.body)),
        connection: 'close',
      },
      agent: false,
      lookup: pinnedLookup(target),
      servername: target.host === target.address ? undefined : target.host,
      maxHeaderSize: 16 * 1024,
    });
    const onAbort = () => {
      request.destroy();
      settle(() => reject(signal.reason as Error));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', (err: NodeJS.ErrnoException) =>
      settle(() =>
        reject(
          new OutgoingError(
            'connect_failed',
            `The request to ${target.host} (${target.address}) failed: ${err.code ?? err.message}.`,
          ),
        ),
      ),
    );
    request.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.destroy();
        request.destroy();
        const location = String(res.headers.location ?? '').slice(0, 300);
        return settle(() =>
          reject(
            new OutgoingError(
              'redirect_refused',
              `The receiver answered ${status}${location ? ` to ${location}` : ''}; redirects are not followed.`,
              { status },
            ),
          ),
        );
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (truncated: boolean) =>
        settle(() =>
          resolve({
            status,
            body: Buffer.concat(chunks).toString('utf8'),
            truncated,
            address: target.address,
          }),
        );
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        const room = req.maxResponseBytes - size;
        if (chunk.length > room) {
          if (room > 0) chunks.push(chunk.subarray(0, room));
          size = req.maxResponseBytes;
          res.destroy(); // stop reading: an endless answer must not hold the worker
          request.destroy();
          return done(true);
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => done(false));
      res.on('close', () =>
        settle(() =>
          reject(new OutgoingError('connect_failed', `${target.host} closed the connection mid-answer.`)),
        ),
      );
      res.on('error', (err) => settle(() => reject(new OutgoingError('connect_failed', err.message))));
    });
    request.end(req.body);
  });
}
