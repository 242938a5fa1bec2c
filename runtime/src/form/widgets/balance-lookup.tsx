import { Typography } from 'antd';
import type { FieldDefinition } from '@tangram/schema';
import { createContext, useContext, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useFormEnv } from '../react/form-context';
import type { WidgetProps } from './widget';

type Row = Record<string, unknown>;

/** The values of the subform row a cell widget renders in (undefined outside a subform). */
export const SubformRowContext = createContext<Row | undefined>(undefined);

type BalanceField = Extract<FieldDefinition, { type: 'lookup' }>;

/**
 * A balance lookup (decision 0036), e.g. available stock on an order line: the server reads the
 * aggregate's balance for the key fields of this row (and of the record) as the user picks them,
 * and answers exact decimal text with the measure's places. Nothing is summed in the browser and
 * nothing is saved with the record: the value is the balance now.
 */
export function BalanceLookupWidget({ field, id }: WidgetProps<'lookup'>) {
  const { client, app, formId, texts, store } = useFormEnv();
  const row = useContext(SubformRowContext);
  const keys = Object.values((field as BalanceField).config.balance?.keys ?? {}).filter(
    (k): k is { field: string; from?: 'row' | 'record' } => k !== undefined,
  );
  // The record's key fields, serialised so that unrelated edits do not re-render.
  const recordKeys = useStore(store, (s) =>
    JSON.stringify(
      Object.fromEntries(
        keys
          .filter((k) => row === undefined || k.from === 'record')
          .map((k) => [k.field, s.values[k.field] ?? null]),
      ),
    ),
  );
  const rowKeys = JSON.stringify(
    row === undefined
      ? {}
      : Object.fromEntries(
          keys.filter((k) => k.from !== 'record').map((k) => [k.field, row[k.field] ?? null]),
        ),
  );
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    if (!client) return;
    let live = true;
    const timer = setTimeout(() => {
      const data = JSON.parse(recordKeys) as Row;
      client.records
        .balance(
          { appId: app.id, formId },
          field.id,
          data,
          row === undefined ? undefined : (JSON.parse(rowKeys) as Row),
        )
        .then((r) => live && setText(r.text))
        .catch(() => live && setText(null));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `row` itself changes identity on every edit of the row; its key values are in rowKeys.
  }, [client, app.id, formId, field.id, recordKeys, rowKeys]);
  return (
    <div id={id} className="tg-readonly-value" data-testid={`balance-${field.id}`} aria-live="polite">
      {text ?? <Typography.Text type="secondary">{texts.computed}</Typography.Text>}
    </div>
  );
}
