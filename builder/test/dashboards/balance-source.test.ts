import { describe, expect, it } from 'vitest';
import type { Dashboard } from '@tangram/schema';
import {
  applyDashboardCommand,
  DashboardCommandError,
  type DashboardCommand,
} from '../../src/dashboards/dashboard-commands';

const base: Dashboard = { id: 'd', name: { en: 'D' }, widgets: [] };
const run = (d: Dashboard, ...commands: DashboardCommand[]) =>
  commands.reduce((acc, c) => applyDashboardCommand(acc, c), d);

describe("a balances widget's having and key filter (decision 0051)", () => {
  it('sets, changes and removes them on the source, keeping the aggregate', () => {
    let d = run(base, { kind: 'addWidget', type: 'bar', form: undefined, aggregate: 'stock', id: 'w' });
    d = run(d, {
      kind: 'setBalanceSource',
      id: 'w',
      patch: { having: { measure: 'qty', op: 'lt', key: 'product', field: 'reorder_point' } },
    });
    const filter = {
      kind: 'cmp',
      field: 'due_on',
      op: 'gte',
      value: { dynamic: 'lastNDays', n: 30 },
    } as const;
    d = run(d, { kind: 'setBalanceSource', id: 'w', patch: { keyFilter: { key: 'invoice', filter } } });
    expect(d.widgets[0]).toMatchObject({
      source: {
        aggregate: 'stock',
        having: { measure: 'qty', op: 'lt', key: 'product', field: 'reorder_point' },
        keyFilter: { key: 'invoice', filter },
      },
    });
    d = run(d, { kind: 'setBalanceSource', id: 'w', patch: { having: undefined, keyFilter: undefined } });
    expect((d.widgets[0] as { source: unknown }).source).toEqual({ aggregate: 'stock' });
  });

  it('refuses them on a widget over a form', () => {
    const d = run(base, { kind: 'addWidget', type: 'bar', form: 'orders', id: 'w' });
    expect(() =>
      run(d, {
        kind: 'setBalanceSource',
        id: 'w',
        patch: { having: { measure: 'qty', op: 'lt', value: 1 } },
      }),
    ).toThrow(DashboardCommandError);
  });
});
