import type { FieldDefinition, FieldType } from '@tangram/schema';
import type { FieldTypeSpec, FieldTypeSpecs } from './field-type.js';
import {
  booleanField,
  checkboxesField,
  multiselectField,
  radioField,
  selectField,
} from './types/choice.fields.js';
import {
  addressField,
  attachmentField,
  imageField,
  locationField,
  signatureField,
} from './types/composite.fields.js';
import { dateField, datetimeField, timeField } from './types/date.fields.js';
import { moneyField, numberField, percentField } from './types/number.fields.js';
import { departmentField, departmentsField, memberField, membersField } from './types/org.fields.js';
import {
  descriptionField,
  dividerField,
  formulaField,
  lookupField,
  relationField,
  serialField,
  subformField,
} from './types/structure.fields.js';
import {
  emailField,
  phoneField,
  richtextField,
  textareaField,
  textField,
  urlField,
} from './types/text.fields.js';

/** The built-in field types, in palette order. `satisfies` makes a missing type a compile error. */
const builtIn = {
  text: textField,
  textarea: textareaField,
  number: numberField,
  money: moneyField,
  percent: percentField,
  date: dateField,
  datetime: datetimeField,
  time: timeField,
  radio: radioField,
  checkboxes: checkboxesField,
  select: selectField,
  multiselect: multiselectField,
  boolean: booleanField,
  phone: phoneField,
  email: emailField,
  url: urlField,
  address: addressField,
  location: locationField,
  member: memberField,
  members: membersField,
  department: departmentField,
  departments: departmentsField,
  image: imageField,
  attachment: attachmentField,
  signature: signatureField,
  richtext: richtextField,
  subform: subformField,
  relation: relationField,
  lookup: lookupField,
  serial: serialField,
  formula: formulaField,
  description: descriptionField,
  divider: dividerField,
} satisfies FieldTypeSpecs;

export interface FieldRegistry {
  /** Every type, in palette order. */
  readonly types: readonly FieldType[];
  /** The spec of a type; throws for a type that does not exist (never falls back to text). */
  spec<T extends FieldType>(type: T): FieldTypeSpec<T>;
  /** The spec for a field definition, typed to its field. */
  of<F extends FieldDefinition>(field: F): FieldTypeSpec<F['type']>;
}

/** Creates a registry instance (not a module-global mutable map; see STYLE). */
export function createFieldRegistry(specs: FieldTypeSpecs = builtIn): FieldRegistry {
  const byType = new Map<string, FieldTypeSpec>(Object.entries(specs) as [string, FieldTypeSpec][]);
  const spec = <T extends FieldType>(type: T): FieldTypeSpec<T> => {
    const found = byType.get(type);
    if (!found) throw new Error(`unknown field type "${String(type)}"`);
    return found as unknown as FieldTypeSpec<T>;
  };
  return {
    types: Object.keys(specs) as FieldType[],
    spec,
    of: (field) => spec(field.type) as never,
  };
}

/** The default registry with every built-in type. */
export const fieldRegistry = createFieldRegistry();
