import { DeleteOutlined } from '@ant-design/icons';
import { FilterEditor, pickText } from '@tangram/runtime';
import type { AggregateDefinition, AggregatePosting, AggregateSource } from '@tangram/schema';
import { Button, InputNumber, Select, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  choiceValue,
  formOf,
  keyChoices,
  parseChoice,
  postingChoices,
  subformsOf,
  type FieldChoice,
} from '../core/fields';
import { useAggregates } from '../store/context';
import { useEdit } from './use-edit';

type PostingMode = 'none' | 'field' | 'constant';
const modeOf = (p: AggregatePosting | undefined): PostingMode =>
  !p ? 'none' : 'field' in p ? 'field' : 'constant';

/** One source: its form, optional subform, a field per key, a posting per measure, its condition. */
export function SourceEditor({
  agg,
  source,
  index,
}: {
  agg: AggregateDefinition;
  source: AggregateSource;
  index: number;
}) {
  const { t, i18n } = useTranslation('aggregates');
  const lang = i18n.language;
  const app = useAggregates((s) => s.app);
  const edit = useEdit();
  const base = { aggregateId: agg.id, sourceId: source.id };
  const form = formOf(app, source.form);
  const testId = `source-${source.id}`;
  const option = (c: FieldChoice) => ({
    value: choiceValue({ field: c.field.id, from: c.from }, source),
    label:
      c.from === 'line'
        ? `${pickText(c.field.label, lang)} (${t('sources.line')})`
        : pickText(c.field.label, lang),
  });
  const numbers = postingChoices(app, source).map(option);

  const setPosting = (measureId: string, posting: AggregatePosting | null) =>
    edit({ type: 'setPosting', ...base, measureId, posting });
  const postingRow = (measureId: string) => {
    const posting = source.measures[measureId];
    const mode = modeOf(posting);
    const sign = posting?.sign ?? 1;
    return (
      <div className="tg-ag-row" key={measureId} data-testid={`${testId}-posting-${measureId}`}>
        <span className="tg-ag-label tg-ag-w120">
          {pickText(agg.measures.find((m) => m.id === measureId)?.label ?? {}, lang)}
        </span>
        <Select<PostingMode>
          className="tg-ag-w120"
          value={mode}
          aria-label={t('sources.postings')}
          options={[
            { value: 'none', label: t('sources.notPosted') },
            { value: 'field', label: t('sources.field'), disabled: numbers.length === 0 },
            { value: 'constant', label: t('sources.constant') },
          ]}
          onChange={(next) => {
            if (next === 'none') setPosting(measureId, null);
            else if (next === 'constant') setPosting(measureId, { constant: 1, sign });
            else setPosting(measureId, { ...parseChoice(String(numbers[0]!.value)), sign });
          }}
          data-testid={`${testId}-posting-${measureId}-mode`}
        />
        {posting ? (
          <Select<1 | -1>
            className="tg-ag-w120"
            value={sign}
            aria-label={t('sources.postings')}
            options={[
              { value: 1, label: t('sources.plus') },
              { value: -1, label: t('sources.minus') },
            ]}
            onChange={(s) => setPosting(measureId, { ...posting, sign: s })}
            data-testid={`${testId}-posting-${measureId}-sign`}
          />
        ) : null}
        {posting && 'field' in posting ? (
          <Select
            className="tg-ag-grow"
            value={choiceValue(posting, source)}
            aria-label={t('sources.field')}
            options={numbers}
            onChange={(v: string) => setPosting(measureId, { ...parseChoice(v), sign })}
            data-testid={`${testId}-posting-${measureId}-field`}
          />
        ) : null}
        {posting && 'constant' in posting ? (
          <InputNumber
            className="tg-ag-w120"
            value={posting.constant}
            min={-1e9}
            max={1e9}
            aria-label={t('sources.constant')}
            onChange={(v) => typeof v === 'number' && setPosting(measureId, { constant: v, sign })}
          />
        ) : null}
      </div>
    );
  };

  return (
    <div className="tg-ag-source" data-testid={testId}>
      <div className="tg-ag-row">
        <Typography.Text strong className="tg-ag-grow">
          {t('sources.title1', { n: index + 1, form: form ? pickText(form.name, lang) : source.form })}
        </Typography.Text>
        <Tooltip title={t('sources.remove')}>
          <Button
            type="text"
            danger
            icon={<DeleteOutlined />}
            aria-label={t('sources.remove')}
            onClick={() => edit({ type: 'removeSource', ...base })}
          />
        </Tooltip>
      </div>
      <div className="tg-ag-row">
        <span className="tg-ag-label tg-ag-w120">{t('sources.form')}</span>
        <Select
          className="tg-ag-grow"
          value={source.form}
          aria-label={t('sources.form')}
          options={app.forms.map((f) => ({ value: f.id, label: pickText(f.name, lang) }))}
          onChange={(v: string) => edit({ type: 'setSourceForm', ...base, form: v })}
          data-testid={`${testId}-form`}
        />
      </div>
      {form && subformsOf(form).length ? (
        <div className="tg-ag-row">
          <span className="tg-ag-label tg-ag-w120">{t('sources.subform')}</span>
          <Select
            className="tg-ag-grow"
            value={source.subform ?? ''}
            aria-label={t('sources.subform')}
            options={[
              { value: '', label: t('sources.wholeRecord') },
              ...subformsOf(form).map((f) => ({ value: f.id, label: pickText(f.label, lang) })),
            ]}
            onChange={(v: string) => edit({ type: 'setSourceSubform', ...base, subform: v || null })}
            data-testid={`${testId}-subform`}
          />
        </div>
      ) : null}
      <Typography.Text type="secondary" className="tg-ag-sub">
        {t('sources.keys')}
      </Typography.Text>
      {agg.keys.map((key) => {
        const options = keyChoices(app, source, key).map(option);
        const ref = source.keys[key.id];
        return (
          <div className="tg-ag-row" key={key.id}>
            <span className="tg-ag-label tg-ag-w120">{pickText(key.label, lang)}</span>
            <Select
              className="tg-ag-grow"
              value={ref ? choiceValue(ref, source) : undefined}
              placeholder={options.length ? t('sources.pickField') : t('sources.noFields')}
              status={ref ? undefined : 'warning'}
              aria-label={pickText(key.label, lang)}
              options={options}
              onChange={(v: string) => edit({ type: 'mapKey', ...base, keyId: key.id, ref: parseChoice(v) })}
              data-testid={`${testId}-key-${key.id}`}
            />
          </div>
        );
      })}
      <Typography.Text type="secondary" className="tg-ag-sub">
        {t('sources.postings')}
      </Typography.Text>
      {agg.measures.map((m) => postingRow(m.id))}
      <Typography.Text type="secondary" className="tg-ag-sub">
        {t('sources.when')}
      </Typography.Text>
      {form ? (
        source.when ? (
          <>
            <FilterEditor
              form={form}
              value={source.when}
              onChange={(when) => edit({ type: 'setWhen', ...base, when: when ?? null })}
              testId={`${testId}-when`}
            />
            <Button size="small" type="link" onClick={() => edit({ type: 'setWhen', ...base, when: null })}>
              {t('sources.clearWhen')}
            </Button>
          </>
        ) : (
          <div>
            <Typography.Paragraph type="secondary" className="tg-ag-hint">
              {t('sources.whenHint')}
            </Typography.Paragraph>
            <WhenStarter
              form={form}
              onChange={(when) => edit({ type: 'setWhen', ...base, when })}
              testId={testId}
            />
          </div>
        )
      ) : null}
    </div>
  );
}

/**
 * "Add a condition" opens the filter builder on an empty group; nothing is stored until the first
 * condition is complete (an empty group would mean "always", the same as no condition).
 */
function WhenStarter({
  form,
  onChange,
  testId,
}: {
  form: NonNullable<ReturnType<typeof formOf>>;
  onChange(when: NonNullable<AggregateSource['when']>): void;
  testId: string;
}) {
  const { t } = useTranslation('aggregates');
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <Button size="small" onClick={() => setOpen(true)} data-testid={`${testId}-when-add`}>
        {t('sources.addWhen')}
      </Button>
    );
  return (
    <FilterEditor
      form={form}
      value={undefined}
      onChange={(when) => when && onChange(when)}
      testId={`${testId}-when`}
    />
  );
}
