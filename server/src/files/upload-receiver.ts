import Busboy from 'busboy';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { newId } from '../db/ids';
import { AppError, badRequest } from '../http/app-error';
import { cleanFileName, hasNul } from './file-name';

/** The single `file` part of an upload, written to a temporary file beside its final place. */
export interface ReceivedUpload {
  tmpPath: string;
  name: string;
  declaredType: string;
  /** The first {@link HEAD_BYTES} bytes, for type sniffing. */
  head: Buffer;
  size: number;
  sha256: string;
}

const HEAD_BYTES = 512;
/** Temp files are `.upload-<id>` in the org's files folder (same file system, so rename is atomic). */
export const TEMP_PREFIX = '.upload-';

/** The client hung up mid-upload: there is nobody left to answer. */
export class UploadAborted extends AppError {
  constructor() {
    super(400, 'request_aborted', 'The upload was aborted by the client.');
  }
}

const badMultipart = (message: string, reason?: string) =>
  badRequest('bad_multipart', message, [
    { path: '/file', code: 'bad_multipart', message: reason ?? message },
  ]);

/** busboy's parser messages, said so that the sender can fix the request. */
function parserError(err: unknown): AppError {
  const reason = err instanceof Error ? err.message : String(err);
  if (/^Unexpected end of (form|file)/.test(reason))
    return badMultipart('The multipart body ended before its closing boundary.', reason);
  if (/^Malformed part header/.test(reason))
    return badMultipart(
      'A part header of the multipart body is malformed or longer than 16 KB (a header line ' +
        'without a colon, a control character such as NUL, or a very long file name).',
      reason,
    );
  return badMultipart('The multipart body could not be read.', reason);
}

export const fileTooLarge = (limit: number) =>
  new AppError(413, 'file_too_large', `The file exceeds the limit of ${limit} bytes.`, [
    { path: '/file', code: 'file_too_large', message: `at most ${limit} bytes` },
  ]);

const nulInName = () =>
  badRequest('invalid_file_name', 'The file name contains a NUL character.', [
    { path: '/file/name', code: 'invalid_file_name', message: 'must not contain U+0000' },
  ]);

const fileMissing = () => badRequest('file_missing', 'Send the file in a multipart field named "file".');

/**
 * Streams the single `file` part of a multipart request into `<dir>/.upload-<id>`, hashing as it
 * goes. It settles exactly once, and on every failure only after the temp file is closed and
 * removed: a parser error (truncated body, malformed part header, NUL in the file name) is a 400, a
 * file over `limit` bytes a 413 (reading stops there), a client hang-up an {@link UploadAborted}.
 * After an early failure the rest of the body is drained so the answer reaches the client.
 *
 * Part headers are bounded by busboy itself (16 KB per part, not configurable in busboy 1.x), so a
 * 100 KB file name ends as a malformed-header 400; names within that bound are cut by
 * `cleanFileName`. Every stream involved has an 'error' listener: none can end the process.
 */
