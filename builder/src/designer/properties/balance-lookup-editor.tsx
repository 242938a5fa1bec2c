import { Select, Typography } from 'antd';
import {
  aggregateKeyFits,
  type AppDefinition,
  type FieldDefinition,
  type FormDefinition,
} from '@tangram/schema';
import { pickText } from '@tangram/runtime';
import { useTranslation } from 'react-i18next';
import { Prop } from './controls';

type LookupField = Extract<FieldDefinition, { type: 'lookup' }>;
type Balance = NonNullable<LookupField['config']['balance']>;

/** The subform a field is a column of, if any. */
export function parentSubform(form: FormDefinition, fieldId: string) {
  return form.fields.find(
    (f): f is Extract<FieldDefinition, { type: 'subform' }> =>
      f.type === 'subform' && f.config.fields.some((c) => c.id === fieldId),
  );
}

/**
 * The balance part of the lookup editor (decision 0036): which aggregate table and measure, and
 * for each of its keys the field that gives the key's value — a field of the row the lookup is in,
 * or (in a subform) of the parent record. Only fields that fit the key are offered, as the server
 * checks them on save.
 */
export function BalanceLookupEditor({
  field,
  form,
  app,
  setConfig,
}: {
  field: LookupField;
  form: FormDefinition;
  app: AppDefinition;
  setConfig(patch: Record<string, unknown>, key?: string): void;
}) {
  const { t, i18n } = useTranslation('designer');
  const lang = i18n.language;
  const balance = field.config.balance;
  const aggregates = app.aggregates ?? [];
  const aggregate = aggregates.find((a) => a.id === balance?.aggregate);
  const subform = parentSubform(form, field.id);
  const rowFields = subform ? subform.config.fields : form.fields;
  const set = (next: Balance) => setConfig({ balance: next });
  if (aggregates.length === 0)
    return <Typography.Text type="secondary">{t('props.noAggregate')}</Typography.Text>;
  const choices = (key: (typeof aggregates)[number]['keys'][number]) => [
    ...rowFields
      .filter((f) => f.id !== field.id && aggregateKeyFits(key, f, app.id))
      .map((f) => ({ value: `row:${f.id}`, label: pickText(f.label, lang) })),
    ...(subform
      ? form.fields
          .filter((f) => aggregateKeyFits(key, f, app.id))
          .map((f) => ({
            value: `record:${f.id}`,
            label: t('props.balanceFromRecord', { field: pickText(f.label, lang) }),
          }))
      : []),
  ];
  return (
    <>
      <Prop label={t('props.balanceAggregate')} help={t('props.balanceHint')}>
        <Select
          value={aggregate?.id}
          data-testid="prop-balance-aggregate"
          options={aggregates.map((a) => ({ value: a.id, label: pickText(a.name, lang) }))}
          onChange={(id: string) => {
            const next = aggregates.find((a) => a.id === id)!;
            set({ aggregate: id, measure: next.measures[0]!.id, keys: {} as Balance['keys'] });
          }}
        />
      </Prop>
      {aggregate ? (
        <>
          <Prop label={t('props.balanceMeasure')}>
            <Select
              value={balance?.measure}
              data-testid="prop-balance-measure"
              options={aggregate.measures.map((m) => ({ value: m.id, label: pickText(m.label, lang) }))}
              onChange={(measure: string) => set({ ...balance!, measure })}
            />
          </Prop>
          {aggregate.keys.map((key) => {
            const ref = balance?.keys[key.id];
            return (
              <Prop key={key.id} label={t('props.balanceKey', { key: pickText(key.label, lang) })}>
                <Select
                  value={ref ? `${ref.from === 'record' ? 'record' : 'row'}:${ref.field}` : undefined}
                  data-testid={`prop-balance-key-${key.id}`}
                  options={choices(key)}
                  onChange={(v: string) => {
                    const [from, id] = v.split(/:(.*)/s) as ['row' | 'record', string];
                    set({
                      ...balance!,
                      keys: {
                        ...balance!.keys,
                        [key.id]: from === 'record' ? { field: id, from } : { field: id },
                      },
                    });
                  }}
                />
              </Prop>
            );
          })}
        </>
      ) : null}
    </>
  );
}
