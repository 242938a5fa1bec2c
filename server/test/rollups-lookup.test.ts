/**
 * The rollup look-up of the read door (decision 0053): the registry is read once per request, so a
 * dashboard's widgets share it, and each spec's fingerprint is worked out once per app version.
 */
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import type { FormContext } from '../src/apps/app-cache';
import type { Db } from '../src/db/db';
import { requestMemo } from '../src/db/request-memo';
import type { RollupSpec } from '../src/rollups/spec';
import { currentRollups, fingerprintOf } from '../src/rollups/store';

function context(amountColumn: string): FormContext {
  return {
    orgId: 'o1',
    app: { id: 'shop' },
    form: {
      id: 'orders',
      fields: [{ id: 'amount', type: 'number', label: { en: 'Amount' }, config: { precision: 2 } }],
    },
    table: { table: 't_orders', columns: new Map([['amount', { column: amountColumn }]]) },
  } as unknown as FormContext;
}

const spec: RollupSpec = { date: null, keys: [], measures: ['amount'] };

/** A registry holding one rollup built for `built`, counting the statements it answers. */
function registry(built: FormContext) {
  const db = {
    statements: 0,
    async query() {
      db.statements++;
      return {
        rows: [
          {
            id: '7',
            spec,
            fingerprint: fingerprintOf(built, spec),
            records: '3',
            cells: '1',
            built_at: new Date(),
          },
        ],
        rowCount: 1,
      };
    },
  };
  return db;
}

/** Runs `fn` inside one request's memo, as the HTTP pipeline does. */
const inRequest = <T>(fn: () => Promise<T>) =>
  new Promise<T>((resolve, reject) =>
    requestMemo({} as Request, {} as Response, () => void fn().then(resolve, reject)),
  );

describe('rollup look-up', () => {
  it('reads the registry once per request, and again in the next one', async () => {
    const ctx = context('c_amount');
    const db = registry(ctx);
    const widgets = await inRequest(() =>
      Promise.all([1, 2, 3].map(() => currentRollups(db as unknown as Db, ctx))),
    );
    expect(widgets.map((w) => w.map((r) => r.id))).toEqual([['7'], ['7'], ['7']]);
    expect(db.statements).toBe(1);
    await inRequest(() => currentRollups(db as unknown as Db, ctx));
    expect(db.statements).toBe(2);
  });

  it('leaves out a rollup built for other columns (a later app version)', async () => {
    const db = registry(context('c_amount_old'));
    expect(await currentRollups(db as unknown as Db, context('c_amount'))).toEqual([]);
  });

  it('works a fingerprint out once per form context, i.e. per app version', () => {
    const v1 = context('c_amount');
    expect(fingerprintOf(v1, spec)).toBe(fingerprintOf(v1, spec));
    // The cache is keyed by the context: a new version with a changed column gets its own answer.
    const v2 = context('c_amount_2');
    expect(fingerprintOf(v2, spec)).not.toBe(fingerprintOf(v1, spec));
    (v1.table.columns as Map<string, { column: string }>).set('amount', { column: 'changed' });
    expect(fingerprintOf(v1, spec)).not.toContain('changed');
  });
});
