/**
 * The CRM package (issue 14): its app validates and upgrades like any stored app, its automations
 * and views name what exists, and its sample data is deterministic, names only forms and fields
 * that exist, refers only to records written before it, and keeps every total exact.
 */
import {
  CURRENT_FORMAT_VERSION,
  upgradeDefinition,
  validateAppDefinition,
  type AppDefinition,
  type FieldDefinition,
} from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import { crmPackage } from '../src/crm';
import { erpPackage } from '../src/erp';
import { masterPackage } from '../src/master';
import { seededRandom } from '../src/sample-kit';
import type { SampleContext, SampleData } from '../src/types';

const crm = crmPackage.apps[0]!;
const apps = new Map<string, AppDefinition>(
  [...masterPackage.apps, ...crmPackage.apps].map((a) => [a.id, a]),
);
const ctx = (seed = 7, locale: SampleContext['locale'] = 'zh-CN'): SampleContext => ({
  random: seededRandom(seed),
  today: '2026-11-30',
  locale,
});
const sample = (c = ctx()): SampleData => crmPackage.sample!(c);
const formOf = (app: string, form: string) => apps.get(app)?.forms.find((f) => f.id === form);

describe('definition', () => {
  it('validates and upgrades cleanly', () => {
    expect(upgradeDefinition(structuredClone(crm)).ok).toBe(true);
    const result = validateAppDefinition(structuredClone(crm));
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(crm.formatVersion).toBe(CURRENT_FORMAT_VERSION);
    expect(validateAppDefinition({ ...structuredClone(crm), formatVersion: 2 }).ok).toBe(true);
  });

  it('labels everything in zh-CN and en', () => {
    const missing: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}/${i}`));
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if ('en' in o || 'zh-CN' in o) {
          if (!o.en || !o['zh-CN']) missing.push(path);
          return;
        }
        for (const [k, x] of Object.entries(o)) walk(x, `${path}/${k}`);
      }
    };
    walk(crm, '');
    expect(missing).toEqual([]);
  });

  it('keeps the warehouse clerk out of the CRM and the service agent off opportunities', () => {
    const members = JSON.stringify(crm.access?.members);
    expect(members).not.toContain('tpl_warehouse_clerk');
    expect(JSON.stringify(formOf('crm', 'opportunities')!.permissionGroups)).not.toContain(
      'tpl_service_agent',
    );
    // Reps reach opportunities by creation or ownership only.
    const repScopes = formOf('crm', 'opportunities')!
      .permissionGroups!.filter((g) =>
        g.members.some((m) => m.kind === 'roles' && m.ids.includes('tpl_sales_rep')),
      )
      .map((g) => g.scope);
    expect(repScopes).toEqual([{ kind: 'own' }, { kind: 'fieldContainsMe', field: 'owner' }]);
  });

  it('names every role it uses in `roles`', () => {
    const used = new Set(JSON.stringify(crm).match(/tpl_[a-z_]+/g));
    expect([...used].sort()).toEqual(crmPackage.roles.map((r) => r.key).sort());
  });

  it('creates the ERP sales order with exactly the contract ids', () => {
    const win = crm.automations!.find((a) => a.id === 'win_quote')!;
    const create = win.actions.find((a) => a.type === 'create')!;
    expect(create).toMatchObject({ app: 'erp', form: 'sales_orders' });
    const values = (
      create as { values: { field: string; value: { kind: string; values?: { field: string }[] } }[] }
    ).values;
    expect(values.map((v) => v.field)).toEqual(
      expect.arrayContaining(['customer', 'warehouse', 'order_date', 'lines', 'opportunity']),
    );
    expect(values.find((v) => v.field === 'lines')!.value.values!.map((v) => v.field)).toEqual([
      'product',
      'quantity',
      'price',
    ]);
  });

  it("links the won order to its opportunity: the ERP's field is a relation to this app's opportunities", () => {
    // ERP sales orders are not written by hand with an opportunity; the CRM fills it with the
    // quote's opportunity (a record id), which only a relation shows by name and links back.
    const erp = erpPackage.apps[0]!;
    expect(erpPackage.requires).not.toContain('crm');
    const field = erp.forms.find((f) => f.id === 'sales_orders')!.fields.find((f) => f.id === 'opportunity')!;
    expect(field).toMatchObject({
      type: 'relation',
      readOnly: true,
      config: { app: crm.id, form: 'opportunities', multiple: false },
    });
    const quoteOpportunity = formOf('crm', 'quotes')!.fields.find((f) => f.id === 'opportunity')!;
    expect(quoteOpportunity).toMatchObject({ type: 'relation', config: { form: 'opportunities' } });
    const win = crm.automations!.find((a) => a.id === 'win_quote')!;
    const create = win.actions.find((a) => a.type === 'create') as {
      values: { field: string; value: unknown }[];
    };
    expect(create.values.find((v) => v.field === 'opportunity')!.value).toEqual({
      kind: 'field',
      field: 'opportunity',
    });
  });

  it('its views name fields of their forms', () => {
    for (const view of crmPackage.views ?? []) {
      const form = formOf(view.app, view.form)!;
      const ids = new Set(form.fields.map((f) => f.id));
      const config = view.config as {
        kanban?: { groupField: string; sumField?: string; cardFields?: string[] };
        calendar?: { dateField: string; titleField?: string; colorField?: string };
        columns: { field: string }[];
      };
      const named = [
        ...config.columns.map((c) => c.field),
        ...(config.kanban
          ? [config.kanban.groupField, config.kanban.sumField, ...(config.kanban.cardFields ?? [])]
          : []),
        ...(config.calendar
          ? [config.calendar.dateField, config.calendar.titleField, config.calendar.colorField]
          : []),
      ].filter((x): x is string => !!x);
      for (const f of named) expect(ids.has(f), `${view.form}.${f}`).toBe(true);
    }
  });
});

describe('sample data', () => {
  it('is deterministic: the same seed gives the same year', () => {
    expect(JSON.stringify(sample(ctx(7)))).toBe(JSON.stringify(sample(ctx(7))));
    expect(JSON.stringify(sample(ctx(8)))).not.toBe(JSON.stringify(sample(ctx(7))));
  });

  it('has a year of work in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const data = sample(ctx(7, locale));
      const count = (form: string) => data.batches.find((b) => b.form === form)?.records.length ?? 0;
      expect(count('leads')).toBeGreaterThanOrEqual(100);
      expect(count('opportunities')).toBeGreaterThan(20);
      expect(count('activities')).toBeGreaterThan(80);
      expect(count('quotes')).toBeGreaterThan(10);
      expect(count('tickets')).toBeGreaterThanOrEqual(100);
      const stamps = data.batches.flatMap((b) => b.records.map((r) => r.createdAt!)).sort();
      expect(stamps[0]! < '2026-01-01').toBe(true);
      const text = JSON.stringify(data.batches.find((b) => b.form === 'leads'));
      expect(/[\u4e00-\u9fff]/.test(text)).toBe(locale === 'zh-CN');
    }
  });

  it('names only forms and fields that exist and refers only to records written before', () => {
    const master = masterPackage.sample!(ctx());
    const written = new Set<string>();
    for (const b of master.batches)
      for (const r of b.records) if (r.ref) written.add(`${b.app}/${b.form}#${r.ref}`);
    const users = new Set(sample().users.map((u) => u.key));
    const problems: string[] = [];
    const check = (value: unknown, at: string) => {
      if (Array.isArray(value)) return value.forEach((v, i) => check(v, `${at}/${i}`));
      if (!value || typeof value !== 'object') return;
      const o = value as Record<string, unknown>;
      if (typeof o.$ref === 'string' && !written.has(o.$ref))
        problems.push(`${at}: ${o.$ref} not written yet`);
      if (typeof o.$member === 'string' && !users.has(o.$member))
        problems.push(`${at}: unknown user ${o.$member}`);
    };
    for (const b of sample().batches) {
      const form = formOf(b.app, b.form);
      if (!form) {
        problems.push(`unknown form ${b.app}/${b.form}`);
        continue;
      }
      const fields = new Map(form.fields.map((f) => [f.id, f]));
      b.records.forEach((r, i) => {
        for (const [id, value] of Object.entries(r.values)) {
          const field = fields.get(id);
          if (!field) problems.push(`${b.form}[${i}] has no field ${id}`);
          if (field?.type === 'subform') {
            const cols = new Set(
              (field as Extract<FieldDefinition, { type: 'subform' }>).config.fields.map((c) => c.id),
            );
            for (const row of value as Record<string, unknown>[])
              for (const col of Object.keys(row))
                if (!cols.has(col)) problems.push(`${b.form}.${id} has no column ${col}`);
          }
          check(value, `${b.form}[${i}].${id}`);
        }
        if (r.workflow && !form.workflowId) problems.push(`${b.form}[${i}] has no workflow`);
      });
      for (const r of b.records) if (r.ref) written.add(`${b.app}/${b.form}#${r.ref}`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps contracts exact: plans add up to the amount, payments never exceed the plan', () => {
    const data = sample();
    const contracts = data.batches.find((b) => b.form === 'contracts')!.records;
    const cents = (n: unknown) => Math.round(Number(n) * 100);
    const open = new Map<string, number>();
    for (const c of contracts) {
      const plan = (c.values.plan as { due_amount: number }[]).reduce((s, p) => s + cents(p.due_amount), 0);
      expect(plan).toBe(cents(c.values.amount));
      open.set(`crm/contracts#${c.ref}`, plan);
    }
    for (const p of data.batches.find((b) => b.form === 'payments')?.records ?? []) {
      const key = (p.values.contract as { $ref: string }).$ref;
      open.set(key, open.get(key)! - cents(p.values.amount));
      expect(open.get(key)!).toBeGreaterThanOrEqual(0);
    }
  });
});
