import type { AppDefinition } from '@tangram/client';
import { l, type Session } from './bench-kit';

/**
 * The `orders` benchmark app (the same dataset shape as docs/reference performance anchors) and a
 * seeded, deterministic generator of its records: the same seed always yields the same records.
 */

export const APP_ID = 'bench';
export const FORM_ID = 'orders';

export const REGIONS = [
  { value: 'north', label: l('North', '华北') },
  { value: 'northeast', label: l('Northeast', '东北') },
  { value: 'east', label: l('East', '华东') },
  { value: 'central', label: l('Central', '华中') },
  { value: 'south', label: l('South', '华南') },
  { value: 'southwest', label: l('Southwest', '西南') },
  { value: 'northwest', label: l('Northwest', '西北') },
  { value: 'overseas', label: l('Overseas', '海外') },
] as const;

export const STATUSES = [
  { value: 'draft', label: l('Draft', '草稿') },
  { value: 'confirmed', label: l('Confirmed', '已确认') },
  { value: 'shipped', label: l('Shipped', '已发货') },
  { value: 'completed', label: l('Completed', '已完成') },
  { value: 'cancelled', label: l('Cancelled', '已取消') },
] as const;

/** The app definition sent to `POST /api/v1/apps`. */
export function ordersApp(): AppDefinition {
  return {
    id: APP_ID,
    name: l('Benchmark', '性能测试'),
    formatVersion: 1,
    icon: 'shop',
    forms: [
      {
        id: FORM_ID,
        name: l('Orders', '订单'),
        titleField: 'title',
        fields: [
          {
            id: 'title',
            type: 'text',
            label: l('Title', '标题'),
            required: true,
            config: { maxLength: 200 },
          },
          { id: 'customer', type: 'text', label: l('Customer', '客户') },
          { id: 'region', type: 'select', label: l('Region', '区域'), config: { options: [...REGIONS] } },
          {
            id: 'amount',
            type: 'money',
            label: l('Amount', '金额'),
            config: { currency: 'CNY', precision: 2, min: 0 },
          },
          { id: 'quantity', type: 'number', label: l('Quantity', '数量'), config: { precision: 0, min: 0 } },
          { id: 'status', type: 'select', label: l('Status', '状态'), config: { options: [...STATUSES] } },
          { id: 'order_date', type: 'date', label: l('Order date', '下单日期') },
          { id: 'paid', type: 'boolean', label: l('Paid', '已付款') },
          { id: 'note', type: 'textarea', label: l('Note', '备注') },
          { id: 'owner', type: 'member', label: l('Owner', '负责人') },
        ],
      },
    ],
    navigation: [{ kind: 'form', target: FORM_ID }],
  };
}

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
export const intBetween = (rng: Rng, lo: number, hi: number): number =>
  lo + Math.floor(rng() * (hi - lo + 1));

const PRODUCTS_ZH = [
  '办公椅',
  '笔记本电脑',
  '打印纸',
  '显示器',
  '服务器机柜',
  '空气净化器',
  '投影仪',
  '会议桌',
  '茶叶礼盒',
  '工业传感器',
  '不锈钢阀门',
  '包装纸箱',
  '电动叉车',
  '办公软件授权',
  '云服务器',
];
const PRODUCTS_EN = [
  'Laptop',
  'Office chair',
  'Printer paper',
  'Monitor',
  'Server rack',
  'Air purifier',
  'Projector',
  'Meeting table',
  'Tea gift box',
  'Industrial sensor',
  'Steel valve',
  'Carton box',
  'Electric forklift',
  'Software licence',
  'Cloud server',
];
const KINDS = [
  ['采购订单', 'Purchase order'],
  ['年度合同', 'Annual contract'],
  ['补货', 'Restock'],
  ['样品', 'Sample'],
  ['维修服务', 'Repair service'],
  ['批量采购', 'Bulk purchase'],
] as const;
const CITIES = [
  '北京',
  '上海',
  '深圳',
  '广州',
  '杭州',
  '成都',
  '武汉',
  '西安',
  '南京',
  '苏州',
  '重庆',
  '天津',
];
const WORDS_ZH = [
  '华星',
  '远航',
  '星辰',
  '恒达',
  '瑞丰',
  '金桥',
  '博远',
  '新锐',
  '同创',
  '卓越',
  '鼎盛',
  '宏图',
];
const TRADES_ZH = ['科技', '贸易', '制造', '物流', '电子', '餐饮', '医疗', '建材'];
const WORDS_EN = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Tailspin',
  'Litware',
  'Proseware',
];
const TRADES_EN = ['Trading', 'Industries', 'Logistics', 'Electronics', 'Foods', 'Medical', 'Systems'];
const SUFFIX_EN = ['Ltd', 'Co.', 'Inc.', 'GmbH', 'LLC'];
const NOTES = [
  '请尽快发货',
  'Deliver to the back door',
  '客户要求开具增值税专用发票',
  'Call before delivery',
  '分两批交付',
  'Urgent: customer waiting',
  '',
  '',
  '',
];

