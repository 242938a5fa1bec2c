/**
 * Workflow node field access on plain record reads and writes (decision 0027).
 *
 * A field that a form's workflow hides at its start node is the process's own (an approver's
 * internal rating, a cost estimate made by finance): the submitter never sees it, and the workflow
 * view hides it from everyone who does not hold a task that shows it. Plain record reads and writes
 * follow the same rule, so the record API cannot reveal what the process view hides: for members
 * (grants from the app's default actions or from permission groups) such fields leave the field
 * mask, on every record of the form. Admins (org, app) and server-internal readers keep every field;
 * a handler reads the field through their task, where their node's access decides.
 *
 * Pure: the app definition in, field ids out.
 */
import type { Grant } from '@tangram/acl';
import type { AppDefinition, WorkflowDefinition } from '@tangram/schema';

/** Grants of members: the ones a process narrows. Admin and system grants see every field. */
const NARROWED_BASES: ReadonlySet<Grant['basis']> = new Set(['appDefault', 'groups']);

/** The workflow a form runs (`form.workflowId`, defined for that same form), if any. */
function workflowOfForm(app: AppDefinition, formId: string): WorkflowDefinition | undefined {
  const form = app.forms?.find((f) => f.id === formId);
  const id = form?.workflowId;
  if (!id) return undefined;
  return app.workflows?.find((w) => w.id === id && w.form === formId);
}

/**
 * The fields the form's workflow hides at its start node by listing them `hidden`. Only explicit
 * entries count: a form field's own `hidden` flag keeps it off the fill-in layout (a value set by a
 * formula or a data link) and is not a permission, so data views still show it.
 */
export function processHiddenFields(app: AppDefinition, formId: string): string[] {
  const start = workflowOfForm(app, formId)?.nodes.find((n) => n.type === 'start');
  if (!start || !('fields' in start)) return [];
  return (start.fields ?? []).filter((entry) => entry.access === 'hidden').map((entry) => entry.field);
}

/**
 * The grant with the process's hidden fields left out of `visible` and `editable` (see the module
 * comment). Returns `grant` itself when nothing changes, so callers may compare by identity.
 */
export function narrowByProcess(grant: Grant, app: AppDefinition): Grant {
  if (!NARROWED_BASES.has(grant.basis)) return grant;
  const hidden = new Set(processHiddenFields(app, grant.formId));
  if (hidden.size === 0 || !grant.fields.visible.some((id) => hidden.has(id))) return grant;
  return {
    ...grant,
    fields: {
      visible: grant.fields.visible.filter((id) => !hidden.has(id)),
      editable: grant.fields.editable.filter((id) => !hidden.has(id)),
    },
  };
}
