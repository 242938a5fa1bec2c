/**
 * An example value for a JSON Schema, from the schema alone (enum, const, format, type), so every
 * field type gets one without a per-type table: select options give their first value, dates a date.
 * Depth-bounded: subforms of subforms stop at MAX_DEPTH.
 */
type Schema = Record<string, unknown>;

const MAX_DEPTH = 4;

const FORMAT_EXAMPLES: Record<string, string> = {
  date: '2026-01-31',
  'date-time': '2026-01-31T09:30:00Z',
  time: '09:30:00',
  email: 'name@example.com',
  uri: 'https://example.com',
};

export function exampleOf(schema: unknown, depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > MAX_DEPTH) return undefined;
  const s = schema as Schema;
  if ('examples' in s && Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = s[key];
    if (Array.isArray(list))
      for (const option of list as Schema[]) {
        if (option.type === 'null') continue;
        const value = exampleOf(option, depth + 1);
        if (value !== undefined) return value;
      }
  }
  const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      return typeof s.format === 'string' && FORMAT_EXAMPLES[s.format]
        ? FORMAT_EXAMPLES[s.format]
        : typeof s.title === 'string'
          ? s.title
          : 'text';
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 12.5;
    case 'integer':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    case 'array': {
      const item = exampleOf(s.items, depth + 1);
      return item === undefined ? [] : [item];
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const [key, prop] of Object.entries(props)) {
        if (prop.readOnly) continue;
        const value = exampleOf(prop, depth + 1);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    default:
      return undefined;
  }
}