const DAY = 86_400_000;
/** Order dates fall over three years, 2023-01-01 .. 2025-12-31. */
const FIRST_DAY = Date.UTC(2023, 0, 1);
const DAYS = 3 * 365 + 1;

function customerName(rng: Rng): string {
  if (rng() < 0.6) return `${pick(rng, CITIES)}${pick(rng, WORDS_ZH)}${pick(rng, TRADES_ZH)}有限公司`;
  return `${pick(rng, WORDS_EN)} ${pick(rng, TRADES_EN)} ${pick(rng, SUFFIX_EN)}`;
}

function title(rng: Rng, n: number): string {
  const [kindZh, kindEn] = pick(rng, KINDS);
  const r = rng();
  if (r < 0.4) return `${pick(rng, PRODUCTS_ZH)}${kindZh} ${n}`;
  if (r < 0.75) return `${kindEn}: ${pick(rng, PRODUCTS_EN)} #${n}`;
  const i = Math.floor(rng() * PRODUCTS_ZH.length);
  return `${PRODUCTS_ZH[i]} ${PRODUCTS_EN[i]} ${kindZh} ${kindEn} ${n}`;
}

/** A skewed amount with two decimals, 1.00 .. ~200,000.00 (most orders are small). */
function amount(rng: Rng): number {
  const cents = Math.round(100 * Math.exp(rng() * Math.log(200_000)));
  return cents / 100;
}

/** Record `i` (0-based) of the dataset with `seed`; `owners` are member user ids. */
/**
 * The records' owners: the signed-in admin (`adminId`) and nine members "Sales 1" … "Sales 9" it
 * adds, so owner_id spreads as in a sales team.
 */
export async function salesTeam(s: Session, adminId: string): Promise<string[]> {
  const owners = [adminId];
  for (let i = 1; i <= 9; i++) {
    const r = await s.request<{ user: { id: string } }>('POST', '/admin/users', {
      name: `Sales ${i}`,
      email: `sales${i}@bench.test`,
      password: 'member password 1',
    });
    owners.push(r.user.id);
  }
  return owners;
}

export function* generateOrders(
  count: number,
  owners: readonly string[],
  seed = 20261123,
): Generator<Record<string, unknown>> {
  const rng = mulberry32(seed);
  for (let i = 0; i < count; i++) {
    const note = pick(rng, NOTES);
    yield {
      title: title(rng, i + 1),
      customer: customerName(rng),
      region: pick(rng, REGIONS).value,
      amount: amount(rng),
      quantity: intBetween(rng, 1, 500),
      status: pick(rng, STATUSES).value,
      order_date: new Date(FIRST_DAY + Math.floor(rng() * DAYS) * DAY).toISOString().slice(0, 10),
      paid: rng() < 0.55,
      ...(note ? { note } : {}),
      owner: pick(rng, owners),
    };
  }
}

/** Sample 3-character search fragments from titles: Latin letters only, or CJK characters only. */
export function titleFragments(
  count: number,
  script: 'latin' | 'cjk',
  seed = 7,
  sampleTitles = 5_000,
): string[] {
  const rng = mulberry32(seed);
  const titles: string[] = [];
  for (const r of generateOrders(sampleTitles, ['x'], 20261123)) titles.push(r.title as string);
  const re = script === 'latin' ? /^[A-Za-z]{3}$/ : /^[\u4e00-\u9fff]{3}$/;
  const out: string[] = [];
  for (let tries = 0; out.length < count && tries < count * 1000; tries++) {
    const t = pick(rng, titles);
    const at = Math.floor(rng() * Math.max(1, t.length - 2));
    const frag = t.slice(at, at + 3);
    if (re.test(frag)) out.push(frag);
  }
  return out;
}
