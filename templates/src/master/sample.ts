/**
 * Master sample data: a catalogue of a small industrial-supplies trader. It is built from a fixed
 * seed (not the install's), so the ERP and CRM generators can refer to the same products,
 * customers, warehouses and suppliers by their refs and know their prices.
 */
import { member, pick, seededRandom, between } from '../sample-kit';
import type { SampleBatch, SampleContext, SampleData } from '../types';
import { SAMPLE_USERS } from '../roles';

export interface CatalogProduct {
  ref: string;
  sku: string;
  name: { 'zh-CN': string; en: string };
  category: string;
  unit: string;
  /** Prices in cents, so the generators' sums are exact. */
  priceCents: number;
  costCents: number;
  reorderPoint: number;
}
export interface CatalogParty {
  ref: string;
  name: { 'zh-CN': string; en: string };
  paymentDays: number;
}
export interface Catalog {
  products: CatalogProduct[];
  customers: CatalogParty[];
  suppliers: CatalogParty[];
  warehouses: { ref: string; code: string; name: { 'zh-CN': string; en: string } }[];
}

const KINDS: [string, string, string, string, number][] = [
  // category, unit, zh, en, base price (yuan)
  ['fasteners', 'box', '六角螺栓', 'Hex bolts', 48],
  ['fasteners', 'box', '不锈钢螺母', 'Stainless nuts', 36],
  ['fasteners', 'box', '自攻螺钉', 'Self-tapping screws', 29],
  ['fasteners', 'box', '膨胀螺栓', 'Expansion anchors', 65],
  ['tools', 'pcs', '扭力扳手', 'Torque wrench', 320],
  ['tools', 'set', '内六角扳手套装', 'Hex key set', 88],
  ['tools', 'pcs', '电钻', 'Power drill', 459],
  ['tools', 'pcs', '游标卡尺', 'Vernier caliper', 135],
  ['electrical', 'roll', '电缆', 'Cable', 260],
  ['electrical', 'pcs', '断路器', 'Circuit breaker', 74],
  ['electrical', 'pcs', '接线端子排', 'Terminal block', 18],
  ['electrical', 'pcs', 'LED 工作灯', 'LED work light', 119],
  ['safety', 'pcs', '安全帽', 'Safety helmet', 39],
  ['safety', 'box', '防护手套', 'Work gloves', 56],
  ['safety', 'pcs', '护目镜', 'Safety goggles', 27],
  ['packaging', 'roll', '缠绕膜', 'Stretch film', 42],
  ['packaging', 'roll', '封箱胶带', 'Packing tape', 15],
  ['packaging', 'box', '纸箱', 'Cartons', 33],
];
const SIZES: [string, string, number][] = [
  ['S', 'S', 1],
  ['M', 'M', 1.25],
  ['L', 'L', 1.6],
];

const CITIES: [string, string][] = [
  ['上海', 'Shanghai'],
  ['苏州', 'Suzhou'],
  ['杭州', 'Hangzhou'],
  ['宁波', 'Ningbo'],
  ['南京', 'Nanjing'],
  ['无锡', 'Wuxi'],
  ['深圳', 'Shenzhen'],
  ['东莞', 'Dongguan'],
  ['天津', 'Tianjin'],
  ['青岛', 'Qingdao'],
];
const TRADES: [string, string, string][] = [
  ['精密机械', 'Precision Machinery', 'manufacturing'],
  ['建工', 'Construction', 'construction'],
  ['电子科技', 'Electronics', 'technology'],
  ['五金商行', 'Hardware Store', 'retail'],
  ['物流', 'Logistics', 'wholesale'],
  ['汽车配件', 'Auto Parts', 'manufacturing'],
  ['装饰工程', 'Interiors', 'construction'],
  ['包装', 'Packaging', 'manufacturing'],
];
const SUPPLIER_TRADES: [string, string][] = [
  ['紧固件制造', 'Fastener Works'],
  ['工具', 'Tools'],
  ['电气', 'Electric'],
  ['劳保用品', 'Safety Supplies'],
  ['包装材料', 'Packaging Materials'],
];

const pad = (n: number, d = 3) => String(n).padStart(d, '0');

