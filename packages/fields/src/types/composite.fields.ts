import { EMPTINESS_OPERATORS, TEXT_OPERATORS } from '../operators.js';
import { bad, ok, spec } from './common.js';

const addressSchema = {
  type: 'object',
  properties: {
    province: { type: 'string', maxLength: 50 },
    city: { type: 'string', maxLength: 50 },
    district: { type: 'string', maxLength: 50 },
    detail: { type: 'string', maxLength: 500 },
  },
  additionalProperties: false,
};

export const addressField = spec<'address'>({
  type: 'address',
  group: 'advanced',
  label: { 'zh-CN': '地址', en: 'Address' },
  storage: () => 'jsonb',
  valueSchema: () => addressSchema,
  formulaType: () => 'text',
  // Address filters match the joined text ("广东省 深圳市 …"), so contains works on any part.
  operators: TEXT_OPERATORS.filter((op) => op !== 'in' && op !== 'notIn'),
  parseText(text) {
    const parts = text.trim().split(/\s+/).filter(Boolean);
    if (parts.length === 0) return ok(null);
    const [province, city, district, ...rest] = parts;
    return ok({ province, city, district, detail: rest.join(' ') || undefined });
  },
  format: (v) => {
    if (!v || typeof v !== 'object') return '';
    const a = v as Record<string, string | undefined>;
    return [a.province, a.city, a.district, a.detail].filter(Boolean).join(' ');
  },
  defaultConfig: () => ({ level: 'detail' }),
});

export const locationField = spec<'location'>({
  type: 'location',
  group: 'advanced',
  label: { 'zh-CN': '定位', en: 'Location' },
  storage: () => 'jsonb',
  valueSchema: () => ({
    type: 'object',
    properties: {
      lat: { type: 'number', minimum: -90, maximum: 90 },
      lng: { type: 'number', minimum: -180, maximum: 180 },
      name: { type: 'string', maxLength: 500 },
    },
    required: ['lat', 'lng'],
    additionalProperties: false,
  }),
  formulaType: () => 'text',
  operators: EMPTINESS_OPERATORS,
  parseText(text) {
    const t = text.trim();
    if (t === '') return ok(null);
    const m = /^(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)(?:\s+(.+))?$/.exec(t);
    if (!m) return bad(`"${text}" is not "lat,lng"`, 'not_a_location');
    return ok({ lat: Number(m[1]), lng: Number(m[2]), ...(m[3] ? { name: m[3] } : {}) });
  },
  format: (v) => {
    if (!v || typeof v !== 'object') return '';
    const l = v as { lat: number; lng: number; name?: string };
    return l.name ? `${l.name} (${l.lat}, ${l.lng})` : `${l.lat}, ${l.lng}`;
  },
});

const fileSchema = {
  type: 'object',
  properties: {
    fileId: { type: 'string', minLength: 1, maxLength: 64 },
    name: { type: 'string', maxLength: 255 },
    size: { type: 'integer', minimum: 0 },
    mime: { type: 'string', maxLength: 255 },
  },
  required: ['fileId'],
  additionalProperties: false,
};

const fileNames = (v: unknown) =>
  Array.isArray(v) ? v.map((f) => (f as { name?: string }).name ?? '').join(', ') : '';

// Files arrive through the files API; imports cannot create them from text.
const noTextImport = (text: string) =>
  text.trim() === '' ? ok(null) : bad('files cannot be imported from text', 'not_importable');

export const imageField = spec<'image'>({
  type: 'image',
  group: 'advanced',
  label: { 'zh-CN': '图片', en: 'Image' },
  storage: () => 'jsonb',
  valueSchema: (f) => ({ type: 'array', items: fileSchema, maxItems: f.config?.maxFiles ?? 9 }),
  formulaType: () => null,
  operators: EMPTINESS_OPERATORS,
  parseText: noTextImport,
  format: fileNames,
  printsAsPicture: 'photo',
  defaultConfig: () => ({
    maxFiles: 9,
    maxSizeMb: 20,
    accept: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
  }),
});

export const attachmentField = spec<'attachment'>({
  type: 'attachment',
  group: 'advanced',
  label: { 'zh-CN': '附件', en: 'Attachment' },
  storage: () => 'jsonb',
  valueSchema: (f) => ({ type: 'array', items: fileSchema, maxItems: f.config?.maxFiles ?? 20 }),
  formulaType: () => null,
  operators: EMPTINESS_OPERATORS,
  parseText: noTextImport,
  format: fileNames,
  defaultConfig: () => ({ maxFiles: 20, maxSizeMb: 20 }),
});

export const signatureField = spec<'signature'>({
  type: 'signature',
  group: 'advanced',
  label: { 'zh-CN': '手写签名', en: 'Signature' },
  storage: () => 'jsonb',
  valueSchema: () => ({
    ...fileSchema,
    properties: { fileId: fileSchema.properties.fileId, signedAt: { type: 'string', maxLength: 40 } },
  }),
  formulaType: () => null,
  operators: EMPTINESS_OPERATORS,
  parseText: noTextImport,
  format: (v) => (v ? '✓' : ''),
  printsAsPicture: 'signature',
});
