import { createClient } from '@tangram/client';
import { AppProviders, GlobalStyles, createI18n, createRouter, createSessionStore } from '@tangram/runtime';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { automationsEn } from './automations/i18n/en';
import { automationsZhCN } from './automations/i18n/zh-CN';
import { designerEn } from './designer/i18n/en';
import { designerZhCN } from './designer/i18n/zh-CN';
import { orgAdminEn } from './admin/i18n/en';
import { orgAdminZhCN } from './admin/i18n/zh-CN';
import { auditEn } from './audit/i18n/en';
import { auditZhCN } from './audit/i18n/zh-CN';
import { aggregatesEn } from './aggregates/i18n/en';
import { aggregatesZhCN } from './aggregates/i18n/zh-CN';
import { studioEn } from './i18n/en';
import { permissionsEn } from './permissions/i18n/en';
import { permissionsZhCN } from './permissions/i18n/zh-CN';
import { studioZhCN } from './i18n/zh-CN';
import { StudioShell } from './studio-shell';
import { printEn, printZhCN } from './print';
import { studioViewsEn, studioViewsZhCN } from './views';
import { publicFormsEn, publicFormsZhCN } from './public-forms';
import { templatesEn } from './templates/i18n/en';
import { templatesZhCN } from './templates/i18n/zh-CN';
import { workflowEn } from './workflow/i18n/en';
import { workflowZhCN } from './workflow/i18n/zh-CN';

// Validation messages come back in the language on screen (i18n is read at request time).
const client = createClient({ language: () => i18n.language });
const services = { client, session: createSessionStore(client), router: createRouter('/studio/').store };
const i18n = createI18n({
  resources: {
    'zh-CN': {
      studio: studioZhCN,
      designer: designerZhCN,
      workflow: workflowZhCN,
      permissions: permissionsZhCN,
      print: printZhCN,
      orgAdmin: orgAdminZhCN,
      audit: auditZhCN,
      automations: automationsZhCN,
      aggregates: aggregatesZhCN,
      templates: templatesZhCN,
      publicForms: publicFormsZhCN,
      studioViews: studioViewsZhCN,
    },
    en: {
      studio: studioEn,
      designer: designerEn,
      workflow: workflowEn,
      permissions: permissionsEn,
      print: printEn,
      orgAdmin: orgAdminEn,
      audit: auditEn,
      automations: automationsEn,
      aggregates: aggregatesEn,
      templates: templatesEn,
      publicForms: publicFormsEn,
      studioViews: studioViewsEn,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <AppProviders i18n={i18n} services={services}>
      <GlobalStyles />
      <StudioShell />
    </AppProviders>
  </StrictMode>,
);
