import type { TemplatesResource } from './zh-CN';

/** English texts of the studio's template pages (namespace `templates`). */
export const templatesEn: TemplatesResource = {
  nav: 'Templates',
  title: 'Template gallery',
  subtitle: 'Install ready-made apps such as CRM and ERP; upgrading a template keeps your changes.',
  upgradeTitle: 'Upgrade {{name}}: {{from}} → {{to}}',
  upgradeIntro:
    "A three-way merge: based on the template version you installed, it applies the template's new changes and keeps the fields you added, the labels and workflows you changed.",
  loadingPreview: 'Working out the merge…',
  appAdded: 'New app',
  appMerged: 'Merged',
  noConflicts: 'No conflicts: the upgrade can be applied as it is.',
  conflicts_one:
    '{{count}} conflict: you and the template changed the same thing. Choose which side to keep.',
  conflicts_other:
    '{{count}} conflicts: you and the template changed the same things. Choose which side to keep.',
  path: 'Where',
  base: 'When installed',
  ours: 'Your app',
  theirs: 'New template',
  absent: '(not there)',
  keepOurs: 'Keep mine',
  takeTheirs: "Take the template's",
  apply: 'Upgrade',
  applied: 'Upgraded to {{version}}',
  cancel: 'Cancel',
};
