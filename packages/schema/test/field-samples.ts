import type { FieldDefinition } from '../src/index.js';

const l = (en: string) => ({ en });
const options = [
  { value: 'a', label: l('A'), color: '#ff0000' },
  { value: 'b', label: l('B') },
];

/** One fully configured field of every type. */
export const everyFieldType: FieldDefinition[] = [
  {
    id: 'f_text',
    type: 'text',
    label: l('Text'),
    required: true,
    unique: true,
    config: { maxLength: 50, pattern: '[A-Z]+', patternMessage: l('Capitals only') },
  },
  { id: 'f_textarea', type: 'textarea', label: l('Textarea'), config: { maxLength: 5000, rows: 4 } },
  {
    id: 'f_number',
    type: 'number',
    label: l('Number'),
    config: { precision: 2, unit: 'kg', thousands: true, min: 0, max: 100 },
  },
  { id: 'f_money', type: 'money', label: l('Money'), config: { currency: 'CNY', precision: 2 } },
  { id: 'f_percent', type: 'percent', label: l('Percent'), config: { precision: 1 } },
  { id: 'f_date', type: 'date', label: l('Date'), config: { format: 'YYYY-MM-DD', min: '2000-01-01' } },
  { id: 'f_datetime', type: 'datetime', label: l('Datetime'), config: { format: 'YYYY-MM-DD HH:mm' } },
  { id: 'f_time', type: 'time', label: l('Time'), config: { format: 'HH:mm' } },
  { id: 'f_select', type: 'select', label: l('Select'), config: { options, allowOther: true } },
  { id: 'f_multiselect', type: 'multiselect', label: l('Multi'), config: { options, maxItems: 2 } },
  { id: 'f_radio', type: 'radio', label: l('Radio'), config: { options } },
  { id: 'f_checkboxes', type: 'checkboxes', label: l('Checkboxes'), config: { options } },
  { id: 'f_boolean', type: 'boolean', label: l('Boolean'), default: { kind: 'static', value: true } },
  { id: 'f_phone', type: 'phone', label: l('Phone') },
  { id: 'f_email', type: 'email', label: l('Email') },
  { id: 'f_url', type: 'url', label: l('Url') },
  { id: 'f_address', type: 'address', label: l('Address'), config: { level: 'district' } },
  { id: 'f_location', type: 'location', label: l('Location'), config: { radiusMeters: 500 } },
  { id: 'f_member', type: 'member', label: l('Member'), config: { scope: { departmentIds: ['d1'] } } },
  { id: 'f_members', type: 'members', label: l('Members') },
  { id: 'f_department', type: 'department', label: l('Department') },
  {
    id: 'f_departments',
    type: 'departments',
    label: l('Departments'),
    config: { rootDepartmentIds: ['d1'] },
  },
  {
    id: 'f_image',
    type: 'image',
    label: l('Image'),
    config: { maxFiles: 3, maxSizeMb: 5, accept: ['image/png'] },
  },
  { id: 'f_attachment', type: 'attachment', label: l('Attachment'), config: { maxFiles: 10 } },
  { id: 'f_signature', type: 'signature', label: l('Signature') },
  { id: 'f_richtext', type: 'richtext', label: l('Rich text') },
  {
    id: 'f_subform',
    type: 'subform',
    label: l('Subform'),
    config: {
      fields: [
        { id: 's_qty', type: 'number', label: l('Qty') },
        { id: 's_rel', type: 'relation', label: l('Product'), config: { form: 'other' } },
      ],
      maxRows: 100,
    },
  },
  {
    id: 'f_relation',
    type: 'relation',
    label: l('Relation'),
    config: {
      form: 'other',
      multiple: true,
      displayField: 'name',
      filter: { kind: 'cmp', field: 'name', op: 'isNotEmpty' },
    },
  },
  {
    id: 'f_lookup',
    type: 'lookup',
    label: l('Lookup'),
    config: { relation: 'f_relation', field: 'name', aggregate: 'count' },
  },
  {
    id: 'f_serial',
    type: 'serial',
    label: l('Serial'),
    config: {
      parts: [
        { kind: 'text', text: 'NO-' },
        { kind: 'date', format: 'YYYYMMDD' },
        { kind: 'counter', digits: 4, reset: 'day' },
      ],
    },
  },
  {
    id: 'f_formula',
    type: 'formula',
    label: l('Formula'),
    config: { formula: '{f_number} * 2', resultType: 'number', precision: 2 },
  },
  {
    id: 'f_description',
    type: 'description',
    label: l('Description'),
    config: { content: { en: 'Read me', 'zh-CN': '请阅读' } },
  },
  { id: 'f_divider', type: 'divider', label: l('Divider'), config: { title: l('Part 2') } },
];

/** The same field with only what its type requires. */
export function minimalField(field: FieldDefinition): FieldDefinition {
  const required: Partial<Record<FieldDefinition['type'], unknown>> = {
    select: { options },
    multiselect: { options },
    radio: { options },
    checkboxes: { options },
    subform: { fields: [] },
    relation: { form: 'other' },
    lookup: { relation: 'f_relation', field: 'name' },
    serial: { parts: [{ kind: 'counter', digits: 3 }] },
    formula: { formula: '1', resultType: 'number' },
    description: { content: { en: 'x' } },
  };
  const config = required[field.type];
  return {
    id: field.id,
    type: field.type,
    label: field.label,
    ...(config ? { config } : {}),
  } as FieldDefinition;
}
