import { requirePrincipal } from '../access';
import { notFound } from '../http/app-error';
import type { RouteModule } from '../http/route-module';
import { validate } from '../http/validate';
import { UploadAborted } from '../files/upload-receiver';
import { contentDisposition } from '../files/file-types';
import { writeErrorReport } from './error-report';
import { createImportRunner } from './job-runner';
import { IMPORT_LIMITS } from './limits';
import type { ImportSettings } from './mapping';
import { langOf } from './reasons';
import {
  cancelImport,
  configureImport,
  createImport,
  importTarget,
  jobOf,
  readImport,
  startImport,
} from './imports.service';

const settingsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['sheet', 'headerRow', 'columns', 'policy', 'mode'],
  properties: {
    sheet: { type: 'integer', minimum: 0, maximum: IMPORT_LIMITS.sheets },
    headerRow: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    columns: {
      type: 'array',
      maxItems: IMPORT_LIMITS.columns,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['column', 'field'],
        properties: {
          column: { type: 'integer', minimum: 0, maximum: IMPORT_LIMITS.columns - 1 },
          field: { type: 'string', minLength: 1, maxLength: 64 },
          sub: { type: 'string', minLength: 1, maxLength: 64 },
        },
      },
    },
    policy: { enum: ['all_or_nothing', 'skip_bad_rows'] },
    mode: { enum: ['create', 'upsert'] },
    keyField: { type: 'string', minLength: 1, maxLength: 64 },
    groupBy: { type: 'integer', minimum: 0, maximum: IMPORT_LIMITS.columns - 1 },
  },
} as const;

/**
 * Record import (decision 0040), under `/apps/:app/forms/:form/imports`: upload (multipart, up to
 * 100 MB), read a job, set its sheet/header/mapping/policies, dry run, run, cancel, and download
 * the bad rows as xlsx. Jobs run in this process's import runner.
 */
export const importRoutes: RouteModule = (router, deps) => {
  const { db, config } = deps;
  // Kicked when a job is queued; jobs left by a dead worker are resumed by the process's import
  // worker (startImportWorker, started by main.ts).
  const runner = createImportRunner(deps);
  const base = '/apps/:app/forms/:form/imports';
  const refOf = (p: Record<string, string>) => ({ appId: p.app!, formId: p.form! });

  router.post(base, async (req, res) => {
    const principal = requirePrincipal(req);
    try {
      res
        .status(201)
        .json({ import: await createImport(db, principal, refOf(req.params), req, config.dataDir) });
    } catch (err) {
      if (err instanceof UploadAborted) return;
      throw err;
    }
  });

  router.get(`${base}/:import`, async (req, res) => {
    res.json({
      import: await readImport(db, requirePrincipal(req), refOf(req.params), req.params.import, req),
    });
  });

  router.put(`${base}/:import/settings`, async (req, res) => {
    const settings = validate<ImportSettings>(settingsSchema as never, req.body);
    res.json({
      import: await configureImport(
        db,
        requirePrincipal(req),
        refOf(req.params),
        req.params.import,
        settings,
        req,
      ),
    });
  });

  router.post(`${base}/:import/dry-run`, async (req, res) => {
    const job = await startImport(
      db,
      requirePrincipal(req),
      refOf(req.params),
      req.params.import,
      'check',
      req,
    );
    runner.kick();
    res.status(202).json({ import: job });
  });

  router.post(`${base}/:import/run`, async (req, res) => {
    const job = await startImport(
      db,
      requirePrincipal(req),
      refOf(req.params),
      req.params.import,
      'write',
      req,
    );
    runner.kick();
    res.status(202).json({ import: job });
  });

  router.post(`${base}/:import/cancel`, async (req, res) => {
    res.json({
      import: await cancelImport(db, requirePrincipal(req), refOf(req.params), req.params.import, req),
    });
  });

  router.get(`${base}/:import/errors.xlsx`, async (req, res) => {
    const principal = requirePrincipal(req);
    const ref = refOf(req.params);
    await importTarget(db, principal, ref);
    const job = await jobOf(db, principal, ref, req.params.import);
    if (!job.settings) throw notFound('Report');
    const lang = langOf(req.get('accept-language'));
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader(
      'Content-Disposition',
      contentDisposition(
        'attachment',
        `${job.file_name.replace(/\.\w+$/, '')}-${lang === 'en' ? 'errors' : '错误'}.xlsx`,
      ),
    );
    await writeErrorReport(res, job, config.dataDir, lang);
    res.end();
  });
};
