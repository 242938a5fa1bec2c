import type { FieldDefinition } from '@tangram/schema';
import type { QueryContext, QueryRecord, QueryTarget } from '@tangram/query';

/** Small seeded PRNG (mulberry32): the dataset is the same on every run. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, int, pick };
}

const label = (en: string) => ({ en, 'zh-CN': en });
const options = (...values: string[]) => ({
  options: values.map((value) => ({ value, label: label(value) })),
});

export const fields = [
  { id: 'f_name', type: 'text', label: label('Name'), config: {} },
  { id: 'f_note', type: 'textarea', label: label('Note'), config: {} },
  { id: 'f_qty', type: 'number', label: label('Qty'), config: { precision: 0 } },
  { id: 'f_amount', type: 'money', label: label('Amount'), config: { currency: 'CNY', precision: 2 } },
  { id: 'f_date', type: 'date', label: label('Date'), config: {} },
  { id: 'f_at', type: 'datetime', label: label('At'), config: {} },
  { id: 'f_time', type: 'time', label: label('Time'), config: {} },
  { id: 'f_status', type: 'select', label: label('Status'), config: options('open', 'won', 'lost') },
  { id: 'f_tags', type: 'multiselect', label: label('Tags'), config: options('a', 'b', 'c', 'd') },
  { id: 'f_ok', type: 'boolean', label: label('OK'), config: {} },
  { id: 'f_owner', type: 'member', label: label('Owner'), config: {} },
  { id: 'f_dept', type: 'department', label: label('Dept'), config: {} },
  { id: 'f_addr', type: 'address', label: label('Address'), config: {} },
] as unknown as FieldDefinition[];

const COLUMN_TYPES: Record<string, string> = {
  f_name: 'text COLLATE "C"',
  f_note: 'text COLLATE "C"',
  f_qty: 'numeric',
  f_amount: 'numeric',
  f_date: 'date',
  f_at: 'timestamptz',
  f_time: 'time',
  f_status: 'text COLLATE "C"',
  f_tags: 'text[]',
  f_ok: 'boolean',
  f_owner: 'text COLLATE "C"',
  f_dept: 'text COLLATE "C"',
  f_addr: 'jsonb',
};
const SYSTEM = [
  'id',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'ownerId',
  'workflowStatus',
] as const;
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export const target: QueryTarget = {
  fields,
  column: (id) => (Object.hasOwn(COLUMN_TYPES, id) ? `"t"."c_${id.slice(2)}"` : undefined),
  systemColumn: (name) => `"t"."${snake(name)}"`,
};

export const DDL = [
  `CREATE TABLE rec (
    id text COLLATE "C" PRIMARY KEY, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
    created_by text COLLATE "C", updated_by text COLLATE "C", owner_id text COLLATE "C", workflow_status text,
    ${Object.entries(COLUMN_TYPES)
      .map(([id, type]) => `c_${id.slice(2)} ${type}`)
      .join(', ')})`,
  `CREATE INDEX rec_name_trgm ON rec USING gin (lower(c_name COLLATE "C") gin_trgm_ops)`,
  `CREATE INDEX rec_date_id ON rec (c_date, id)`,
];

/** The fixed clock: 2024-03-07 02:30 in Shanghai, a Thursday, just after local midnight. */
export const ctx: QueryContext = {
  now: new Date('2024-03-06T18:30:00.000Z'),
  timeZone: 'Asia/Shanghai',
  userId: 'u1',
  userDepartmentIds: ['d1', 'd3'],
};

const TEXTS = [
  'Alpha',
  'alpha',
  'ALPHA beta',
  '张三',
  '李四贸易有限公司',
  '100% cotton',
  '50%',
  'a_b',
  'a\\b',
  'under_score',
  'Ünïcode Ärger',
  'ünïcode ärger',
  'emoji 😀 ok',
  '\uFF21 fullwidth',
  'Beta',
  'beta gamma',
  'x',
  'zeta',
  '深圳 Shenzhen',
  "O'Brien",
];
const EMPTY_TEXT = [null, '', '  '];
const ADDRESSES = [
  { province: '广东省', city: '深圳市', district: '南山区', detail: '科技园 1 号' },
  { province: '广东省', city: '广州市', district: '天河区' },
  { province: '北京市', city: '北京市', district: '朝阳区', detail: 'Building A' },
  { province: '浙江省', city: '杭州市' },
  { detail: 'Shenzhen Bay 100%' },
  { province: '', city: '', district: '', detail: '' },
  {},
];

