/**
 * The master and ERP packages (issue 14): their apps validate and upgrade like any stored app,
 * their sample data is deterministic, names only forms and fields that exist, refers only to
 * records written before it, and obeys every balance rule when replayed in order.
 */
import {
  CURRENT_FORMAT_VERSION,
  upgradeDefinition,
  validateAppDefinition,
  type AggregateDefinition,
  type AppDefinition,
  type FieldDefinition,
} from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { erpPackage } from '../src/erp';
import { masterPackage } from '../src/master';
import { seededRandom } from '../src/sample-kit';
import type { SampleContext, SampleData, TemplatePackage } from '../src/types';

const packages = [masterPackage, erpPackage];
const apps = new Map(packages.flatMap((p) => p.apps).map((a) => [a.id, a]));
const ctx = (seed = 42, locale: SampleContext['locale'] = 'zh-CN'): SampleContext => ({
  random: seededRandom(seed),
  today: '2026-11-30',
  locale,
});
const sampleOf = (p: TemplatePackage, c = ctx()): SampleData => p.sample!(c);

describe('definitions', () => {
  it.each(packages.flatMap((p) => p.apps.map((a) => [a.id, a] as const)))(
    '%s validates and upgrades cleanly',
    (_id, app) => {
      const up = upgradeDefinition(structuredClone(app));
      expect(up.ok).toBe(true);
      const result = validateAppDefinition(structuredClone(app));
      expect(result.ok ? [] : result.issues).toEqual([]);
      expect(app.formatVersion).toBe(CURRENT_FORMAT_VERSION);
      // An older stored copy (format 2) upgrades to the same definition.
      const older = validateAppDefinition({ ...structuredClone(app), formatVersion: 2 });
      expect(older.ok).toBe(true);
    },
  );

  it('keeps the field ids the CRM lane relies on', () => {
    const ids = (app: string, form: string) =>
      apps
        .get(app)!
        .forms.find((f) => f.id === form)!
        .fields.map((f) => f.id);
    expect(ids('master', 'customers')).toEqual(
      expect.arrayContaining([
        'name',
        'code',
        'industry',
        'level',
        'owner',
        'phone',
        'email',
        'address',
        'credit_limit',
        'payment_days',
      ]),
    );
    expect(ids('master', 'products')).toEqual(
      expect.arrayContaining(['sku', 'name', 'category', 'unit', 'price', 'cost', 'reorder_point', 'active']),
    );
    const so = apps.get('erp')!.forms.find((f) => f.id === 'sales_orders')!;
    expect(so.fields.map((f) => f.id)).toEqual(
      expect.arrayContaining(['customer', 'warehouse', 'lines', 'total', 'opportunity']),
    );
    const lines = so.fields.find((f) => f.id === 'lines') as Extract<FieldDefinition, { type: 'subform' }>;
    expect(lines.config.fields.map((f) => f.id)).toEqual(['product', 'quantity', 'price', 'amount']);
  });

  it('hides prices from the warehouse clerk on every form that has them', () => {
    for (const app of apps.values())
      for (const form of app.forms) {
        const priced = form.fields.filter(
          (f) => ['price', 'cost', 'total', 'amount', 'credit_limit'].includes(f.id) || hasPrice(f),
        );
        if (!priced.length) continue;
        const clerk = (form.permissionGroups ?? []).filter((g) =>
          g.members.some((m) => m.kind === 'roles' && m.ids.includes('tpl_warehouse_clerk')),
        );
        for (const g of clerk) {
          expect(g.fields, `${app.id}/${form.id} group ${g.id}`).toBeDefined();
          const visible = g.fields!.visible;
          expect(visible, `${app.id}/${form.id}`).not.toBe('all');
          for (const f of priced) expect(visible, `${app.id}/${form.id}.${f.id}`).not.toContain(f.id);
        }
      }
  });

  it('names every role it uses in `roles`', () => {
    for (const p of packages) {
      const used = new Set(JSON.stringify(p.apps).match(/tpl_[a-z_]+/g));
      expect([...used].filter((k) => !p.roles.some((r) => r.key === k))).toEqual([]);
    }
  });
});

const hasPrice = (f: FieldDefinition) =>
  f.type === 'subform' && f.config.fields.some((c) => c.id === 'price');