/** The catalogue, the same on every call. */
export function masterCatalog(): Catalog {
  const random = seededRandom(20260101);
  const products: CatalogProduct[] = [];
  KINDS.forEach(([category, unit, zh, en, base], k) =>
    SIZES.forEach(([zs, es, factor], s) => {
      const n = k * SIZES.length + s + 1;
      const priceCents = Math.round(base * factor * 100 * (0.9 + random() * 0.2));
      products.push({
        ref: `p${pad(n)}`,
        sku: `SKU-${pad(n, 4)}`,
        name: { 'zh-CN': `${zh} ${zs}`, en: `${en} ${es}` },
        category,
        unit,
        priceCents,
        costCents: Math.round(priceCents * (0.55 + random() * 0.15)),
        reorderPoint: between(random, 2, 6) * 5,
      });
    }),
  );
  const customers: CatalogParty[] = [];
  for (let i = 0; i < 80; i++) {
    const [czh, cen] = CITIES[i % CITIES.length]!;
    const [tzh, ten] = TRADES[Math.floor(i / CITIES.length) % TRADES.length]!;
    customers.push({
      ref: `c${pad(i + 1)}`,
      name: { 'zh-CN': `${czh}${tzh}有限公司`, en: `${cen} ${ten} Co., Ltd.` },
      paymentDays: pick(random, [0, 30, 30, 60]),
    });
  }
  const suppliers: CatalogParty[] = SUPPLIER_TRADES.flatMap(([zh, en], k) =>
    [CITIES[k]!, CITIES[k + 5]!].map(([czh, cen], j) => ({
      ref: `s${pad(k * 2 + j + 1)}`,
      name: { 'zh-CN': `${czh}${zh}有限公司`, en: `${cen} ${en} Ltd.` },
      paymentDays: 30 + 30 * j,
    })),
  );
  const warehouses = [
    { ref: 'w_sh', code: 'SH', name: { 'zh-CN': '上海总仓', en: 'Shanghai Central' } },
    { ref: 'w_bj', code: 'BJ', name: { 'zh-CN': '北京仓', en: 'Beijing' } },
    { ref: 'w_gz', code: 'GZ', name: { 'zh-CN': '广州仓', en: 'Guangzhou' } },
  ];
  return { products, customers, suppliers, warehouses };
}

/** Customer index → industry, kept beside the name it was built from. */
const industryOf = (i: number) => TRADES[Math.floor(i / CITIES.length) % TRADES.length]![2];

export function masterSample(ctx: SampleContext): SampleData {
  const cat = masterCatalog();
  const loc = ctx.locale;
  const batches: SampleBatch[] = [
    {
      app: 'master',
      form: 'warehouses',
      records: cat.warehouses.map((w) => ({
        ref: w.ref,
        values: { name: w.name[loc], code: w.code, keeper: member('clerk_sun') },
      })),
    },
    {
      app: 'master',
      form: 'suppliers',
      records: cat.suppliers.map((s, i) => ({
        ref: s.ref,
        values: {
          name: s.name[loc],
          contact_name: loc === 'zh-CN' ? `${'刘陈杨黄周'[i % 5]}经理` : `Manager ${i + 1}`,
          phone: `+86 21 6${pad((i * 7919) % 1000)}${pad((i * 104729) % 10000, 4)}`,
          payment_days: s.paymentDays,
        },
      })),
    },
    {
      app: 'master',
      form: 'products',
      records: cat.products.map((p) => ({
        ref: p.ref,
        values: {
          sku: p.sku,
          name: p.name[loc],
          category: p.category,
          unit: p.unit,
          price: p.priceCents / 100,
          cost: p.costCents / 100,
          reorder_point: p.reorderPoint,
          active: true,
        },
      })),
    },
    {
      app: 'master',
      form: 'customers',
      records: cat.customers.map((c, i) => ({
        ref: c.ref,
        values: {
          name: c.name[loc],
          industry: industryOf(i),
          level: i % 7 === 0 ? 'A' : i % 3 === 0 ? 'C' : 'B',
          owner: member(i % 2 === 0 ? 'rep_wang' : 'rep_li'),
          phone: `+86 138${pad((i * 7907) % 10000, 4)}${pad((i * 31) % 10000, 4)}`,
          email: `buyer${i + 1}@customer${i + 1}.example`,
          credit_limit: i % 7 === 0 ? 500000 : 200000,
          payment_days: c.paymentDays,
        },
      })),
    },
  ];
  return { users: SAMPLE_USERS, batches };
}
