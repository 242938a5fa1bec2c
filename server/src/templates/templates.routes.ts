import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTemplateRegistry, templatePackages, type TemplateRegistry } from '@tangram/templates';
import { requirePrincipal } from '../access';
import { notFound } from '../http/app-error';
import type { RouteModule } from '../http/route-module';
import { validate } from '../http/validate';
import { workflowDeps } from '../workflow/deps';
import {
  applyUpgrade,
  getInstall,
  listTemplates,
  previewUpgrade,
  startInstall,
  type InstallBody,
  type TemplateServices,
} from './templates.service';

const locale = { enum: ['zh-CN', 'en'] } as const;
const idMap = {
  type: 'object',
  maxProperties: 50,
  additionalProperties: { type: 'string', minLength: 1, maxLength: 64 },
} as const;
const choices = {
  type: 'object',
  maxProperties: 50,
  additionalProperties: {
    type: 'object',
    maxProperties: 2000,
    additionalProperties: { enum: ['ours', 'theirs'] },
  },
} as const;

const installBody = {
  type: 'object',
  properties: { sample: { type: 'boolean' }, roleMap: idMap, locale },
  required: ['sample'],
  additionalProperties: false,
} as const;

const upgradeBody = {
  type: 'object',
  properties: {
    choices,
    baseVersions: {
      type: 'object',
      maxProperties: 50,
      additionalProperties: { type: 'integer', minimum: 1 },
    },
    locale,
  },
  additionalProperties: false,
} as const;

// Screenshots are files of the templates package (templates/assets), never a path from the request.
const ASSETS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../templates/assets');

/** `/templates/*` over a registry (tests pass their own packages). */
export function templateRoutesFor(registry: TemplateRegistry): RouteModule {
  return (router, deps) => {
    const services: TemplateServices = {
      db: deps.db,
      writes: deps.writes,
      workflow: workflowDeps(deps),
      registry,
      today: () => new Date().toISOString().slice(0, 10),
    };

    router.get('/templates', async (req, res) => {
      res.json({ items: await listTemplates(services, requirePrincipal(req)) });
    });

    router.get('/templates/installs/:id', async (req, res) => {
      res.json({ install: await getInstall(services, requirePrincipal(req), req.params.id) });
    });

    router.get('/templates/:template/screenshot', async (req, res) => {
      requirePrincipal(req);
      const pkg = registry.get(req.params.template);
      const file = pkg?.screenshot ? path.join(ASSETS, path.basename(pkg.screenshot)) : null;
      if (!file || !existsSync(file)) throw notFound('Screenshot');
      res.setHeader('Cache-Control', 'private, max-age=3600');
      res.sendFile(file);
    });

    router.post('/templates/:template/install', async (req, res) => {
      const principal = requirePrincipal(req);
      const body = validate<InstallBody>(installBody, req.body);
      res.status(202).json({ install: await startInstall(services, principal, req.params.template, body) });
    });

    router.post('/templates/:template/upgrade/preview', async (req, res) => {
      const principal = requirePrincipal(req);
      const body = validate<{ choices?: Record<string, Record<string, 'ours' | 'theirs'>> }>(
        upgradeBody,
        req.body ?? {},
      );
      res.json(await previewUpgrade(services, principal, req.params.template, body.choices ?? {}));
    });

    router.post('/templates/:template/upgrade', async (req, res) => {
      const principal = requirePrincipal(req);
      const body = validate<Parameters<typeof applyUpgrade>[3]>(upgradeBody, req.body ?? {});
      res.json(await applyUpgrade(services, principal, req.params.template, body));
    });
  };
}

/** `/templates/*` over the built-in packages (docs/api.md, decision 0043). */
export const templateRoutes: RouteModule = templateRoutesFor(createTemplateRegistry(templatePackages));
