/**
 * Formula benchmark: a form with 50 formula fields (interdependent chains, arithmetic, text, dates,
 * IF) evaluated in recompute order over 10,000 generated records.
 * Run: pnpm tsx bench/formula.bench.ts
 */
import { cpus } from 'node:os';
import { evaluate, parse, recomputeOrder } from '../packages/formula/src/index';
import type { FormulaContext, FormulaValueType } from '../packages/formula/src/index';

const RECORDS = Number(process.env.RECORDS ?? 10_000);

/** Seeded PRNG (mulberry32) so every run evaluates the same data. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const inputTypes: Record<string, FormulaValueType> = {
  price: 'number',
  qty: 'number',
  discount: 'number',
  name: 'text',
  city: 'text',
  signed: 'date',
  due: 'date',
  'lines.amount': 'number',
  'lines.sku': 'text',
};

// 50 formula fields: 5 families of 10, chained inside each family and across families.
const formulas: { id: string; formula: string }[] = [];
for (let i = 0; i < 10; i++) {
  const prev = i === 0 ? '{price}' : `{a${i - 1}}`;
  formulas.push({ id: `a${i}`, formula: `ROUND(${prev} * (1 + {discount} / 100) + {qty} * ${i + 1}, 2)` });
}
for (let i = 0; i < 10; i++) {
  const prev = i === 0 ? '{name}' : `{t${i - 1}}`;
  formulas.push({
    id: `t${i}`,
    formula: `LEFT(CONCATENATE(UPPER(${prev}), "-", {city}, "-", TEXT({a${i}}, "#,##0.00")), 40)`,
  });
}
for (let i = 0; i < 10; i++) {
  formulas.push({ id: `d${i}`, formula: `DATEDELTA({signed}, ${i * 7} + MOD({qty}, 5))` });
}
for (let i = 0; i < 10; i++) {
  formulas.push({
    id: `c${i}`,
    formula: `IF({a${i}} > 500, "high", IF(DAYS({due}, {d${i}}) < 0, "late", IF(LEN({t${i}}) > 20, "long", "ok")))`,
  });
}
for (let i = 0; i < 10; i++) {
  formulas.push({
    id: `s${i}`,
    formula: `SUM({lines.amount}) * ${i + 1} + COUNTIF({lines.sku}, "A*") + YEAR({d${i}}) - IF({c${i}} = "ok", 1, 0) + SUMPRODUCT({lines.amount}, {lines.amount}) / 1000`,
  });
}

const order = recomputeOrder(formulas);
if (!Array.isArray(order)) throw new Error(`unexpected cycle ${order.cycle.join(' -> ')}`);
const byId = new Map(formulas.map((f) => [f.id, parse(f.formula).ast!]));
for (const f of formulas) if (!byId.get(f.id)) throw new Error(`bad formula ${f.id}`);

const random = rng(42);
const records = Array.from({ length: RECORDS }, () => ({
  price: Math.round(random() * 100_000) / 100,
  qty: Math.floor(random() * 50),
  discount: random() < 0.1 ? null : Math.floor(random() * 30),
  name: `customer ${Math.floor(random() * 1000)} 客户`,
  city: ['上海', '北京', 'Shenzhen', ''][Math.floor(random() * 4)],
  signed: `2024-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
  due: random() < 0.05 ? null : '2024-12-31',
  lines: Array.from({ length: Math.floor(random() * 8) }, () => ({
    amount: Math.round(random() * 10_000) / 100,
    sku: random() < 0.5 ? 'A1' : 'B2',
  })),
}));

const fieldTypes: Record<string, FormulaValueType> = { ...inputTypes };
for (const f of formulas) fieldTypes[f.id] = 'any';

function run(): { ms: number; errors: number } {
  let errors = 0;
  const started = performance.now();
  for (const record of records) {
    const values: Record<string, unknown> = { ...record };
    const ctx: FormulaContext = {
      values,
      fieldTypes,
      timeZone: 'Asia/Shanghai',
      now: new Date('2024-06-01T00:00:00Z'),
    };
    for (const id of order as string[]) {
      const r = evaluate(byId.get(id)!, ctx);
      if (r.error) errors++;
      values[id] = r.value;
    }
  }
  return { ms: performance.now() - started, errors };
}

run(); // warm-up
const runs = [run(), run(), run()];
const best = runs.reduce((a, b) => (a.ms < b.ms ? a : b));
const evaluations = RECORDS * formulas.length;
console.log(
  `formula bench: ${formulas.length} formula fields x ${RECORDS} records = ${evaluations} evaluations`,
);
console.log(`runs (ms): ${runs.map((r) => r.ms.toFixed(0)).join(', ')}; error values: ${best.errors}`);
console.log(
  `best total: ${best.ms.toFixed(0)} ms; per record: ${((best.ms / RECORDS) * 1000).toFixed(1)} µs; per formula: ${((best.ms / evaluations) * 1000).toFixed(2)} µs`,
);
console.log(`machine: ${cpus().length} CPUs, ${cpus()[0]?.model ?? 'unknown'}; node ${process.version}`);
