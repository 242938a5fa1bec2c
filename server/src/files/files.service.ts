import { mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import path from 'node:path';
import type { Request } from 'express';
import type { Principal } from '../access/principal';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { AppError, notFound } from '../http/app-error';
import { acceptsMime, classifyFile } from './file-types';
import { fileTooLarge, receiveUpload, removeQuietly } from './upload-receiver';

export { cleanFileName } from './file-name';

/** A stored file's metadata as the API returns it. */
export interface FileInfo {
  id: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  createdAt: string;
}

/** `<dataDir>/files/<orgId>`: ids are server-generated, so nothing from the client reaches a path. */
function orgDir(dataDir: string, orgId: string): string {
  return path.join(path.resolve(dataDir), 'files', orgId);
}

const refused = (reason: string) =>
  new AppError(415, 'file_type_refused', `This file cannot be uploaded: ${reason}.`, [
    { path: '/file', code: 'file_type_refused', message: reason },
  ]);

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
    throw fileTooLarge(opts.limit);
  }
  const dir = orgDir(opts.dataDir, principal.orgId);
  await mkdir(dir, { recursive: true });
  const received = await receiveUpload(req, dir, opts.limit);
  try {
    const kind = classifyFile(received.head, received.declaredType, received.name);
    if (!kind.ok) throw refused(kind.reason);
    const accept = parseAccept(req.query.accept);
    if (!acceptsMime(accept, kind.mime)) throw refused(`expected ${accept.join(', ')}, got ${kind.mime}`);
    const id = newId('fil');
    const stored = path.join(dir, id);
    await rename(received.tmpPath, stored);
    const { rows } = await db
      .query<{ created_at: Date }>(
        `INSERT INTO files (id, org_id, name, mime, size, sha256, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING created_at`,
        [id, principal.orgId, received.name, kind.mime, received.size, received.sha256, principal.userId],
      )
      .catch(async (err: unknown) => {
        // No row, no file: bytes nobody can reach would only fill the disk.
        await removeQuietly(stored);
        throw err;
      });
    return {
      id,
      name: received.name,
      mime: kind.mime,
      size: received.size,
      sha256: received.sha256,
      createdAt: rows[0]!.created_at.toISOString(),
    };
  } finally {
    await removeQuietly(received.tmpPath);
  }
}

/**
 * A file of the principal's org with a stream of its bytes; 404 for unknown ids and other orgs. The
 * file is opened before this returns, so a missing or unreadable file fails here, before any header
 * is sent; the stream closes its descriptor when it ends or is destroyed.
 */
export async function openFile(
  db: Db,
  principal: Principal,
  id: string,
  dataDir: string,
): Promise<{ info: FileInfo; stream: Readable }> {
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
  let handle: FileHandle;
  try {
    handle = await open(path.join(orgDir(dataDir, principal.orgId), row.id), 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw notFound('File');
    throw err;
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
    stream: handle.createReadStream(),
  };
}
