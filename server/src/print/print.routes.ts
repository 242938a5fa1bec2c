import type { Request } from 'express';
import { requirePrincipal } from '../access';
import type { RouteModule } from '../http/route-module';
import { validate } from '../http/validate';
import { requestLocale } from '../records/relation-display';
import { MAX_PRINT_RECORDS, printRecords } from './print.service';

const printBody = {
  type: 'object',
  properties: {
    ids: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_PRINT_RECORDS,
      uniqueItems: true,
      items: { type: 'string', minLength: 1, maxLength: 64 },
    },
    templateId: { type: 'string', minLength: 1, maxLength: 63 },
    template: { type: 'object' },
    locale: { enum: ['zh-CN', 'en'] },
  },
  required: ['ids'],
  additionalProperties: false,
} as const;

interface PrintBody {
  ids: string[];
  templateId?: string;
  template?: object;
  locale?: 'zh-CN' | 'en';
}

/** `POST /apps/:app/forms/:form/print`: one PDF of one record or a selection (decision 0045). */
export const printRoutes: RouteModule = (router, { db, config }) => {
  router.post('/apps/:app/forms/:form/print', async (req: Request<{ app: string; form: string }>, res) => {
    const principal = requirePrincipal(req);
    const body = validate<PrintBody>(printBody, req.body);
    const { pdf, fileName } = await printRecords(
      db,
      principal,
      { appId: req.params.app, formId: req.params.form },
      {
        ids: body.ids,
        ...(body.templateId !== undefined ? { templateId: body.templateId } : {}),
        ...(body.template !== undefined ? { template: body.template } : {}),
        locale: body.locale ?? requestLocale(req.acceptsLanguages.bind(req)),
      },
      config.dataDir,
    );
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .setHeader('Cache-Control', 'no-store')
      .send(pdf);
  });
};
