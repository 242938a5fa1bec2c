/**
 * A year of a sales team's CRM work: campaigns, leads (some converted into the master customers'
 * contacts and opportunities), opportunities moving through the stages, activities with follow-ups,
 * quotes (big discounts approved by the manager), contracts with payment plans and the payments
 * against them, and service tickets (some past their SLA). Amounts are kept in cents so every
 * total the server computes is exact, and no payment exceeds what its contract still has open.
 */
import { masterCatalog, type CatalogProduct } from '../master/sample';
import { SAMPLE_USERS } from '../roles';
import { between, daysBefore, member, pick, ref } from '../sample-kit';
import type { SampleBatch, SampleContext, SampleData, SampleRecord } from '../types';
import { DISCOUNT_THRESHOLD, LEAD_SOURCES, STAGES } from './forms';

const C = (form: string, key: string) => ref('crm', form, key);
const Mref = (form: string, key: string) => ref('master', form, key);
const REPS = ['rep_wang', 'rep_li'] as const;
const DAYS = 360;

const PEOPLE: [string, string][] = [
  ['刘洋', 'Yang Liu'],
  ['陈晨', 'Chen Chen'],
  ['黄磊', 'Lei Huang'],
  ['周婷', 'Ting Zhou'],
  ['吴昊', 'Hao Wu'],
  ['徐静', 'Jing Xu'],
  ['孙浩', 'Hao Sun'],
  ['马丽', 'Li Ma'],
  ['朱峰', 'Feng Zhu'],
  ['胡敏', 'Min Hu'],
  ['郭强', 'Qiang Guo'],
  ['何欣', 'Xin He'],
];
const JOBS: [string, string][] = [
  ['采购经理', 'Purchasing manager'],
  ['总经理', 'General manager'],
  ['工程师', 'Engineer'],
  ['财务主管', 'Finance lead'],
];
const CAMPAIGNS: [string, string, string, number][] = [
  ['春季五金展', 'Spring hardware fair', 'exhibition', 4800000],
  ['线上搜索推广', 'Online search ads', 'online', 1200000],
  ['老客户邮件回访', 'Customer email series', 'email', 150000],
  ['华东经销商研讨会', 'East China dealer seminar', 'seminar', 2600000],
  ['秋季工业展', 'Autumn industry fair', 'exhibition', 5200000],
  ['新品发布直播', 'Product launch livestream', 'online', 900000],
];
const ISSUES: [string, string][] = [
  ['设备无法启动', 'Machine does not start'],
  ['到货数量不符', 'Delivered quantity wrong'],
  ['发票抬头有误', 'Wrong invoice title'],
  ['需要安装指导', 'Needs installation help'],
  ['包装破损', 'Damaged packaging'],
  ['询问保修政策', 'Question about warranty'],
];

const yuan = (cents: number) => cents / 100;

