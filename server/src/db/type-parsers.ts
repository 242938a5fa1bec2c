// OIDs of the built-in types whose parsing we pin so PGlite and node-postgres return the same JS values
// (see the table in db.ts).
export const OID = {
  int8: 20,
  int2: 21,
  int4: 23,
  numeric: 1700,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
} as const;

export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${text} exceeds the safe integer range`);
  return n;
}

export const identity = (text: string): string => text;

/** Parses a PostgreSQL timestamp text (`2024-01-02 03:04:05.678+00`) into a Date. */
export function parseTimestamp(text: string): Date {
  // Both back ends receive ISO-like text; `Date` accepts it once the space becomes a `T`.
  const normal = text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return new Date(normal);
}
