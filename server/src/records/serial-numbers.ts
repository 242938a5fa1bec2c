import type { FieldDefinition } from '@tangram/schema';
import type { Db } from '../db/db';

type SerialField = Extract<FieldDefinition, { type: 'serial' }>;
type Part = SerialField['config']['parts'][number];

/** Calendar parts of `now` in the org's time zone. */
function calendar(now: Date, timeZone: string): { yyyy: string; mm: string; dd: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { yyyy: get('year'), mm: get('month'), dd: get('day') };
}

const DATE_FORMATS: Record<
  Extract<Part, { kind: 'date' }>['format'],
  (c: ReturnType<typeof calendar>) => string
> = {
  YYYY: (c) => c.yyyy,
  YYYYMM: (c) => c.yyyy + c.mm,
  YYYYMMDD: (c) => c.yyyy + c.mm + c.dd,
  YYMMDD: (c) => c.yyyy.slice(2) + c.mm + c.dd,
};

const PERIODS: Record<
  Extract<Part, { kind: 'counter' }>['reset'] & string,
  (c: ReturnType<typeof calendar>) => string
> = {
  never: () => 'all',
  year: (c) => c.yyyy,
  month: (c) => `${c.yyyy}-${c.mm}`,
  day: (c) => `${c.yyyy}-${c.mm}-${c.dd}`,
};

/**
 * The next serial number of a field. The counter row is incremented in the caller's transaction
 * and stays locked until it ends, so concurrent creates queue up and a rolled-back create gives
 * its number back: numbers are gap-free and never repeat.
 */
export async function nextSerial(
  tx: Db,
  table: string,
  field: SerialField,
  now: Date,
  timeZone: string,
): Promise<string> {
  const cal = calendar(now, timeZone);
  const counter = field.config.parts.find(
    (p): p is Extract<Part, { kind: 'counter' }> => p.kind === 'counter',
  );
  let count = 0;
  if (counter) {
    const period = PERIODS[counter.reset ?? 'never'](cal);
    const { rows } = await tx.query<{ value: string | number }>(
      `INSERT INTO serial_counters (table_name, field_id, period, value) VALUES ($1, $2, $3, 1)
       ON CONFLICT (table_name, field_id, period) DO UPDATE SET value = serial_counters.value + 1
       RETURNING value`,
      [table, field.id, period],
    );
    count = Number(rows[0]!.value);
  }
  return field.config.parts
    .map((part) => {
      if (part.kind === 'text') return part.text;
      if (part.kind === 'date') return DATE_FORMATS[part.format](cal);
      return String(count).padStart(part.digits, '0');
    })
    .join('');
}