export function crmSample(ctx: SampleContext): SampleData {
  const r = ctx.random;
  const zh = ctx.locale === 'zh-CN';
  const say = (pair: [string, string]) => (zh ? pair[0] : pair[1]);
  const text = (name: { 'zh-CN': string; en: string }) => name[ctx.locale];
  const { products, customers, warehouses } = masterCatalog();
  const day = (d: number) => daysBefore(ctx.today, DAYS - d); // d in [0, DAYS]: day d of the year
  const stamp = (d: number) => `${day(d)}T09:00:00.000Z`;

  const campaigns: SampleRecord[] = CAMPAIGNS.map(([czh, cen, kind, costCents], i) => ({
    ref: `cp${i + 1}`,
    values: {
      name: zh ? czh : cen,
      kind,
      starts_on: day(i * 60 + 5),
      ends_on: day(i * 60 + 8),
      cost: yuan(costCents),
      owner: member('mgr_zhang'),
    },
    createdAt: stamp(i * 60),
  }));

  const leads: SampleRecord[] = [];
  const contacts: SampleRecord[] = [];
  const opportunities: SampleRecord[] = [];
  const activities: SampleRecord[] = [];
  const quotes: SampleRecord[] = [];
  const contracts: SampleRecord[] = [];
  const payments: SampleRecord[] = [];
  const tickets: SampleRecord[] = [];

  // Leads: about three a week; a third turn into an opportunity of a master customer.
  for (let i = 0; i < 150; i++) {
    const d = Math.floor((i * DAYS) / 150);
    const rep = pick(r, REPS);
    const customer = customers[i % customers.length]!;
    const person = pick(r, PEOPLE);
    const source = pick(r, LEAD_SOURCES)[0];
    const campaign =
      source === 'campaign' || source === 'exhibition' ? `cp${Math.min(6, Math.floor(d / 60) + 1)}` : null;
    const convert = r() < 0.35 && d < DAYS - 20;
    const estimateCents = between(r, 20, 400) * 100000;
    const status = convert
      ? 'converted'
      : d > DAYS - 30
        ? pick(r, ['new', 'contacted'])
        : pick(r, ['contacted', 'qualified', 'lost']);
    leads.push({
      ref: `l${i + 1}`,
      values: {
        company: text(customer.name),
        contact_name: say(person),
        job_title: say(pick(r, JOBS)),
        phone: `+86 139${String(10000000 + i * 7919).slice(0, 8)}`,
        email: `lead${i + 1}@example.test`,
        industry: pick(r, ['manufacturing', 'retail', 'wholesale', 'construction', 'technology']),
        source,
        ...(campaign ? { campaign: C('campaigns', campaign) } : {}),
        status,
        owner: member(rep),
        estimated_amount: yuan(estimateCents),
        expected_close: day(Math.min(DAYS + 90, d + between(r, 30, 120))),
        ...(convert ? { customer: Mref('customers', customer.ref), converted_on: day(d + 3) } : {}),
      },
      createdAt: stamp(d),
    });
    if (!convert) continue;

    const k = contacts.length + 1;
    contacts.push({
      ref: `ct${k}`,
      values: {
        name: say(person),
        customer: Mref('customers', customer.ref),
        job_title: say(pick(r, JOBS)),
        email: `contact${k}@example.test`,
        owner: member(rep),
        lead: C('leads', `l${i + 1}`),
      },
      createdAt: stamp(d + 3),
    });

    // How far the deal got: older deals are mostly closed, recent ones still open.
    const age = DAYS - d;
    const stageIndex =
      age > 120 ? pick(r, [4, 4, 5, 5, 4, 3]) : age > 45 ? between(r, 1, 4) : between(r, 0, 2);
    const [stage] = STAGES[stageIndex]!;
    const lines = quoteLines(r, products);
    const totalCents = lines.reduce((s, l) => s + l.amountCents, 0);
    const closedOn =
      stage === 'won' || stage === 'lost' ? day(Math.min(DAYS, d + between(r, 25, 100))) : null;
    const oppRef = `o${k}`;
    opportunities.push({
      ref: oppRef,
      values: {
        name: text(customer.name),
        customer: Mref('customers', customer.ref),
        contact: C('contacts', `ct${k}`),
        stage,
        amount: yuan(stage === 'won' ? totalCents : estimateCents),
        expected_close: closedOn ?? day(Math.min(DAYS + 90, d + between(r, 40, 150))),
        owner: member(rep),
        source,
        ...(campaign ? { campaign: C('campaigns', campaign) } : {}),
        lead: C('leads', `l${i + 1}`),
        ...(closedOn ? { closed_on: closedOn } : {}),
        ...(stage === 'lost' ? { lost_reason: zh ? '价格高于竞品' : 'Price above a competitor' } : {}),
      },
      createdAt: stamp(d + 3),
    });

    // Activities along the deal, the latest with a follow-up date.
    const touches = between(r, 2, 5);
    for (let t = 0; t < touches; t++) {
      const on = Math.min(DAYS, d + 3 + t * between(r, 5, 20));
      const last = t === touches - 1;
      const kind = pick(r, ['call', 'visit', 'email', 'meeting']);
      activities.push({
        values: {
          subject: zh
            ? `${pick(r, ['电话沟通', '上门拜访', '邮件跟进', '方案讨论'])}：${text(customer.name)}`
            : `${pick(r, ['Call', 'Visit', 'Email follow-up', 'Proposal review'])}: ${text(customer.name)}`,
          kind,
          activity_date: day(on),
          customer: Mref('customers', customer.ref),
          contact: C('contacts', `ct${k}`),
          opportunity: C('opportunities', oppRef),
          owner: member(rep),
          summary: zh ? '了解需求和预算，约定下一步。' : 'Discussed needs and budget, agreed next steps.',
          ...(last && !closedOn
            ? { next_follow_up: daysBefore(ctx.today, -between(r, 0, 14)), follow_up_status: 'open' }
            : { follow_up_status: 'done' }),
        },
        createdAt: stamp(on),
      });
    }

    if (stageIndex < 2) continue;
    const maxDiscount = Math.max(...lines.map((l) => l.discount));
    const quoteStatus = stage === 'won' ? 'won' : stage === 'lost' ? 'lost' : 'sent';
    quotes.push({
      ref: `q${k}`,
      values: {
        opportunity: C('opportunities', oppRef),
        customer: Mref('customers', customer.ref),
        warehouse: Mref('warehouses', pick(r, warehouses).ref),
        quoted_on: day(Math.min(DAYS, d + 10)),
        lines: lines.map((l) => ({
          product: Mref('products', l.product.ref),
          quantity: l.quantity,
          list_price: yuan(l.product.priceCents),
          discount: l.discount,
        })),
        status: quoteStatus,
        owner: member(rep),
      },
      // Big discounts went to the manager; the installer approves them as the manager.
      ...(maxDiscount > DISCOUNT_THRESHOLD ? { workflow: 'approved' as const } : {}),
      createdAt: stamp(Math.min(DAYS, d + 10)),
    });

    if (stage !== 'won' || !closedOn) continue;
    // The contract: two or three instalments adding up to the total exactly (the last takes the rest).
    const parts = between(r, 2, 3);
    const plan: { due: number; cents: number }[] = [];
    let left = totalCents;
    const signed =
      DAYS -
      Math.max(
        0,
        Math.round(
          (new Date(`${ctx.today}T00:00:00Z`).getTime() - new Date(`${closedOn}T00:00:00Z`).getTime()) /
            86400000,
        ),
      );
    for (let p = 0; p < parts; p++) {
      const cents = p === parts - 1 ? left : Math.round(totalCents / parts);
      left -= cents;
      plan.push({ due: signed + p * 30, cents });
    }
    const contractRef = `hk${k}`;
    contracts.push({
      ref: contractRef,
      values: {
        name: zh ? `${text(customer.name)}供货合同` : `Supply contract ${text(customer.name)}`,
        customer: Mref('customers', customer.ref),
        opportunity: C('opportunities', oppRef),
        signed_on: closedOn,
        amount: yuan(totalCents),
        plan: plan.map((p, n) => ({
          due_on: daysBefore(ctx.today, DAYS - p.due),
          due_amount: yuan(p.cents),
          note: zh ? `第 ${n + 1} 期` : `Instalment ${n + 1}`,
        })),
        owner: member(rep),
      },
      createdAt: `${closedOn}T10:00:00.000Z`,
    });
    for (const p of plan) {
      // Instalments due by today are mostly paid, on or a little after the due day.
      if (p.due > DAYS || r() < 0.15) continue;
      const on = Math.min(DAYS, p.due + between(r, 0, 10));
      payments.push({
        values: {
          contract: C('contracts', contractRef),
          customer: Mref('customers', customer.ref),
          received_on: day(on),
          amount: yuan(p.cents),
          method: pick(r, ['transfer', 'transfer', 'acceptance']),
          owner: member(rep),
        },
        createdAt: stamp(on),
      });
    }
  }

  // Service tickets: about two a week; recent ones still open, a few past their SLA.
  for (let i = 0; i < 100; i++) {
    const d = Math.floor((i * DAYS) / 100);
    const customer = customers[(i * 7) % customers.length]!;
    const recent = DAYS - d < 20;
    const status = recent
      ? pick(r, ['open', 'in_progress', 'resolved'])
      : pick(r, ['resolved', 'closed', 'closed']);
    tickets.push({
      values: {
        subject: say(pick(r, ISSUES)),
        customer: Mref('customers', customer.ref),
        kind: pick(r, ['question', 'fault', 'complaint', 'return']),
        priority: pick(r, ['low', 'normal', 'normal', 'high', 'urgent']),
        status,
        assignee: member('agent_chen'),
        supervisor: member('mgr_zhang'),
        // 14:00 in Shanghai: a deadline inside working hours.
        sla_due: `${day(Math.min(DAYS + 5, d + between(r, 1, 4)))}T06:00:00.000Z`,
        description: zh ? '客户来电反映，需要跟进处理。' : 'Reported by phone; needs handling.',
        ...(status === 'resolved' || status === 'closed'
          ? {
              resolution: zh ? '已处理并回访客户。' : 'Fixed and confirmed with the customer.',
              resolved_on: day(Math.min(DAYS, d + between(r, 0, 3))),
            }
          : {}),
      },
      createdAt: stamp(d),
    });
  }

  const batches: SampleBatch[] = [
    { app: 'crm', form: 'campaigns', records: campaigns },
    { app: 'crm', form: 'leads', records: leads },
    { app: 'crm', form: 'contacts', records: contacts },
    { app: 'crm', form: 'opportunities', records: opportunities },
    { app: 'crm', form: 'activities', records: activities },
    { app: 'crm', form: 'quotes', records: quotes },
    { app: 'crm', form: 'contracts', records: contracts },
    { app: 'crm', form: 'payments', records: payments },
    { app: 'crm', form: 'tickets', records: tickets },
  ];
  return { users: SAMPLE_USERS, batches: batches.filter((b) => b.records.length > 0) };
}

interface QuoteLine {
  product: CatalogProduct;
  quantity: number;
  discount: number;
  amountCents: number;
}

/** One to four lines; the net price is rounded to the cent first, as the quote's formula does. */
function quoteLines(r: () => number, products: CatalogProduct[]): QuoteLine[] {
  const count = between(r, 1, 4);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, products.length)) chosen.add(between(r, 0, products.length - 1));
  return [...chosen].map((i) => {
    const product = products[i]!;
    const quantity = between(r, 1, 40);
    const discount = pick(r, [0, 0, 5, 10, 10, 15, 20, 25]);
    const netCents = Math.round((product.priceCents * (100 - discount)) / 100);
    return { product, quantity, discount, amountCents: quantity * netCents };
  });
}
