// @vitest-environment happy-dom
/**
 * A relation picker names the records it holds, never by their raw ids (decision 0035): from the
 * loaded record's `display` on the first paint (a target in another app, a subform column), from
 * the choices page's `titles` once it loads, and with a loading placeholder while the server names
 * a record nothing named yet.
 */
import { act, cleanup, render, waitFor } from '@testing-library/react';
import type { AppDefinition, TangramClient } from '@tangram/client';
import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/i18n';
import { FormRenderer } from '../../src/form';
import { columnDisplay, pickerOptions, titleLabels } from '../../src/form/core/relation-labels';

const l = (en: string) => ({ en, 'zh-CN': en });
const ACME = '01jz8m2q7k3v9x4b6n0c5d1e2f';
const DRILL = '01jz8m2q7k3v9x4b6n0c5d1e3g';
const LATER = '01jz8m2q7k3v9x4b6n0c5d1e4h';

describe('relation labels', () => {
  it("keys a subform's relation columns by column id", () => {
    const display = {
      customer: { [ACME]: 'Acme' },
      'lines.product': { [DRILL]: 'Drill' },
      'lines2.product': { [LATER]: 'Other' },
    };
    expect(columnDisplay(display, 'lines')).toEqual({ product: { [DRILL]: 'Drill' } });
    expect(columnDisplay(undefined, 'lines')).toEqual({});
  });

  it('names a record the reader may not see "no access"', () => {
    expect(titleLabels({ [ACME]: 'Acme', [DRILL]: null }, 'No access')).toEqual({
      [ACME]: 'Acme',
      [DRILL]: 'No access',
    });
  });

  it('gives every held record an option, a placeholder while its title loads', () => {
    const choices = [{ value: DRILL, label: 'Drill' }];
    expect(pickerOptions(choices, [DRILL, ACME, LATER], { [ACME]: 'Acme' }, 'Loading…')).toEqual([
      { value: DRILL, label: 'Drill' },
      { value: ACME, label: 'Acme' },
      { value: LATER, label: 'Loading…' },
    ]);
  });
});

/** An order of app `erp` linking customers and products of app `master` (no definitions here). */
const order: FormDefinition = {
  id: 'orders',
  name: l('Orders'),
  fields: [
    { id: 'customer', type: 'relation', label: l('Customer'), config: { app: 'master', form: 'customers' } },
    {
      id: 'lines',
      type: 'subform',
      label: l('Lines'),
      config: {
        fields: [
          {
            id: 'product',
            type: 'relation',
            label: l('Product'),
            config: { app: 'master', form: 'products' },
          },
        ],
      },
    },
  ] as FieldDefinition[],
};
const app = { id: 'erp', name: l('ERP'), formatVersion: 2, forms: [order] } as unknown as AppDefinition;

function renderOrder(client: Partial<TangramClient['records']>, data: Record<string, unknown>, display = {}) {
  return render(
    <I18nextProvider i18n={createI18n({ language: 'en' })}>
      <FormRenderer
        app={app}
        form={order}
        mode="edit"
        initial={data}
        display={display}
        client={{ records: client } as unknown as TangramClient}
        onSubmit={async () => undefined}
      />
    </I18nextProvider>,
  );
}

const never = () => new Promise<never>(() => undefined);
const shownText = () => document.body.textContent ?? '';

describe('relation picker in edit mode', () => {
  afterEach(cleanup);

  it("shows another app's titles from the record's display at first paint, and after the choices load", async () => {
    let answer: ((page: unknown) => void) | undefined;
    const choices = (_ref: unknown, fieldId: string) =>
      fieldId === 'customer' ? new Promise((resolve) => (answer = resolve)) : never();
    renderOrder(
      { choices: choices as never, relationTitles: never },
      { customer: ACME, lines: [{ product: DRILL }] },
      { customer: { [ACME]: 'Acme Trading' }, 'lines.product': { [DRILL]: 'Impact drill' } },
    );
    expect(shownText()).toContain('Acme Trading');
    expect(shownText()).toContain('Impact drill');
    expect(shownText()).not.toContain(ACME);
    expect(shownText()).not.toContain(DRILL);
    // The choices page names the records of another app through its `titles`.
    await waitFor(() => expect(answer).toBeDefined());
    await act(async () =>
      answer!({
        items: [{ id: ACME, version: 1, data: { name: 'Acme Trading' } }],
        nextCursor: null,
        titles: { [ACME]: 'Acme Trading' },
      }),
    );
    expect(shownText()).toContain('Acme Trading');
    expect(shownText()).not.toContain(ACME);
  });

  it('shows a placeholder, then the server title, for a record nothing named yet', async () => {
    let answer: (titles: Record<string, string | null>) => void = () => undefined;
    const asked: string[][] = [];
    renderOrder(
      {
        choices: never as never,
        relationTitles: ((_ref: unknown, _field: string, ids: string[]) => {
          asked.push(ids);
          return new Promise((resolve) => (answer = resolve));
        }) as never,
      },
      { customer: LATER },
    );
    expect(shownText()).toContain('Loading…');
    expect(shownText()).not.toContain(LATER);
    await act(async () => answer({ [LATER]: 'Later Ltd' }));
    expect(shownText()).toContain('Later Ltd');
    expect(asked).toEqual([[LATER]]);
  });
});
