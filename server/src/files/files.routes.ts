import { requirePrincipal } from '../access/authenticate';
import { authorize } from '../access/authorize';
import type { RouteModule } from '../http/route-module';
import { contentDisposition, INLINE_IMAGE_TYPES } from './file-types';
import { openFile, uploadFile } from './files.service';

/** `POST /files` (multipart upload) and `GET /files/:id` (download, images inline for previews). */
export const fileRoutes: RouteModule = (router, { db, config }) => {
  router.post('/files', async (req, res) => {
    const principal = requirePrincipal(req);
    await authorize(principal, 'read', { kind: 'org', orgId: principal.orgId });
    const file = await uploadFile(db, principal, req, { dataDir: config.dataDir, limit: config.fileLimit });
    res.status(201).json({ file });
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
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      res.on('close', resolve);
      stream.pipe(res);
    });
  });
};
