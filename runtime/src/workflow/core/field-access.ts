import type { FieldAccessLevel } from '@tangram/client';
import type { FieldDefinition, FormDefinition, WorkflowDefinition } from '@tangram/schema';

/**
 * The form as the viewer's node shows it: hidden fields hidden, read fields read-only, editable
 * fields editable and required ones required. The form renderer already honours the definition's
 * `hidden`, `readOnly` and `required`, so node access becomes a definition overlay instead of a
 * second permission path through the renderer. Fields the map does not list are read-only (the
 * server's default at approve and fill nodes); a `null` map means "everything read-only".
 */
export function formForAccess(
  form: FormDefinition,
  access: Readonly<Record<string, FieldAccessLevel>> | null,
): FormDefinition {
  const overlay = (field: FieldDefinition): FieldDefinition => {
    const level = access?.[field.id] ?? 'read';
    switch (level) {
      case 'hidden':
        return { ...field, hidden: true };
      case 'read':
        return { ...field, readOnly: true, required: false };
      case 'edit':
        return { ...field, readOnly: false, required: field.required === true };
      case 'required':
        return { ...field, readOnly: false, required: true };
    }
  };
  return { ...form, fields: form.fields.map(overlay) };
}

/** Whether the node lets the viewer edit any field (the form is rendered editable then). */
export const hasEditable = (access: Readonly<Record<string, FieldAccessLevel>>): boolean =>
  Object.values(access).some((a) => a === 'edit' || a === 'required');

/**
 * The values to send with an approve / submit: editable fields whose value differs from the
 * record's. Sending only changes keeps untouched fields out of the write (the server checks each
 * field sent against the node's access).
 */
export function changedEditable(
  values: Readonly<Record<string, unknown>>,
  original: Readonly<Record<string, unknown>>,
  access: Readonly<Record<string, FieldAccessLevel>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(values)) {
    const level = access[id];
    if (level !== 'edit' && level !== 'required') continue;
    if (JSON.stringify(value ?? null) !== JSON.stringify(original[id] ?? null)) out[id] = value;
  }
  return out;
}

/**
 * The form a submitter fills in to start a process: the start node's field list applied over the
 * form (fields it does not list stay as the form defines them, unlike at approval nodes).
 */
export function formForStart(
  form: FormDefinition,
  workflows: readonly WorkflowDefinition[] | undefined,
): FormDefinition {
  const workflow = workflows?.find((w) => w.id === form.workflowId && w.form === form.id);
  const start = workflow?.nodes.find((n) => n.type === 'start');
  if (!start?.fields?.length) return form;
  // 'edit' keeps a field's own "required"; read-only fields stay read-only.
  const asDefined = form.fields.map((f) => [f.id, f.readOnly ? 'read' : 'edit'] as const);
  const listed = start.fields.map((a) => [a.field, a.access] as const);
  return formForAccess(form, Object.fromEntries([...asDefined, ...listed]));
}