/** A process form's approval states, and records without a flow (NULL). */
const WORKFLOW_STATUSES = [null, 'running', 'approved', 'rejected', 'withdrawn', 'running', null] as const;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** 300 seeded records in API shape, with empties of every kind. */
export function makeRecords(n = 300, seed = 20240307): QueryRecord[] {
  const r = prng(seed);
  const base = Date.parse('2024-03-06T16:00:00.000Z'); // Shanghai midnight of 2024-03-07
  const maybe = <T>(p: number, value: () => T, empty: () => unknown = () => null) =>
    r.next() < p ? value() : empty();
  const instant = () => {
    const kind = r.int(0, 3);
    if (kind === 0) return new Date(base + r.int(-3, 3) * 86_400_000 + r.pick([-1, 0, 1])).toISOString();
    if (kind === 1) return new Date(base + r.int(-200, 200) * 3_600_000).toISOString();
    return new Date(base + r.int(-500, 500) * 86_400_000 + r.int(0, 86_399_999)).toISOString();
  };
  const records: QueryRecord[] = [];
  for (let i = 0; i < n; i++) {
    const text = () => (r.next() < 0.3 ? `${r.pick(TEXTS)} ${r.pick(TEXTS)}` : r.pick(TEXTS));
    records.push({
      id: `r${String(r.int(0, 99999)).padStart(5, '0')}_${i}`,
      createdAt: instant(),
      updatedAt: r.next() < 0.2 ? '2024-03-01T00:00:00.000Z' : instant(),
      createdBy: r.pick(['u1', 'u2', 'u3']),
      updatedBy: maybe(0.8, () => r.pick(['u1', 'u2'])),
      ownerId: maybe(0.9, () => r.pick(['u1', 'u2', 'u3', 'u4'])),
      // Not drawn from the PRNG, so the other columns stay as they were.
      workflowStatus: WORKFLOW_STATUSES[i % WORKFLOW_STATUSES.length]!,
      f_name: maybe(0.8, text, () => r.pick(EMPTY_TEXT)),
      f_note: maybe(0.6, text, () => r.pick(EMPTY_TEXT)),
      f_qty: maybe(0.85, () => r.int(-5, 20)),
      f_amount: maybe(0.85, () =>
        r.pick([0.1, 0.2, 0.3, 1e-2, 100, -12.5, 999999999999.99, r.int(-100000, 100000) / 100]),
      ),
      f_date: maybe(0.85, () => isoDate(base + r.int(-400, 400) * 86_400_000 * (r.next() < 0.5 ? 0.05 : 1))),
      f_at: maybe(0.85, instant),
      f_time: maybe(0.8, () => {
        const t = `${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}`;
        return r.next() < 0.5 ? t : `${t}:${String(r.int(0, 59)).padStart(2, '0')}`;
      }),
      f_status: maybe(0.85, () => r.pick(['open', 'won', 'lost'])),
      f_tags: maybe(
        0.8,
        () => ['a', 'b', 'c', 'd'].filter(() => r.next() < 0.4),
        () => r.pick([null, []]),
      ),
      f_ok: maybe(0.8, () => r.next() < 0.5),
      f_owner: maybe(0.85, () => r.pick(['u1', 'u2', 'u3'])),
      f_dept: maybe(0.85, () => r.pick(['d1', 'd2', 'd3'])),
      f_addr: maybe(0.8, () => r.pick(ADDRESSES)),
    });
  }
  return records;
}

const blank = (v: unknown) =>
  v === null ||
  v === undefined ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0);

/** The row the server would store: empties as NULL (docs/decisions/query-semantics.md). */
export function toRow(rec: QueryRecord): unknown[] {
  const sys = SYSTEM.map((k) => (blank(rec[k]) ? null : rec[k]));
  const cols = Object.keys(COLUMN_TYPES).map((id) => {
    const v = rec[id];
    if (blank(v)) return null;
    if (id === 'f_addr') return JSON.stringify(v);
    if (typeof v === 'number') return String(v);
    return v;
  });
  return [...sys, ...cols];
}

export const INSERT = `INSERT INTO rec (id, created_at, updated_at, created_by, updated_by, owner_id, workflow_status, ${Object.keys(
  COLUMN_TYPES,
)
  .map((id) => `c_${id.slice(2)}`)
  .join(
    ', ',
  )}) VALUES (${Array.from({ length: SYSTEM.length + Object.keys(COLUMN_TYPES).length }, (_, i) => `$${i + 1}`).join(', ')})`;
