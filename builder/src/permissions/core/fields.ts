import type { FieldDefinition, FormDefinition } from '@tangram/schema';

/** Fields that only lay out the form hold no value: nothing to hide or edit. */
const LAYOUT_ONLY = new Set(['description', 'divider']);
/** Computed fields: they can be seen, never typed into. */
const COMPUTED = new Set(['formula', 'lookup', 'serial']);
/** Fields whose value names people or departments: "the field contains me" scopes read them. */
const PEOPLE = new Set(['member', 'members', 'department', 'departments']);

/** The top-level fields a field mask speaks of (a subform as a whole), in form order. */
export const maskableFields = (form: FormDefinition): FieldDefinition[] =>
  form.fields.filter((f) => !LAYOUT_ONLY.has(f.type));

export const isComputed = (field: FieldDefinition): boolean => COMPUTED.has(field.type);

/** Member and department fields: the choices of a "field contains me" scope. */
export const peopleFields = (form: FormDefinition): FieldDefinition[] =>
  form.fields.filter((f) => PEOPLE.has(f.type));
