/**
 * Field and permission builders for the template definitions: every field of a template is an
 * ordinary field definition, these only keep the definitions short and the labels bilingual.
 */
import type { AppDefinition, FieldDefinition, PermissionGroup } from '@tangram/schema';
import type { I18nPair } from './types';

export const l = (en: string, zh: string): I18nPair => ({ en, 'zh-CN': zh });

type Extra = Partial<Pick<FieldDefinition, 'required' | 'unique' | 'readOnly' | 'hidden' | 'description'>>;

export const text = (id: string, label: I18nPair, extra: Extra = {}): FieldDefinition => ({
  id,
  type: 'text',
  label,
  config: { maxLength: 200 },
  ...extra,
});

export const textarea = (id: string, label: I18nPair): FieldDefinition => ({ id, type: 'textarea', label });
export const phone = (id: string, label: I18nPair): FieldDefinition => ({ id, type: 'phone', label });
export const email = (id: string, label: I18nPair): FieldDefinition => ({ id, type: 'email', label });
export const date = (id: string, label: I18nPair, extra: Extra = {}): FieldDefinition => ({
  id,
  type: 'date',
  label,
  ...extra,
});
export const member = (id: string, label: I18nPair): FieldDefinition => ({ id, type: 'member', label });
export const flag = (id: string, label: I18nPair): FieldDefinition => ({ id, type: 'boolean', label });

export const money = (id: string, label: I18nPair, extra: Extra = {}): FieldDefinition => ({
  id,
  type: 'money',
  label,
  config: { currency: 'CNY', precision: 2, min: 0 },
  ...extra,
});

/** A quantity: whole units, never negative unless `signed` (stock count adjustments). */
export const qty = (
  id: string,
  label: I18nPair,
  extra: Extra & { signed?: boolean } = {},
): FieldDefinition => {
  const { signed, ...rest } = extra;
  return {
    id,
    type: 'number',
    label,
    config: signed ? { precision: 0 } : { precision: 0, min: 1 },
    ...rest,
  };
};

export const whole = (id: string, label: I18nPair, min = 0): FieldDefinition => ({
  id,
  type: 'number',
  label,
  config: { precision: 0, min },
});

export const select = (
  id: string,
  label: I18nPair,
  options: [string, string, string][],
  extra: Extra = {},
): FieldDefinition => ({
  id,
  type: 'select',
  label,
  config: { options: options.map(([value, en, zh]) => ({ value, label: l(en, zh) })) },
  ...extra,
});

export const relation = (
  id: string,
  label: I18nPair,
  form: string,
  app?: string,
  extra: Extra = {},
): FieldDefinition => ({
  id,
  type: 'relation',
  label,
  config: { form, multiple: false, ...(app ? { app } : {}) },
  ...extra,
});

/** A serial number like PO-202601-0001, gap-free per form. */
export const serial = (id: string, label: I18nPair, prefix: string): FieldDefinition => ({
  id,
  type: 'serial',
  label,
  config: {
    parts: [
      { kind: 'text', text: `${prefix}-` },
      { kind: 'date', format: 'YYYYMM' },
      { kind: 'text', text: '-' },
      { kind: 'counter', digits: 4, reset: 'month' },
    ],
  },
});

export const formula = (
  id: string,
  label: I18nPair,
  expression: string,
  asMoney = false,
): FieldDefinition => ({
  id,
  type: 'formula',
  label,
  config: {
    formula: expression,
    resultType: 'number',
    precision: asMoney ? 2 : 0,
    ...(asMoney ? { currency: 'CNY' } : {}),
  },
});

export const subform = (id: string, label: I18nPair, fields: FieldDefinition[]): FieldDefinition => ({
  id,
  type: 'subform',
  label,
  required: true,
  config: { fields, minRows: 1, maxRows: 200 },
});

/** Org roles as an audience; the installer rewrites the keys to the org's role ids. */
export const roles = (...keys: string[]) => ({ kind: 'roles' as const, ids: keys });

type Action = PermissionGroup['actions'][number];

/** A permission group; `visible` lists fields (all editable ones must be visible), default all. */
export function group(
  id: string,
  name: I18nPair,
  members: string[],
  actions: Action[],
  opts: { scope?: PermissionGroup['scope']; visible?: string[]; editable?: string[] } = {},
): PermissionGroup {
  const canWrite = actions.includes('create') || actions.includes('edit');
  const fields =
    opts.visible || opts.editable
      ? {
          visible: opts.visible ?? ('all' as const),
          editable: opts.editable ?? (canWrite ? (opts.visible ?? ('all' as const)) : []),
        }
      : undefined;
  return {
    id,
    name,
    members: [roles(...members)],
    actions,
    scope: opts.scope ?? { kind: 'all' },
    ...(fields ? { fields } : {}),
  };
}

export const R = {
  rep: 'tpl_sales_rep',
  manager: 'tpl_sales_manager',
  agent: 'tpl_service_agent',
  buyer: 'tpl_purchaser',
  clerk: 'tpl_warehouse_clerk',
  accountant: 'tpl_accountant',
  gm: 'tpl_general_manager',
} as const;

export const ALL_ROLES = Object.values(R);

/** The action sets the templates grant again and again. */
export const READ: Action[] = ['view', 'export', 'print'];
export const WORK: Action[] = ['view', 'create', 'edit', 'export', 'print'];

/** The general manager reads (and exports, prints) a form: the last group of most forms. */
export const gmReads = (name: I18nPair = l('General manager (read)', '总经理（只读）')): PermissionGroup =>
  group('management', name, [R.gm], READ);

type NavItem = NonNullable<AppDefinition['navigation']>[number];

/** Navigation entries: pages by kind, and a titled group of them. */
export const nav = {
  form: (target: string): NavItem => ({ kind: 'form', target }),
  aggregate: (target: string): NavItem => ({ kind: 'aggregate', target }),
  dashboard: (target: string): NavItem => ({ kind: 'dashboard', target }),
  group: (id: string, label: I18nPair, ...items: NavItem[]): NavItem =>
    ({ kind: 'group', id, label, items }) as NavItem,
};

/** A document's line items: the `lines` subform every order, receipt and quote has. */
export const lines = (label: I18nPair, fields: FieldDefinition[]): FieldDefinition =>
  subform('lines', label, fields);