export function receiveUpload(req: IncomingMessage, dir: string, limit: number): Promise<ReceivedUpload> {
  let busboy: Busboy.Busboy;
  try {
    busboy = Busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      // One byte over the limit is enough to know the file is too large.
      limits: {
        fileSize: limit + 1,
        files: 1,
        fields: 10,
        parts: 12,
        fieldSize: 8 * 1024,
        fieldNameSize: 100,
      },
    });
  } catch (err) {
    req.resume();
    return Promise.reject(
      badMultipart(
        'Send the file as multipart/form-data (with a boundary) in a field named "file".',
        err instanceof Error ? err.message : undefined,
      ),
    );
  }
  const bb = busboy;
  // The client may have hung up while the route was still authorizing: its 'close' has passed.
  if (req.destroyed && !req.complete) return Promise.reject(new UploadAborted());

  return new Promise<ReceivedUpload>((resolve, reject) => {
    let settled = false;
    let refusal: AppError | null = null;
    let writing: Promise<ReceivedUpload> | null = null;
    let tmpPath: string | null = null;

    const settle = (failure: Error | null) => {
      if (settled) return;
      settled = true;
      req.removeListener('close', onRequestClose);
      if (failure) {
        // Stop parsing, on the next tick: busboy may be inside its own write (a 'limit' or 'error'
        // event) and must not be destroyed under its feet. Destroying it ends the file stream, which
        // ends the temp-file pipeline; the rest of the body is drained so the answer gets through.
        process.nextTick(() => {
          req.unpipe(bb);
          bb.destroy();
          if (!req.destroyed) req.resume();
        });
      }
      outcome(failure).then(resolve, reject);
    };

    const outcome = async (failure: Error | null): Promise<ReceivedUpload> => {
      let received: ReceivedUpload | null = null;
      let writeError: Error | null = null;
      if (writing) {
        try {
          received = await writing;
        } catch (err) {
          writeError = err instanceof Error ? err : new Error(String(err));
        }
      }
      const problem =
        failure ??
        refusal ??
        // A write error after a clean parse is our disk failing (a 500, logged), not the client's.
        writeError ??
        (!received ? fileMissing() : received.size > limit ? fileTooLarge(limit) : null);
      if (!problem && received) return received;
      if (tmpPath) await removeQuietly(tmpPath);
      throw problem ?? fileMissing();
    };

    const onRequestClose = () => {
      if (!req.complete) settle(new UploadAborted());
    };

    bb.on('file', (field: string, stream: Readable, info: Busboy.FileInfo) => {
      // A stream busboy destroys (truncated body) errors: every file stream gets a listener.
      stream.on('error', () => {});
      if (settled || field !== 'file' || writing || refusal) {
        stream.resume();
        return;
      }
      const rawName = info.filename ?? '';
      if (hasNul(rawName)) {
        refusal = nulInName();
        stream.resume();
        return;
      }
      tmpPath = path.join(dir, `${TEMP_PREFIX}${newId()}`);
      stream.on('limit', () => settle(fileTooLarge(limit)));
      writing = writeTemp(stream, tmpPath, cleanFileName(rawName), info.mimeType ?? '');
      // A failed write (disk full, or the stream destroyed by a failure above) ends the upload;
      // without this busboy would wait forever for the file stream it feeds to be read.
      writing.catch((err: unknown) => settle(err instanceof Error ? err : new Error(String(err))));
    });
    bb.on('error', (err: unknown) => settle(parserError(err)));
    bb.on('finish', () => settle(null));
    req.on('error', () => settle(new UploadAborted()));
    req.on('close', onRequestClose);
    req.pipe(bb);
  });
}

/** Copies one file part to `tmpPath`, measuring and hashing it; resolves once the file is closed. */
async function writeTemp(
  stream: Readable,
  tmpPath: string,
  name: string,
  declaredType: string,
): Promise<ReceivedUpload> {
  const hash = createHash('sha256');
  const headChunks: Buffer[] = [];
  let headSize = 0;
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      if (headSize < HEAD_BYTES) {
        headChunks.push(chunk);
        headSize += chunk.length;
      }
      callback(null, chunk);
    },
  });
  const out = createWriteStream(tmpPath, { flags: 'wx' });
  try {
    await pipeline(stream, meter, out);
  } finally {
    // Settle only once the descriptor is released, so a caller's cleanup never races it.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
  }
  return {
    tmpPath,
    name,
    declaredType,
    head: Buffer.concat(headChunks).subarray(0, HEAD_BYTES),
    size,
    sha256: hash.digest('hex'),
  };
}

/** Removes a temp or orphaned file; a failure is only logged (the answer is decided already). */
export async function removeQuietly(tmpPath: string): Promise<void> {
  try {
    await rm(tmpPath, { force: true });
  } catch (err) {
    console.error(`[files] could not remove ${tmpPath}:`, err instanceof Error ? err.message : err);
  }
}
