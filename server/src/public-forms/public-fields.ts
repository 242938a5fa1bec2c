/**
 * Which fields a public form link may carry, and the form an anonymous visitor is shown. Pure.
 *
 * A link shows only field types whose widget needs nothing from the organisation: member and
 * department pickers would list the org directory, relations and lookups read other records, and
 * uploads (image, attachment, signature) go through the signed-in file endpoint. Computed fields
 * (formula, serial) are filled by the server and never sent. Rich text is left out to keep the
 * anonymous surface to plain values. Decision 0047.
 */
import type { FieldDefinition, FieldType, FormDefinition } from '@tangram/schema';
import type { ErrorDetail } from '../http/app-error';

const PUBLIC_TYPES: Readonly<Record<FieldType, boolean>> = {
  text: true,
  textarea: true,
  number: true,
  money: true,
  percent: true,
  date: true,
  datetime: true,
  time: true,
  select: true,
  multiselect: true,
  radio: true,
  checkboxes: true,
  boolean: true,
  phone: true,
  email: true,
  url: true,
  address: true,
  location: true,
  subform: true,
  description: true,
  divider: true,
  member: false,
  members: false,
  department: false,
  departments: false,
  image: false,
  attachment: false,
  signature: false,
  richtext: false,
  relation: false,
  lookup: false,
  serial: false,
  formula: false,
};

/** Whether a field can be on a public link (a subform only when each of its fields can). */
export function isPublicField(field: FieldDefinition): boolean {
  if (!PUBLIC_TYPES[field.type]) return false;
  if (field.type === 'subform') return (field.config?.fields ?? []).every((f) => isPublicField(f));
  return true;
}

/** The form's fields a link may offer, in form order (the studio's picker). */
export const publicFieldIds = (form: FormDefinition): string[] =>
  form.fields.filter((f) => isPublicField(f)).map((f) => f.id);

/** A required field the server fills itself or that has a default needs no input. */
const needsInput = (f: FieldDefinition): boolean =>
  f.required === true && f.default === undefined && f.type !== 'serial' && f.type !== 'formula';

/**
 * Problems with a link's field list for this form: unknown ids, types that cannot be public, and
 * required fields left off the link (every submission would fail their check).
 */
export function linkFieldProblems(form: FormDefinition, fieldIds: readonly string[]): ErrorDetail[] {
  const byId = new Map(form.fields.map((f) => [f.id, f]));
  const problems: ErrorDetail[] = [];
  fieldIds.forEach((id, i) => {
    const field = byId.get(id);
    if (!field)
      problems.push({ path: `/fields/${i}`, code: 'unknown_field', message: `the form has no field ${id}` });
    else if (!isPublicField(field))
      problems.push({
        path: `/fields/${i}`,
        code: 'field_not_public',
        message: `a ${field.type} field cannot be on a public link`,
      });
  });
  const chosen = new Set(fieldIds);
  for (const f of form.fields)
    if (needsInput(f) && !chosen.has(f.id))
      problems.push({
        path: '/fields',
        code: 'required_field_missing',
        message: `the required field ${f.id} must be on the link (or given a default)`,
      });
  return problems;
}

/**
 * The form as an anonymous visitor sees it: only the link's fields (still public: a field whose
 * type changed since publishing is dropped), no layout, rules, workflow or permission groups, and
 * no data-linkage defaults (they would read other records from the browser).
 */
export function publicFormOf(form: FormDefinition, fieldIds: readonly string[]): FormDefinition {
  const chosen = new Set(fieldIds);
  const fields = form.fields
    .filter((f) => chosen.has(f.id) && isPublicField(f))
    .map((f) => (f.default?.kind === 'linkage' ? withoutDefault(f) : f));
  return {
    id: form.id,
    name: form.name,
    ...(form.description ? { description: form.description } : {}),
    fields,
  };
}

function withoutDefault(field: FieldDefinition): FieldDefinition {
  const { default: _dropped, ...rest } = field;
  return rest as FieldDefinition;
}

/** The link's fields still on the form and still public (the grant's editable fields). */
export const liveLinkFields = (form: FormDefinition, fieldIds: readonly string[]): string[] =>
  publicFormOf(form, fieldIds).fields.map((f) => f.id);
