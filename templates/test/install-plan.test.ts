import { validateAppDefinition, type AppDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import {
  assignAppIds,
  countSampleRecords,
  createTemplateRegistry,
  installOrder,
  resolveSampleValue,
  rewriteDefinition,
  rewriteView,
} from '../src/index';
import type { TemplatePackage } from '../src/types';
import { fixtureMaster, fixturePackages, fixtureSales, fixtureSalesApp } from './fixtures/fixture-packages';

const registry = createTemplateRegistry(fixturePackages);
const pkg = (key: string, requires: string[] = []): TemplatePackage => ({ ...fixtureMaster, key, requires });

describe('install order', () => {
  it('installs requirements first, once, and skips what is installed', () => {
    expect(installOrder(registry, 'fx_sales', new Set())).toEqual(['fx_master', 'fx_sales']);
    expect(installOrder(registry, 'fx_sales', new Set(['fx_master']))).toEqual(['fx_sales']);
    const diamond = createTemplateRegistry([pkg('m'), pkg('a', ['m']), pkg('b', ['m', 'a'])]);
    expect(installOrder(diamond, 'b', new Set())).toEqual(['m', 'a', 'b']);
  });

  it('refuses unknown packages and cycles', () => {
    expect(() => installOrder(registry, 'nope', new Set())).toThrow(/Unknown template package "nope"/);
    const cyclic = createTemplateRegistry([pkg('a', ['b']), pkg('b', ['a'])]);
    expect(() => installOrder(cyclic, 'a', new Set())).toThrow(/a -> b -> a/);
  });

  it('refuses a registry with a duplicate key or an unknown requirement', () => {
    expect(() => createTemplateRegistry([pkg('a'), pkg('a')])).toThrow(/registered twice/);
    expect(() => createTemplateRegistry([pkg('a', ['zz'])])).toThrow(/unknown package "zz"/);
  });
});

describe('app ids', () => {
  it('keeps free ids and remaps taken ones, never twice the same', () => {
    let n = 0;
    const ids = assignAppIds(
      ['crm', 'erp', 'master'],
      (id) => id === 'crm' || id === 'app_1',
      () => `app_${++n}`,
    );
    expect(ids).toEqual({ crm: 'app_2', erp: 'erp', master: 'master' });
  });
});

describe('rewriting a template definition', () => {
  const ids = {
    apps: { fx_master: 'app_m1', fx_sales: 'app_s1' },
    roles: { tpl_sales_rep: 'rol_r', tpl_sales_manager: 'rol_m' },
  };

  it('rewrites the app id, cross-app relations and every role audience and assignee', () => {
    const out = rewriteDefinition(fixtureSalesApp, ids);
    expect(out.id).toBe('app_s1');
    const form = out.forms[0]!;
    const relation = form.fields.find((f) => f.id === 'customer') as {
      config: { app: string; form: string };
    };
    expect(relation.config).toEqual({ app: 'app_m1', form: 'customers' });
    expect(form.permissionGroups?.[0]?.members).toEqual([{ kind: 'roles', ids: ['rol_r'] }]);
    const node = out.workflows?.[0]?.nodes.find((x) => x.id === 'mgr') as { assignees: unknown };
    expect(node.assignees).toEqual([{ kind: 'roles', ids: ['rol_m'] }]);
    // The template itself is untouched (the registry is shared by every install).
    expect((fixtureSalesApp.forms[0]!.fields[1] as { config: { app: string } }).config.app).toBe('fx_master');
    expect(validateAppDefinition(out).ok).toBe(true);
  });

  it('refuses a role key the package does not list, naming where', () => {
    expect(() => rewriteDefinition(fixtureSalesApp, { ...ids, roles: { tpl_sales_rep: 'rol_r' } })).toThrow(
      /\/workflows\/0\/nodes\/1\/assignees\/0\/ids: role "tpl_sales_manager"/,
    );
  });

  it('leaves references to apps outside the install alone and rewrites views', () => {
    const other = { ...fixtureSalesApp, id: 'x' } as AppDefinition;
    expect(rewriteDefinition(other, { apps: {}, roles: ids.roles }).id).toBe('x');
    const view = rewriteView(fixtureSales.views![0]!, ids);
    expect(view.app).toBe('app_s1');
  });
});

describe('sample values', () => {
  const resolver = {
    ref: (t: string) => ({ 'fx_master/customers#acme': 'rec_1' })[t],
    member: (k: string) => ({ rep_wang: 'usr_1' })[k],
  };

  it('resolves refs and members at any depth', () => {
    const value = {
      customer: { $ref: 'fx_master/customers#acme' },
      lines: [{ who: { $member: 'rep_wang' }, n: 2 }],
    };
    expect(resolveSampleValue(value, resolver)).toEqual({
      customer: 'rec_1',
      lines: [{ who: 'usr_1', n: 2 }],
    });
  });

  it('refuses a ref written later or an unknown member, with the path', () => {
    expect(() => resolveSampleValue({ c: { $ref: 'fx_master/customers#zz' } }, resolver)).toThrow(
      /^\/c: sample record/,
    );
    expect(() => resolveSampleValue({ o: [{ $member: 'nobody' }] }, resolver)).toThrow(
      /\/o\/0: sample user "nobody"/,
    );
  });

  it('counts the records of a sample', () => {
    const data = fixtureSales.sample!({ random: Math.random, today: '2026-06-30', locale: 'en' });
    expect(countSampleRecords(data)).toBe(3);
  });
});

describe('fixture packages', () => {
  it('validate like any stored app', () => {
    for (const p of fixturePackages)
      for (const app of p.apps) expect(validateAppDefinition(app).ok, `${p.key}/${app.id}`).toBe(true);
  });
});
