/** A record and context shared by the formula tests. */
import type { FormulaContext, MapxRequest } from '../src/index';

export const NOW = new Date('2024-05-01T17:30:00Z'); // 2024-05-02 01:30 in Shanghai

export const fieldTypes = {
  n: 'number',
  neg: 'number',
  e: 'number',
  t: 'text',
  et: 'text',
  s: 'text',
  d: 'date',
  ed: 'date',
  dt: 'datetime',
  b: 'boolean',
  'sub.q': 'number',
  'sub.p': 'number',
  'sub.k': 'text',
  m: 'member',
  ms: { array: 'member' },
  dep: 'department',
  tags: { array: 'text' },
} as const;

export const context: FormulaContext = {
  values: {
    n: 10,
    neg: -3.5,
    e: null,
    t: '12',
    et: '',
    s: '简道云',
    d: '2024-02-29',
    ed: null,
    dt: '2024-03-15T00:30:00Z',
    b: true,
    sub: [
      { q: 1, p: '2.5', k: 'A' },
      { q: 3, p: 4, k: 'B' },
      { q: null, p: 1, k: 'a' },
    ],
    m: 'u2',
    ms: ['u1', 'u2'],
    dep: 'd1',
    tags: ['x', 'y'],
  },
  fieldTypes: { ...fieldTypes },
  now: NOW,
  timeZone: 'Asia/Shanghai',
  user: { id: 'u1', name: '张三', departments: ['d1'] },
  recordNumber: 42,
  resolvers: {
    userName: (id) => (id === 'u2' ? '李四' : undefined),
    deptName: (id) => (id === 'd1' ? '销售部' : undefined),
    mapx: (req: MapxRequest) =>
      req.op === 'GET' && req.matchValue === 'c1' ? 'Acme' : req.op === 'SUM' ? 100 : null,
  },
};
