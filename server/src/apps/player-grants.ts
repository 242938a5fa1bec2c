import type { AppRole, Grant } from '@tangram/acl';
import type { AppDefinition, FormDefinition, LayoutNode } from '@tangram/schema';
import { appRoleFor, grantFor, groupGrantFor } from '../access/grants';
import type { Principal } from '../access/principal';
import type { Db } from '../db/db';

/** What the caller may do on one form: the Grant without its row scopes (decision 0026). */
export interface FormGrantSummary {
  actions: string[];
  visibleFields: string[];
  editableFields: string[];
}

/** The `me` of `GET /apps/:app`: the caller's app role and grant summary per form. */
export interface AppGrantSummary {
  appRole: AppRole | null;
  forms: Record<string, FormGrantSummary>;
}

/** Per form, the field definitions a member's player receives (see `definitionAsSeen`). */
export type DefinedFields = Record<string, readonly string[]>;

/** Field types that hold no value (headings, dividers, tabs): never masked, they carry no data. */
const LAYOUT_TYPES = new Set(['description', 'divider', 'tabs', 'section']);

const summaryOf = (grant: Grant): FormGrantSummary => ({
  actions: [...grant.actions],
  visibleFields: [...grant.fields.visible],
  editableFields: [...grant.fields.editable],
});

/**
 * The caller's grant summary on every form of `app`, computed with the same `grantFor` as the
 * records kernel, so the player offers exactly what the server will accept.
 */
export async function grantSummary(
  db: Db,
  principal: Principal,
  app: AppDefinition,
): Promise<AppGrantSummary> {
  const appRole = await appRoleFor(db, principal, app);
  const forms: Record<string, FormGrantSummary> = {};
  for (const form of app.forms ?? []) forms[form.id] = summaryOf(await grantFor(db, principal, app, form.id));
  return { appRole, forms };
}

/**
 * Per form, the fields whose definitions the caller's player receives: those their permission
 * groups show, before the form's workflow narrows the mask (decision 0027). A field the start node
 * hides is absent from `visibleFields` (no data view, record or export shows it) but its definition
 * stays, so a handler's process panel can render it where their node shows it.
 */
export async function definedFields(
  db: Db,
  principal: Principal,
  app: AppDefinition,
): Promise<DefinedFields> {
  const out: DefinedFields = {};
  for (const form of app.forms ?? [])
    out[form.id] = (await groupGrantFor(db, principal, app, form.id)).fields.visible;
  return out;
}

/**
 * The definition as a member may see it: each form keeps only the fields of `defined` (plus
 * layout-only fields), its layout loses the cells of hidden fields and its title field when that
 * is hidden. Labels of hidden fields ("Salary") would otherwise tell that the field exists. App
 * admins get the definition unchanged. Returns new objects: the cached definition is shared.
 */
export function definitionAsSeen(
  app: AppDefinition,
  me: AppGrantSummary,
  defined: DefinedFields,
): AppDefinition {
  if (me.appRole === 'admin') return app;
  return {
    ...app,
    forms: (app.forms ?? []).map((form) => formAsSeen(form, defined[form.id])),
    automations: buttonsAsSeen(app, me),
  };
}

/**
 * What a member's player needs of the automations: the buttons it shows on records of the forms
 * they may view (id, name, label, form, confirm). Conditions, actions, webhook URLs and headers,
 * and every other trigger are the designer's business: they may hold secrets and are not sent.
 * The actions list is empty here (the definition format wants at least one action; the player
 * never validates or runs a definition, it presses buttons through the API).
 */
function buttonsAsSeen(app: AppDefinition, me: AppGrantSummary): AppDefinition['automations'] {
  const buttons = (app.automations ?? []).flatMap((a) =>
    a.trigger.type === 'button' && me.forms[a.trigger.form]?.actions.includes('view')
      ? [{ id: a.id, name: a.name, enabled: a.enabled, trigger: a.trigger, actions: [] }]
      : [],
  );
  return buttons as unknown as AppDefinition['automations'];
}

function formAsSeen(form: FormDefinition, definedIds: readonly string[] | undefined): FormDefinition {
  const visible = new Set(definedIds ?? []);
  const fields = form.fields.filter((f) => visible.has(f.id) || LAYOUT_TYPES.has(f.type));
  if (fields.length === form.fields.length) return form;
  const kept = new Set(fields.map((f) => f.id));
  const { layout, titleField, ...rest } = form;
  return {
    ...rest,
    fields,
    ...(titleField !== undefined && kept.has(titleField) ? { titleField } : {}),
    ...(layout ? { layout: { ...layout, items: pruneLayout(layout.items, kept) } } : {}),
  };
}

/** The layout without cells of fields that are not kept (rows left empty are dropped). */
function pruneLayout(items: readonly LayoutNode[], kept: ReadonlySet<string>): LayoutNode[] {
  const out: LayoutNode[] = [];
  for (const node of items) {
    if (node.kind === 'row') {
      const cells = node.cells.filter((c) => kept.has(c.field));
      if (cells.length) out.push({ ...node, cells });
    } else if (node.kind === 'section') {
      out.push({ ...node, items: pruneLayout(node.items, kept) });
    } else {
      out.push({ ...node, tabs: node.tabs.map((t) => ({ ...t, items: pruneLayout(t.items, kept) })) });
    }
  }
  return out;
}
