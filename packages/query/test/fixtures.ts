import type { FieldDefinition } from '@tangram/schema';
import type { QueryContext, QueryTarget } from '../src/index.js';

const label = (en: string) => ({ en, 'zh-CN': en });

/** A form with one field of every queried family. */
export const fields = [
  { id: 'f_name', type: 'text', label: label('Name'), config: {} },
  { id: 'f_amount', type: 'money', label: label('Amount'), config: { currency: 'CNY', precision: 2 } },
  { id: 'f_qty', type: 'number', label: label('Qty'), config: { precision: 0 } },
  { id: 'f_date', type: 'date', label: label('Date'), config: {} },
  { id: 'f_at', type: 'datetime', label: label('At'), config: {} },
  { id: 'f_time', type: 'time', label: label('Time'), config: {} },
  {
    id: 'f_status',
    type: 'select',
    label: label('Status'),
    config: {
      options: [
        { value: 'open', label: label('Open') },
        { value: 'won', label: label('Won') },
      ],
    },
  },
  {
    id: 'f_tags',
    type: 'multiselect',
    label: label('Tags'),
    config: {
      options: [
        { value: 'a', label: label('A') },
        { value: 'b', label: label('B') },
      ],
    },
  },
  { id: 'f_ok', type: 'boolean', label: label('OK'), config: {} },
  { id: 'f_owner', type: 'member', label: label('Owner'), config: {} },
  { id: 'f_dept', type: 'department', label: label('Dept'), config: {} },
  { id: 'f_addr', type: 'address', label: label('Address'), config: {} },
  { id: 'f_files', type: 'attachment', label: label('Files'), config: {} },
  { id: 'f_sub', type: 'subform', label: label('Lines'), config: { fields: [] } },
] as unknown as FieldDefinition[];

export const target: QueryTarget = {
  fields,
  column: (id) => (fields.some((f) => f.id === id) && id !== 'f_sub' ? `"t"."c_${id.slice(2)}"` : undefined),
  systemColumn: (name) => `"t"."${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}"`,
};

export const ctx: QueryContext = {
  now: new Date('2024-03-06T18:30:00Z'), // 2024-03-07 02:30 in Shanghai (a Thursday)
  timeZone: 'Asia/Shanghai',
  userId: 'u1',
  userDepartmentIds: ['d1', 'd2'],
};
