import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { requirePrincipal } from '../access';
import { clientOf } from '../audit/audit-events';
import { contentDisposition } from '../files/file-types';
import { conflict } from '../http/app-error';
import type { RouteModule } from '../http/route-module';
import { validate } from '../http/validate';
import { requestLocale } from '../records/relation-display';
import type { FormRef } from '../records/records.service';
import { writeExport, type ExportBody, type ExportFormat } from './export-run';
import {
  createExportRunner,
  describeJob,
  exportFilePath,
  exportJobOf,
  spoolDir,
  startExport,
} from './exports.service';
import { EXPORT_LIMITS } from './limits';

const fieldId = { type: 'string', minLength: 1, maxLength: 64 } as const;

const exportBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['format'],
  properties: {
    format: { enum: ['xlsx', 'csv'] },
    view: { type: 'string', minLength: 1, maxLength: 64 },
    columns: { type: 'array', minItems: 1, maxItems: EXPORT_LIMITS.columns, items: fieldId },
    // Shape and fields are checked by checkFilter / checkSort against the form.
    filter: { type: 'object' },
    sort: { type: 'array', maxItems: 8 },
    q: { type: 'string', maxLength: 200 },
    subforms: { enum: ['sheet', 'rows', 'none'] },
    attachments: { enum: ['links', 'zip'] },
  },
} as const;

const ZIP_TYPE = 'application/zip';
const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/**
 * Record export (decision 0044), under `/apps/:app/forms/:form/exports`: `POST` answers the file
 * (up to the job threshold) or 202 with a job; `GET …/:export` is the job's progress and
 * `GET …/:export/file` its file, for its creator, for a day.
 */
export const exportRoutes: RouteModule = (router, { db, config }) => {
  const runner = createExportRunner(db, config.dataDir);
  const base = '/apps/:app/forms/:form/exports';
  const refOf = (p: Record<string, string>): FormRef => ({ appId: p.app!, formId: p.form! });

  router.post(base, async (req, res) => {
    const principal = requirePrincipal(req);
    const body = validate<ExportBody>(exportBodySchema as never, req.body);
    const ref = refOf(req.params);
    const started = await startExport(
      db,
      principal,
      ref,
      body,
      {
        locale: requestLocale(req.acceptsLanguages.bind(req)),
        origin: `${req.protocol}://${req.get('host') ?? 'localhost'}`,
        dataDir: config.dataDir,
        client: clientOf(req),
      },
      (id, prepared) => runner.start(id, principal, prepared),
    );
    if (started.kind === 'job') {
      res.status(202).json({ export: started.job });
      return;
    }
    const zip = started.prepared.attachments === 'zip';
    res.setHeader('Content-Type', zip ? ZIP_TYPE : CONTENT_TYPES[started.prepared.format]);
    res.setHeader('Content-Disposition', contentDisposition('attachment', started.fileName));
    res.setHeader('X-Export-Rows', String(started.prepared.rows));
    try {
      await writeExport(db, principal, started.prepared, res, {
        spool: spoolDir(config.dataDir),
        data: config.dataDir,
      });
    } catch (error) {
      // The file is half sent: the client sees a broken download, never a file that looks whole.
      if (res.headersSent) {
        res.destroy(error instanceof Error ? error : undefined);
        return;
      }
      // Nothing sent yet (a zip's files past the bound): the error is an ordinary JSON answer.
      res.removeHeader('Content-Type');
      res.removeHeader('Content-Disposition');
      res.removeHeader('X-Export-Rows');
      throw error;
    }
    if (!res.writableEnded) res.end();
  });

  router.get(`${base}/:id`, async (req, res) => {
    const job = await exportJobOf(db, requirePrincipal(req), refOf(req.params), req.params.id);
    res.json({ export: describeJob(job) });
  });

  router.get(`${base}/:id/file`, async (req, res) => {
    const principal = requirePrincipal(req);
    const job = await exportJobOf(db, principal, refOf(req.params), req.params.id);
    if (job.status !== 'done') throw conflict('export_not_ready', 'The export has not finished yet.');
    res.setHeader('Content-Type', job.file_name.endsWith('.zip') ? ZIP_TYPE : CONTENT_TYPES[job.format]);
    res.setHeader('Content-Disposition', contentDisposition('attachment', job.file_name));
    await pipeline(createReadStream(exportFilePath(config.dataDir, principal.orgId, job.id)), res);
  });
};
