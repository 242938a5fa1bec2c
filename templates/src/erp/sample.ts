/**
 * A year of a trading company's documents, simulated month by month so that every document obeys
 * the balance rules it will meet when installed: goods are received before they are shipped (a
 * sales order ships what is in stock and leaves the rest as a backorder), receipts never exceed
 * what was ordered, and payments never exceed what is owed. Amounts are kept in cents, so every
 * total the server computes is exact.
 */
import { masterCatalog, type CatalogProduct } from '../master/sample';
import { SAMPLE_USERS } from '../roles';
import { between, daysBefore, pick, ref } from '../sample-kit';
import type { SampleBatch, SampleContext, SampleData, SampleRecord } from '../types';

const E = (form: string, key: string) => ref('erp', form, key);
const Mref = (form: string, key: string) => ref('master', form, key);
const WAREHOUSES = ['w_sh', 'w_bj', 'w_gz'] as const;
const MONTHS = 12;

type Stock = Map<string, number>;
const sk = (p: string, w: string) => `${p}|${w}`;

interface OpenOrder {
  key: string;
  customer: string;
  warehouse: string;
  date: string;
  month: number;
  lines: { product: CatalogProduct; open: number; priceCents: number }[];
}

const yuan = (cents: number) => cents / 100;

export function erpSample(ctx: SampleContext): SampleData {
  const { products, customers, suppliers } = masterCatalog();
  const r = ctx.random;
  const batches: SampleBatch[] = [];
  const push = (form: string, records: SampleRecord[]) => {
    if (records.length) batches.push({ app: 'erp', form, records });
  };
  const stock: Stock = new Map();
  const onHand = (p: string, w: string) => stock.get(sk(p, w)) ?? 0;
  const move = (p: string, w: string, q: number) => stock.set(sk(p, w), onHand(p, w) + q);
  const receivable = new Map<string, number>(); // customer ref → cents
  // Open invoices per customer, oldest first: payments are allocated to them (FIFO).
  const openInvoices = new Map<string, { key: string; cents: number }[]>();
  const payable = new Map<string, number>();
  const backorders: OpenOrder[] = [];
  let n = 0;
  const next = (prefix: string) => `${prefix}${++n}`;

  for (let m = 0; m < MONTHS; m++) {
    // Day 0 of month m, counting back from `today` so the year ends there.
    const day = (d: number) => daysBefore(ctx.today, (MONTHS - m) * 30 - d);
    const stamp = (d: number) => `${day(d)}T09:00:00.000Z`;
    const pos: SampleRecord[] = [];
    const receipts: SampleRecord[] = [];
    const bills: SampleRecord[] = [];
    const supplierPayments: SampleRecord[] = [];

    // Purchasing: replenish what runs low in each warehouse (more in the first month).
    for (const w of WAREHOUSES) {
      const low = products.filter((p) => onHand(p.ref, w) < p.reorderPoint * 2);
      // The last two months buy less, so the year ends with a few items below their reorder point.
      const wanted = m === 0 ? low : low.filter(() => r() < (m >= MONTHS - 2 ? 0.2 : 0.5));
      for (let i = 0; i < wanted.length; i += 6) {
        const chunk = wanted.slice(i, i + 6);
        const supplier = pick(r, suppliers);
        const key = next('po');
        const lines = chunk.map((p) => ({ p, q: p.reorderPoint * between(r, 3, 6) }));
        const totalCents = lines.reduce((s, x) => s + x.q * x.p.costCents, 0);
        pos.push({
          ref: key,
          workflow: 'approved',
          createdAt: stamp(1),
          values: {
            supplier: Mref('suppliers', supplier.ref),
            warehouse: Mref('warehouses', w),
            order_date: day(1),
            expected_date: day(8),
            lines: lines.map((x) => ({
              product: Mref('products', x.p.ref),
              quantity: x.q,
              price: yuan(x.p.costCents),
            })),
          },
        });
        // Received in one or two deliveries; the last PO of the year stays partly open.
        const partial = r() < 0.3 || m === MONTHS - 1;
        const first = lines.map((x) => ({ ...x, q: partial ? Math.ceil(x.q / 2) : x.q }));
        receipts.push(receipt(key, w, day(5), first));
        first.forEach((x) => move(x.p.ref, w, x.q));
        if (partial && m < MONTHS - 1) {
          const rest = lines.map((x, k) => ({ ...x, q: x.q - first[k]!.q })).filter((x) => x.q > 0);
          receipts.push(receipt(key, w, day(12), rest));
          rest.forEach((x) => move(x.p.ref, w, x.q));
        }
        const billKey = next('bill');
        bills.push({
          ref: billKey,
          createdAt: stamp(6),
          values: {
            supplier: Mref('suppliers', supplier.ref),
            purchase_order: E('purchase_orders', key),
            supplier_ref: `FP${pad(n, 8)}`,
            billed_on: day(6),
            due_on: daysBefore(day(6), -supplier.paymentDays),
            amount: yuan(totalCents),
          },
        });
        payable.set(supplier.ref, (payable.get(supplier.ref) ?? 0) + totalCents);
      }
    }
    // Pay suppliers what fell due (bills older than their terms), in full.
    if (m > 0)
      for (const s of suppliers) {
        const open = payable.get(s.ref) ?? 0;
        if (open <= 0 || r() < 0.3) continue;
        const amount = m === MONTHS - 1 ? Math.floor(open / 2) : open;
        supplierPayments.push({
          createdAt: stamp(25),
          values: {
            supplier: Mref('suppliers', s.ref),
            paid_on: day(25),
            amount: yuan(amount),
            method: 'transfer',
          },
        });
        payable.set(s.ref, open - amount);
      }
    push('purchase_orders', pos);
    push('receipts', receipts);
    push('supplier_bills', bills);

    // A transfer from Shanghai to the smaller warehouse that runs lowest on something.
    const transferLines = products
      .filter((p) => onHand(p.ref, 'w_sh') > p.reorderPoint * 3)
      .filter(() => r() < 0.15)
      .slice(0, 4)
      .map((p) => ({ p, q: p.reorderPoint }));
    if (transferLines.length) {
      const to = m % 2 === 0 ? 'w_bj' : 'w_gz';
      push('transfers', [
        {
          createdAt: stamp(10),
          values: {
            from_warehouse: Mref('warehouses', 'w_sh'),
            to_warehouse: Mref('warehouses', to),
            moved_on: day(10),
            lines: transferLines.map((x) => ({ product: Mref('products', x.p.ref), quantity: x.q })),
          },
        },
      ]);
      transferLines.forEach((x) => {
        move(x.p.ref, 'w_sh', -x.q);
        move(x.p.ref, to, x.q);
      });
    }

    // Sales: new orders, then ship what stock allows (backorders first), invoice every shipment.
    const orders: SampleRecord[] = [];
    const shipments: SampleRecord[] = [];
    const invoices: SampleRecord[] = [];
    const payments: SampleRecord[] = [];
    const count = between(r, 18, 26);
    for (let i = 0; i < count; i++) {
      const c = pick(r, customers);
      const w = r() < 0.6 ? 'w_sh' : pick(r, WAREHOUSES);
      const key = next('so');
      const picked = [...new Set(Array.from({ length: between(r, 1, 3) }, () => pick(r, products)))];
      const lines = picked.map((p) => ({
        product: p,
        open: between(r, 1, 4) * Math.max(1, Math.round(p.reorderPoint / 5)),
        // A discount of 0–10 % on the list price, to the cent.
        priceCents: Math.round(p.priceCents * (1 - between(r, 0, 10) / 100)),
      }));
      const d = between(r, 2, 26);
      orders.push({
        ref: key,
        createdAt: stamp(d),
        values: {
          customer: Mref('customers', c.ref),
          warehouse: Mref('warehouses', w),
          order_date: day(d),
          lines: lines.map((x) => ({
            product: Mref('products', x.product.ref),
            quantity: x.open,
            price: yuan(x.priceCents),
          })),
        },
      });
      backorders.push({
        key,
        customer: c.ref,
        warehouse: w,
        date: day(Math.min(d + 2, 28)),
        month: m,
        lines,
      });
    }
    for (const order of [...backorders]) {
      // Orders of the last days of the year are still waiting to ship.
      if (m === MONTHS - 1 && order.date > day(18)) continue;
      const shipped = order.lines
        .map((x) => ({ x, q: Math.min(x.open, onHand(x.product.ref, order.warehouse)) }))
        .filter((s) => s.q > 0);
      if (!shipped.length) continue;
      const key = next('dn');
      // This month's orders ship two days after ordering; backorders when the goods arrived.
      const when = order.month === m ? order.date : day(14);
      shipments.push({
        ref: key,
        createdAt: `${when}T15:00:00.000Z`,
        values: {
          sales_order: E('sales_orders', order.key),
          customer: Mref('customers', order.customer),
          warehouse: Mref('warehouses', order.warehouse),
          shipped_on: when,
          invoicing: 'later',
          lines: shipped.map((s) => ({ product: Mref('products', s.x.product.ref), quantity: s.q })),
        },
      });
      shipped.forEach((s) => {
        s.x.open -= s.q;
        move(s.x.product.ref, order.warehouse, -s.q);
      });
      const cents = shipped.reduce((sum, s) => sum + s.q * s.x.priceCents, 0);
      const invoiceKey = next('inv');
      if (!openInvoices.has(order.customer)) openInvoices.set(order.customer, []);
      openInvoices.get(order.customer)!.push({ key: invoiceKey, cents });
      invoices.push({
        ref: invoiceKey,
        createdAt: `${when}T16:00:00.000Z`,
        values: {
          customer: Mref('customers', order.customer),
          sales_order: E('sales_orders', order.key),
          shipment: E('shipments', key),
          issued_on: when,
          due_on: daysBefore(when, -30),
          status: 'issued',
          lines: shipped.map((s) => ({
            product: Mref('products', s.x.product.ref),
            quantity: s.q,
            price: yuan(s.x.priceCents),
          })),
        },
      });
      receivable.set(order.customer, (receivable.get(order.customer) ?? 0) + cents);
      if (order.lines.every((x) => x.open === 0)) backorders.splice(backorders.indexOf(order), 1);
    }
    // Customers pay what they owe, most in full, some in part, the latest months not yet.
    if (m < MONTHS - 1)
      for (const c of customers) {
        const open = receivable.get(c.ref) ?? 0;
        if (open <= 0 || r() < 0.35) continue;
        const amount = r() < 0.8 ? open : Math.floor(open / 2);
        const method = pick(r, ['transfer', 'transfer', 'acceptance', 'cash']);
        // One receipt per invoice it settles, oldest invoice first, the last one perhaps in part.
        let left = amount;
        const queue = openInvoices.get(c.ref) ?? [];
        while (left > 0 && queue.length) {
          const inv = queue[0]!;
          const paid = Math.min(left, inv.cents);
          payments.push({
            createdAt: stamp(28),
            values: {
              customer: Mref('customers', c.ref),
              invoice: E('invoices', inv.key),
              received_on: day(28),
              amount: yuan(paid),
              method,
            },
          });
          inv.cents -= paid;
          left -= paid;
          if (inv.cents === 0) queue.shift();
        }
        receivable.set(c.ref, open - amount);
      }
    push('sales_orders', orders);
    push('shipments', shipments);
    push('invoices', invoices);
    push('payments_received', payments);
    push('supplier_payments', supplierPayments);

    // Every third month: a customer return and a return to a supplier of goods on hand.
    if (m % 3 === 2) {
      const p = products.find((x) => onHand(x.ref, 'w_sh') >= 2)!;
      push('customer_returns', [
        {
          createdAt: stamp(20),
          values: {
            customer: Mref('customers', pick(r, customers).ref),
            warehouse: Mref('warehouses', 'w_sh'),
            returned_on: day(20),
            reason: 'defective',
            lines: [{ product: Mref('products', p.ref), quantity: 1 }],
          },
        },
      ]);
      move(p.ref, 'w_sh', 1);
      push('supplier_returns', [
        {
          createdAt: stamp(21),
          values: {
            supplier: Mref('suppliers', pick(r, suppliers).ref),
            warehouse: Mref('warehouses', 'w_sh'),
            returned_on: day(21),
            reason: 'defective',
            lines: [{ product: Mref('products', p.ref), quantity: 2 }],
          },
        },
      ]);
      move(p.ref, 'w_sh', -2);
    }
    // A quarterly count finds a little damage in Shanghai.
    if (m % 3 === 0) {
      const damaged = products.filter((x) => onHand(x.ref, 'w_sh') >= 3).slice(m, m + 2);
      if (damaged.length) {
        push('stock_counts', [
          {
            createdAt: stamp(29),
            values: {
              warehouse: Mref('warehouses', 'w_sh'),
              counted_on: day(29),
              reason: 'damaged',
              lines: damaged.map((x) => ({ product: Mref('products', x.ref), adjustment: -1 })),
            },
          },
        ]);
        damaged.forEach((x) => move(x.ref, 'w_sh', -1));
      }
    }
  }
  return { users: SAMPLE_USERS, batches };

  function receipt(
    po: string,
    w: string,
    date: string,
    lines: { p: CatalogProduct; q: number }[],
  ): SampleRecord {
    return {
      createdAt: `${date}T10:00:00.000Z`,
      values: {
        purchase_order: E('purchase_orders', po),
        warehouse: Mref('warehouses', w),
        received_on: date,
        lines: lines.map((x) => ({ product: Mref('products', x.p.ref), quantity: x.q })),
      },
    };
  }
}

const pad = (v: number, d: number) => String(v).padStart(d, '0');
