import type { AppDefinition, AppGrantSummary, FormDefinition, FormGrantSummary } from '@tangram/client';

/**
 * What the player offers on one form, derived from the caller's grant summary (`me` of
 * `GET /apps/:app`, decision 0026). The server enforces the same grant; this only keeps the player
 * from offering what it would refuse.
 */
export interface FormGrantView {
  canView: boolean;
  canCreate: boolean;
  canEdit: boolean;
  canDelete: boolean;
  /** Delete records in the recycle bin permanently: app admins (`manage`). */
  canPurge: boolean;
  canExport: boolean;
  /** Import records from Excel or CSV (the `import` action, decision 0040). */
  canImport: boolean;
  canPrint: boolean;
  /** Bulk edit writes like an edit; bulk delete deletes like a delete. */
  canBulkEdit: boolean;
  canBulkDelete: boolean;
  /** Selection only serves bulk actions: without any, rows get no check boxes. */
  canSelect: boolean;
  isVisible(fieldId: string): boolean;
  isEditable(fieldId: string): boolean;
}

/** Field types that hold no value: never masked (they carry no data). */
const LAYOUT_TYPES = new Set(['description', 'divider']);

/** Everything allowed: an answer without `me` (an older server), or a form absent from it. */
export const FULL_GRANT: FormGrantView = {
  canView: true,
  canCreate: true,
  canEdit: true,
  canDelete: true,
  canPurge: true,
  canExport: true,
  canImport: true,
  canPrint: true,
  canBulkEdit: true,
  canBulkDelete: true,
  canSelect: true,
  isVisible: () => true,
  isEditable: () => true,
};

/** The player's view of one form's grant. */
export function grantView(me: AppGrantSummary | undefined, formId: string): FormGrantView {
  if (!me) return FULL_GRANT;
  const summary: FormGrantSummary = me.forms[formId] ?? {
    actions: [],
    visibleFields: [],
    editableFields: [],
  };
  const actions = new Set(summary.actions);
  const visible = new Set(summary.visibleFields);
  const editable = new Set(summary.editableFields);
  const can = (a: string) => actions.has(a);
  return {
    canView: can('view'),
    canCreate: can('create'),
    canEdit: can('edit') && editable.size > 0,
    canDelete: can('delete'),
    canPurge: can('manage'),
    canExport: can('export'),
    canImport: can('import'),
    canPrint: can('print'),
    canBulkEdit: can('edit') && editable.size > 0,
    canBulkDelete: can('delete'),
    canSelect: (can('edit') && editable.size > 0) || can('delete') || can('print'),
    isVisible: (id) => visible.has(id),
    isEditable: (id) => editable.has(id),
  };
}

/**
 * The form as the player renders it for this grant: hidden fields left out (the server already
 * strips them for members; this keeps the player right whatever it was given) and fields the
 * caller may not write marked `readOnly`, which the form renderer shows disabled and never
 * validates or submits. Returns the same object when nothing changes.
 */
export function formForGrant(form: FormDefinition, grant: FormGrantView): FormDefinition {
  if (grant === FULL_GRANT) return form;
  let changed = false;
  const fields = [];
  for (const field of form.fields) {
    const layout = LAYOUT_TYPES.has(field.type);
    if (!layout && !grant.isVisible(field.id)) {
      changed = true;
      continue;
    }
    if (!layout && !grant.isEditable(field.id) && field.readOnly !== true) {
      changed = true;
      fields.push({ ...field, readOnly: true });
    } else fields.push(field);
  }
  return changed ? { ...form, fields } : form;
}

/** The forms the caller may open (the navigation lists only these). */
export function viewableFormIds(app: AppDefinition, me: AppGrantSummary | undefined): Set<string> {
  return new Set((app.forms ?? []).filter((f) => grantView(me, f.id).canView).map((f) => f.id));
}

/** The app with its navigation reduced to the forms the caller may open (dashboards stay). */
export function appForNavigation(app: AppDefinition, me: AppGrantSummary | undefined): AppDefinition {
  if (!me) return app;
  const open = viewableFormIds(app, me);
  if (open.size === (app.forms ?? []).length) return app;
  return { ...app, forms: (app.forms ?? []).filter((f) => open.has(f.id)) };
}
