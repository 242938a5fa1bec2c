import type { RequestHandler } from 'express';
import { AppError, badRequest, payloadTooLarge, unsupportedMediaType } from './app-error';
import { StrictJsonError, parseStrictJson } from './strict-json';

export interface JsonBodyOptions {
  /** Maximum body size in bytes. */
  limit: number;
  maxDepth?: number;
}

/**
 * Reads and parses JSON request bodies strictly (see strict-json.ts). Requests without a body pass
 * through with `req.body` undefined. A body with any other content type is refused with 415, one
 * over `limit` with 413 (checked on Content-Length first, then while streaming), bad UTF-8 or JSON
 * with 400.
 */
export function jsonBody(options: JsonBodyOptions): RequestHandler {
  return (req, _res, next) => {
    if (!hasBody(req.headers)) return next();
    const type = (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') return next(unsupportedMediaType());
    const charset = /charset=([^;]+)/i
      .exec(req.get('content-type') ?? '')?.[1]
      ?.trim()
      .toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8') return next(unsupportedMediaType());
    const declared = Number(req.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > options.limit) {
      req.resume(); // drain so the connection can answer
      return next(payloadTooLarge(options.limit));
    }
    readBody(req, options.limit)
      .then((buf) => {
        if (buf.length === 0) return next();
        req.body = decodeAndParse(buf, options.maxDepth);
        next();
      })
      .catch(next);
  };
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const len = headers['content-length'];
  return len !== undefined && len !== '0';
}

function readBody(req: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | null, value?: Buffer) => {
      if (done) return;
      done = true;
      req.removeListener('data', onData);
      if (err) {
        req.resume(); // discard the rest instead of stalling the socket
        reject(err);
      } else resolve(value ?? Buffer.alloc(0));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return finish(payloadTooLarge(limit));
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => finish(null, Buffer.concat(chunks)));
    req.on('error', () => finish(badRequest('body_read_failed', 'The request body could not be read.')));
    req.on('aborted', () => finish(badRequest('body_read_failed', 'The request was aborted.')));
  });
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decodeAndParse(buf: Buffer, maxDepth?: number): unknown {
  let text: string;
  try {
    text = decoder.decode(buf);
  } catch {
    throw badRequest('malformed_json', 'The request body is not valid UTF-8.');
  }
  try {
    return parseStrictJson(text, { maxDepth });
  } catch (err) {
    if (err instanceof StrictJsonError) {
      throw new AppError(400, err.code, err.message, [
        { path: err.path, code: err.code, message: err.message, position: err.position },
      ]);
    }
    throw err;
  }
}
