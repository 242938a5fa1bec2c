import type { Request } from 'express';
import type { AutomationDefinition } from '@tangram/schema';
import { requirePrincipal } from '../access/authenticate';
import { appRoleFor, grantFor } from '../access/grants';
import type { Principal } from '../access/principal';
import { loadApp } from '../apps/app-cache';
import type { Db } from '../db/db';
import { notFound } from '../http/app-error';
import type { RouteModule } from '../http/route-module';
import { requestLocale } from '../records/relation-display';
import { buildOpenApi, type DocumentForm, type Locale, type WebhookTriggerDoc } from './document';
import { buildTypes } from './types-ts';

/** The app's forms with the caller's grant on each (a key's grant is narrowed by its scopes). */
async function callerForms(db: Db, principal: Principal, appId: string) {
  const loaded = await loadApp(db, principal.orgId, appId);
  const app = loaded.definition;
  if (!(await appRoleFor(db, principal, app))) throw notFound('App');
  const forms: DocumentForm[] = [];
  for (const form of app.forms) forms.push({ form, grant: await grantFor(db, principal, app, form.id) });
  return { app, forms };
}

/** Webhook triggers of forms the caller may view, with only the fields they see. */
function webhookTriggers(
  automations: readonly AutomationDefinition[],
  forms: DocumentForm[],
  locale: Locale,
) {
  const out: WebhookTriggerDoc[] = [];
  for (const automation of automations) {
    const trigger = automation.trigger;
    if (trigger.type !== 'webhook') continue;
    const target = forms.find((f) => f.form.id === trigger.form);
    if (!target?.grant.actions.includes('view')) continue;
    const visible = new Set(target.grant.fields.visible);
    const name = automation.name[locale] ?? automation.name.en ?? automation.id;
    out.push({
      automationId: automation.id,
      name: typeof name === 'string' ? name : automation.id,
      formId: trigger.form,
      map: trigger.map.filter((m) => visible.has(m.field)),
    });
  }
  return out;
}

const localeOf = (req: Request): Locale =>
  requestLocale(req.acceptsLanguages.bind(req)) === 'en' ? 'en' : 'zh-CN';

/**
 * `GET /apps/:app/openapi.json` and `GET /apps/:app/types.ts` (decision 0046): generated per request
 * for the caller, so they list exactly what the caller's grants (and key scopes) let them use.
 */
export const openApiRoutes: RouteModule = (router, { db }) => {
  router.get('/apps/:app/openapi.json', async (req, res) => {
    const principal = requirePrincipal(req);
    const locale = localeOf(req);
    const { app, forms } = await callerForms(db, principal, req.params.app);
    res.json(
      buildOpenApi({ app, forms, locale, webhooks: webhookTriggers(app.automations ?? [], forms, locale) }),
    );
  });

  router.get('/apps/:app/types.ts', async (req, res) => {
    const principal = requirePrincipal(req);
    const { app, forms } = await callerForms(db, principal, req.params.app);
    res.type('text/plain; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `inline; filename="${app.id.replace(/[^A-Za-z0-9._-]/g, '_')}.types.ts"`,
    );
    res.send(await buildTypes(app.id, forms, localeOf(req)));
  });
};