describe('sample data', () => {
  it('is deterministic: the same seed gives the same year', () => {
    for (const p of packages) expect(JSON.stringify(sampleOf(p))).toBe(JSON.stringify(sampleOf(p)));
    expect(JSON.stringify(sampleOf(erpPackage, ctx(1)))).not.toBe(
      JSON.stringify(sampleOf(erpPackage, ctx(2))),
    );
  });

  it('stays a few thousand records and names people and things in both languages', () => {
    const zh = [...packages.map((p) => sampleOf(p))];
    const total = zh.flatMap((s) => s.batches).reduce((n, b) => n + b.records.length, 0);
    expect(total).toBeGreaterThan(800);
    expect(total).toBeLessThan(5000);
    const en = sampleOf(masterPackage, ctx(42, 'en'));
    const names = (s: SampleData) =>
      s.batches.find((b) => b.form === 'customers')!.records.map((r) => r.values.name as string);
    expect(names(zh[0]!)[0]).toMatch(/有限公司$/);
    expect(names(en)[0]).toMatch(/Co\., Ltd\.$/);
  });

  it('refers only to forms, fields, sample users and records written before', () => {
    const written = new Set<string>();
    const data = packages.map((p) => sampleOf(p));
    const users = new Set(data.flatMap((d) => d.users.map((u) => u.key)));
    const problems: string[] = [];
    for (const batch of data.flatMap((d) => d.batches)) {
      const form = apps.get(batch.app)?.forms.find((f) => f.id === batch.form);
      if (!form) {
        problems.push(`unknown form ${batch.app}/${batch.form}`);
        continue;
      }
      for (const record of batch.records) {
        checkValues(
          form.fields,
          record.values,
          `${batch.app}/${batch.form}`,
          (value, path, field) => {
            if (isRef(value)) {
              if (!written.has(value.$ref)) problems.push(`${path}: ${value.$ref} is not written before`);
              const [app, rest] = value.$ref.split('/');
              const target =
                field?.type === 'relation' ? `${field.config.app ?? batch.app}/${field.config.form}` : '';
              if (`${app}/${rest!.split('#')[0]}` !== target)
                problems.push(`${path}: ${value.$ref} is not a ${target}`);
            } else if (isMember(value) && !users.has(value.$member)) problems.push(`${path}: unknown user`);
          },
          problems,
        );
        if (record.ref) written.add(`${batch.app}/${batch.form}#${record.ref}`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('obeys every balance rule when replayed in order, and leaves stock, backorders and balances open', () => {
    const erp = apps.get('erp')!;
    const balances = replay(erp, [...sampleOf(masterPackage).batches, ...sampleOf(erpPackage).batches]);
    expect(balances.violations.slice(0, 5)).toEqual([]);
    const positive = (agg: string) =>
      [...balances.values].filter(([k, v]) => k.startsWith(`${agg}|`) && v > 0).length;
    expect(positive('stock')).toBeGreaterThan(50);
    expect(positive('open_to_ship')).toBeGreaterThan(0);
    expect(positive('open_to_receive')).toBeGreaterThan(0);
    expect(positive('receivables')).toBeGreaterThan(0);
    expect(positive('payables')).toBeGreaterThan(0);
  });
});

type Ref = { $ref: string };
const isRef = (v: unknown): v is Ref => typeof v === 'object' && v !== null && '$ref' in v;
const isMember = (v: unknown): v is { $member: string } =>
  typeof v === 'object' && v !== null && '$member' in v;

function checkValues(
  fields: FieldDefinition[],
  values: Record<string, unknown>,
  at: string,
  visit: (value: unknown, path: string, field: FieldDefinition | undefined) => void,
  problems: string[],
) {
  for (const [id, value] of Object.entries(values)) {
    const field = fields.find((f) => f.id === id);
    if (!field) {
      problems.push(`${at}: unknown field ${id}`);
      continue;
    }
    if (field.type === 'formula' || field.type === 'serial')
      problems.push(`${at}.${id}: computed, not written`);
    if (field.type === 'subform')
      (value as Record<string, unknown>[]).forEach((row, i) =>
        checkValues(field.config.fields, row, `${at}.${id}[${i}]`, visit, problems),
      );
    else visit(value, `${at}.${id}`, field);
  }
}

/**
 * Replays the sample's postings through the aggregate definitions (the same sources, keys, signs
 * and `when` conditions the server applies; workflow outcomes as the installer reaches them) and
 * records any balance a rule would refuse.
 */
function replay(app: AppDefinition, batches: SampleData['batches']) {
  const values = new Map<string, number>();
  const violations: string[] = [];
  let id = 0;
  for (const batch of batches) {
    for (const record of batch.records) {
      const recordId = record.ref ? `${batch.app}/${batch.form}#${record.ref}` : `anon${++id}`;
      if (batch.app !== app.id) continue;
      const system = { id: recordId, workflowStatus: record.workflow ?? null };
      const data = { ...record.values, ...system, total: totalOf(record.values) };
      for (const agg of app.aggregates ?? []) post(agg, batch.form, data);
    }
  }
  return { values, violations };

  function post(agg: AggregateDefinition, form: string, data: Record<string, unknown>) {
    for (const source of agg.sources.filter((s) => s.form === form)) {
      if (source.when && !holds(source.when as unknown as Cmp, data)) continue;
      const lines = source.subform ? (data[source.subform] as Record<string, unknown>[]) : [null];
      for (const line of lines) {
        const pick = (ref: { field: string; from?: string }) =>
          (ref.from ?? (line ? 'line' : 'record')) === 'line' ? line![ref.field] : data[ref.field];
        const key = agg.keys.map((k) => {
          const v = pick(source.keys[k.id]!);
          return isRef(v) ? v.$ref : String(v);
        });
        for (const [measure, posting] of Object.entries(source.measures)) {
          if (!posting) continue;
          const amount = 'constant' in posting ? posting.constant : Number(pick(posting));
          const k = `${agg.id}|${measure}|${key.join('|')}`;
          const next = Math.round(((values.get(k) ?? 0) + amount * posting.sign) * 100) / 100;
          values.set(k, next);
          const rule = agg.rules?.find((r) => r.measure === measure);
          if (rule && next < rule.value && amount * posting.sign < 0) violations.push(`${k} = ${next}`);
        }
      }
    }
  }
}

type Cmp = { kind: 'cmp'; field: string; op: 'eq'; value: unknown };
const holds = (c: Cmp, data: Record<string, unknown>) => data[c.field] === c.value;

/** What the `total` formula computes: Σ round(quantity × price, 2). */
function totalOf(values: Record<string, unknown>): number | undefined {
  const lines = values.lines as { quantity?: number; price?: number }[] | undefined;
  if (!lines?.every((l) => l.price !== undefined)) return undefined;
  return Math.round(lines.reduce((s, l) => s + Math.round(l.quantity! * l.price! * 100), 0)) / 100;
}
