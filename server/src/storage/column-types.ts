import type { StorageKind } from '@tangram/fields';

/** The server's adapter of the field registry: the SQL column type for each storage kind. */
// Text compares and sorts in code point order (COLLATE "C"), the same on every database locale
// and in the in-memory evaluator (docs/decisions/query-semantics.md).
export const SQL_TYPES = {
  text: 'text COLLATE "C"',
  numeric: 'numeric',
  date: 'date',
  timestamptz: 'timestamptz',
  time: 'time',
  boolean: 'boolean',
  jsonb: 'jsonb',
  'text[]': 'text[]',
} as const satisfies Record<StorageKind, string>;

/** The column as text, the common ground every conversion goes through. */
const AS_TEXT = {
  text: (c: string) => c,
  numeric: (c: string) => `${c}::text`,
  date: (c: string) => `to_char(${c}, 'YYYY-MM-DD')`,
  timestamptz: (c: string) => `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  time: (c: string) => `${c}::text`,
  boolean: (c: string) => `${c}::text`,
  // Addresses read as "province city district detail"; other JSON as its text.
  jsonb: (c: string) =>
    `CASE WHEN jsonb_typeof(${c}) = 'object' AND ${c} ?| array['province','city','district','detail'] THEN concat_ws(' ', ${c}->>'province', ${c}->>'city', ${c}->>'district', ${c}->>'detail') ELSE ${c}::text END`,
  'text[]': (c: string) => `array_to_string(${c}, ',')`,
} satisfies Record<StorageKind, (column: string) => string>;

/**
 * The column as a JSON value exactly as a read answers it (record-codec after the driver): a
 * timestamp as `Date.toISOString()` writes it, every other kind as `to_jsonb` writes it, which
 * is what the driver and the codec make of it (numbers as numbers, dates as 'YYYY-MM-DD').
 */
export const AS_API_JSON = {
  text: (c: string) => c,
  numeric: (c: string) => c,
  date: (c: string) => c,
  timestamptz: AS_TEXT.timestamptz,
  time: (c: string) => c,
  boolean: (c: string) => c,
  jsonb: (c: string) => c,
  'text[]': (c: string) => c,
} satisfies Record<StorageKind, (column: string) => string>;

/** From text to each kind; NULL where the text does not convert (see the tangram_try_* functions). */
const FROM_TEXT = {
  text: (t: string) => t,
  numeric: (t: string) => `tangram_try_numeric(replace(btrim(${t}), ',', ''))`,
  date: (t: string) => `tangram_try_date(btrim(${t}))`,
  timestamptz: (t: string) => `tangram_try_timestamptz(btrim(${t}))`,
  time: (t: string) => `tangram_try_time(btrim(${t}))`,
  boolean: (t: string) => `tangram_try_boolean(btrim(${t}))`,
  jsonb: () => null,
  'text[]': (t: string) =>
    `CASE WHEN btrim(${t}) = '' THEN NULL ELSE regexp_split_to_array(${t}, '\\s*[,;，；、]\\s*') END`,
} satisfies Record<StorageKind, (text: string) => string | null>;

/**
 * The SQL expression converting a column from one storage kind to another, or null when the
 * conversion is not supported (e.g. anything into jsonb). Values that cannot be converted become
 * NULL; the same expression drives the preview (`WHERE col IS NOT NULL AND expr IS NULL`).
 */
export function conversionExpression(column: string, from: StorageKind, to: StorageKind): string | null {
  if (from === to) return column;
  if (from === 'date' && to === 'timestamptz') return `${column}::timestamptz`;
  if (from === 'timestamptz' && to === 'date') return `(${column} AT TIME ZONE 'UTC')::date`;
  if (from === 'text[]' && to !== 'text') {
    // A multi-value converts only when it holds a single value.
    const single = `CASE WHEN cardinality(${column}) = 1 THEN ${column}[1] END`;
    return FROM_TEXT[to](single);
  }
  return FROM_TEXT[to](AS_TEXT[from](column));
}
