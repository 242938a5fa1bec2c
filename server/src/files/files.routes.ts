import { pipeline } from 'node:stream/promises';
import { requirePrincipal } from '../access/authenticate';
import { authorize } from '../access/authorize';
import type { RouteModule } from '../http/route-module';
import { contentDisposition, INLINE_IMAGE_TYPES } from './file-types';
import { openFile, uploadFile } from './files.service';
import { UploadAborted } from './upload-receiver';

/** `POST /files` (multipart upload) and `GET /files/:id` (download, images inline for previews). */
export const fileRoutes: RouteModule = (router, { db, config }) => {
  router.post('/files', async (req, res) => {
    const principal = requirePrincipal(req);
    await authorize(principal, 'read', { kind: 'org', orgId: principal.orgId });
    try {
      const file = await uploadFile(db, principal, req, { dataDir: config.dataDir, limit: config.fileLimit });
      res.status(201).json({ file });
    } catch (err) {
      // The client hung up mid-upload: its temp file is gone and there is nobody left to answer.
      if (err instanceof UploadAborted) return;
      throw err;
    }
  });

  router.get('/files/:id', async (req, res) => {
    const principal = requirePrincipal(req);
    const { info, stream } = await openFile(db, principal, String(req.params.id), config.dataDir);
    const inline = INLINE_IMAGE_TYPES.has(info.mime) && req.query.download === undefined;
    res.setHeader('Content-Type', info.mime);
    res.setHeader('Content-Length', String(info.size));
    res.setHeader('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', info.name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // A file never runs scripts or loads anything, even when opened directly.
    res.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self'; sandbox");
    res.setHeader('Cache-Control', 'private, max-age=86400');
    res.setHeader('ETag', `"${info.sha256}"`);
    try {
      // pipeline destroys both sides on any error or on a client hang-up: no descriptor stays open.
      await pipeline(stream, res);
    } catch (err) {
      downloadFailed(err);
    }
  });
};

/**
 * pipeline has already destroyed the response (the answer can only be cut off once streaming has
 * begun); a client hang-up is normal, anything else is a read error worth a log line.
 */
function downloadFailed(err: unknown): void {
  if ((err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
  console.error('[files] download failed:', err instanceof Error ? err.message : err);
}
