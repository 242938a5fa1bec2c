import type { AppDefinition } from './schema-types';
import type { Transport } from './transport';

type I18n = { 'zh-CN': string; en: string };

/** A package of the template gallery (`GET /templates`). */
export interface TemplateListing {
  key: string;
  version: string;
  name: I18n;
  description: I18n;
  icon: string;
  screenshotUrl: string | null;
  requires: string[];
  roles: { key: string; name: I18n }[];
  hasSample: boolean;
  installed: {
    installId: string;
    version: string;
    status: TemplateInstall['status'];
    appIds: string[];
  } | null;
}

/** An install job (decision 0043): poll it until it is no longer `running`. */
export interface TemplateInstall {
  id: string;
  packageKey: string;
  version: string;
  status: 'running' | 'done' | 'failed';
  sample: boolean;
  progress: { step?: string; packageKey?: string; done?: number; total?: number };
  appIds: Record<string, string>;
  roleIds: Record<string, string>;
  error: { code: string; message: string; details?: unknown } | null;
}

export interface TemplateMergeConflict {
  path: string;
  base?: unknown;
  ours?: unknown;
  theirs?: unknown;
  resolution: 'ours' | 'theirs';
}

export interface TemplateUpgradePreview {
  fromVersion: string;
  toVersion: string;
  apps: {
    appId: string;
    templateAppId: string;
    kind: 'merged' | 'added';
    currentVersion: number | null;
    merged: AppDefinition;
    conflicts: TemplateMergeConflict[];
  }[];
}

export type TemplateChoices = Record<string, Record<string, 'ours' | 'theirs'>>;

/** The template gallery: list, install (a job), upgrade by three-way merge (org admins). */
export function createTemplatesApi(http: Transport) {
  const enc = encodeURIComponent;
  return {
    list: () => http.request<{ items: TemplateListing[] }>('GET', '/templates'),
    install: (
      key: string,
      body: { sample: boolean; roleMap?: Record<string, string>; locale?: 'zh-CN' | 'en' },
    ) => http.request<{ install: TemplateInstall }>('POST', `/templates/${enc(key)}/install`, { body }),
    installStatus: (id: string) =>
      http.request<{ install: TemplateInstall }>('GET', `/templates/installs/${enc(id)}`),
    previewUpgrade: (key: string, choices: TemplateChoices = {}) =>
      http.request<TemplateUpgradePreview>('POST', `/templates/${enc(key)}/upgrade/preview`, {
        body: { choices },
      }),
    upgrade: (
      key: string,
      body: { choices?: TemplateChoices; baseVersions?: Record<string, number>; locale?: 'zh-CN' | 'en' },
    ) => http.request<{ version: string }>('POST', `/templates/${enc(key)}/upgrade`, { body }),
  };
}
