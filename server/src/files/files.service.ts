import Busboy from 'busboy';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Request } from 'express';
import type { Principal } from '../access/principal';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { AppError, badRequest, notFound } from '../http/app-error';
import { acceptsMime, classifyFile } from './file-types';

/** A stored file's metadata as the API returns it. */
export interface FileInfo {
  id: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  createdAt: string;
}

const HEAD_BYTES = 512;
const MAX_NAME = 255;

/** `<dataDir>/files/<orgId>`: ids are server-generated, so nothing from the client reaches a path. */
function orgDir(dataDir: string, orgId: string): string {
  return path.join(path.resolve(dataDir), 'files', orgId);
}

/** The client's name reduced to metadata: no directories, no control characters, at most 255 chars. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const name = base
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .normalize('NFC');
  return (name === '' || name === '.' || name === '..' ? 'file' : name).slice(0, MAX_NAME);
}

const tooLarge = (limit: number) =>
  new AppError(413, 'file_too_large', `The file exceeds the limit of ${limit} bytes.`, [
    { path: '/file', code: 'file_too_large', message: `at most ${limit} bytes` },
  ]);

const refused = (reason: string) =>
  new AppError(415, 'file_type_refused', `This file cannot be uploaded: ${reason}.`, [
    { path: '/file', code: 'file_type_refused', message: reason },
  ]);

interface Received {
  tmpPath: string;
  name: string;
  declaredType: string;
  head: Buffer;
  size: number;
  sha256: string;
}

/**
 * Streams the single `file` part of a multipart request to a temporary file beside its final place,
 * hashing as it goes. Anything over `limit` bytes is refused with 413 and its partial bytes removed.
 */
function receive(req: Request, dir: string, limit: number): Promise<Received> {
  return new Promise((resolve, reject) => {
    let busboy: Busboy.Busboy;
    try {
      // One byte over the limit is enough to know the file is too large; busboy stops reading there.
      busboy = Busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { fileSize: limit + 1, files: 1, fields: 10, parts: 12 },
      });
    } catch {
      reject(badRequest('bad_multipart', 'Send the file as multipart/form-data in a field named "file".'));
      return;
    }
    let pending: Promise<Received> | null = null;
    let failed: AppError | null = null;
    const fail = (err: AppError) => {
      failed ??= err;
    };
    busboy.on('file', (field, stream, info) => {
      if (field !== 'file' || pending) {
        stream.resume();
        return;
      }
      const tmpPath = path.join(dir, `.upload-${newId()}`);
      const hash = createHash('sha256');
      const headChunks: Buffer[] = [];
      let headSize = 0;
      let size = 0;
      const out = createWriteStream(tmpPath, { flags: 'wx' });
      stream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
        if (headSize < HEAD_BYTES) {
          headChunks.push(chunk);
          headSize += chunk.length;
        }
      });
      stream.on('limit', () => fail(tooLarge(limit)));
      pending = new Promise<Received>((res, rej) => {
        out.on('error', rej);
        out.on('finish', () =>
          res({
            tmpPath,
            name: cleanFileName(info.filename ?? ''),
            declaredType: info.mimeType ?? '',
            head: Buffer.concat(headChunks).subarray(0, HEAD_BYTES),
            size,
            sha256: hash.digest('hex'),
          }),
        );
      });
      stream.pipe(out);
    });
    busboy.on('error', () => fail(badRequest('bad_multipart', 'The multipart body could not be read.')));
    busboy.on('close', () => {
      if (!pending) {
        reject(failed ?? badRequest('file_missing', 'Send the file in a multipart field named "file".'));
        return;
      }
      pending.then(
        async (received) => {
          if (received.size > limit) fail(tooLarge(limit));
          if (failed) {
            await rm(received.tmpPath, { force: true });
            reject(failed);
          } else resolve(received);
        },
        (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))),
      );
    });
    req.on('aborted', () => fail(badRequest('body_read_failed', 'The request was aborted.')));
    req.pipe(busboy);
  });
}

/** Parses `?accept=image/*,application/pdf` (a filter the uploader asks for; never a reason to trust). */
function parseAccept(value: unknown): string[] {
  if (typeof value !== 'string' || value.trim() === '') return [];
  return value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** Stores one uploaded file for the principal's org and returns its metadata. */
export async function uploadFile(
  db: Db,
  principal: Principal,
  req: Request,
  opts: { dataDir: string; limit: number },
): Promise<FileInfo> {
  const type = (req.get('content-type') ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data'))
    throw new AppError(415, 'unsupported_media_type', 'Upload files as multipart/form-data.');
  const declared = Number(req.get('content-length') ?? NaN);
  // Multipart framing adds a few hundred bytes; a body far above the limit is refused unread.
  if (Number.isFinite(declared) && declared > opts.limit + 64 * 1024) {
    req.resume();
    throw tooLarge(opts.limit);
  }
  const dir = orgDir(opts.dataDir, principal.orgId);
  await mkdir(dir, { recursive: true });
  const received = await receive(req, dir, opts.limit);
  try {
    const kind = classifyFile(received.head, received.declaredType, received.name);
    if (!kind.ok) throw refused(kind.reason);
    const accept = parseAccept(req.query.accept);
    if (!acceptsMime(accept, kind.mime)) throw refused(`expected ${accept.join(', ')}, got ${kind.mime}`);
    const id = newId('fil');
    await rename(received.tmpPath, path.join(dir, id));
    const { rows } = await db.query<{ created_at: Date }>(
      `INSERT INTO files (id, org_id, name, mime, size, sha256, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING created_at`,
      [id, principal.orgId, received.name, kind.mime, received.size, received.sha256, principal.userId],
    );
    return {
      id,
      name: received.name,
      mime: kind.mime,
      size: received.size,
      sha256: received.sha256,
      createdAt: rows[0]!.created_at.toISOString(),
    };
  } finally {
    await rm(received.tmpPath, { force: true });
  }
}

/** A file of the principal's org with a stream of its bytes; 404 for unknown ids and other orgs. */
export async function openFile(
  db: Db,
  principal: Principal,
  id: string,
  dataDir: string,
): Promise<{ info: FileInfo; stream: NodeJS.ReadableStream }> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    mime: string;
    size: number;
    sha256: string;
    created_at: Date;
  }>(`SELECT id, name, mime, size, sha256, created_at FROM files WHERE id = $1 AND org_id = $2`, [
    id,
    principal.orgId,
  ]);
  const row = rows[0];
  if (!row) throw notFound('File');
  const file = path.join(orgDir(dataDir, principal.orgId), row.id);
  try {
    await stat(file);
  } catch {
    throw notFound('File');
  }
  return {
    info: {
      id: row.id,
      name: row.name,
      mime: row.mime,
      size: Number(row.size),
      sha256: row.sha256,
      createdAt: row.created_at.toISOString(),
    },
    stream: createReadStream(file),
  };
}
