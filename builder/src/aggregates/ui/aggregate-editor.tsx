import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { pickText } from '@tangram/runtime';
import type { AggregateDefinition, AggregateRule } from '@tangram/schema';
import { Alert, Button, Input, InputNumber, Select, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AGGREGATE_LIMITS } from '../core/commands';
import { gapsOf } from '../core/fields';
import { selectAggregate, useAggregates } from '../store/context';
import { RebuildButton } from './rebuild-button';
import { SourceEditor } from './source-editor';
import { textIn, useEdit, withText } from './use-edit';

function Section({
  title,
  hint,
  extra,
  children,
  testId,
}: {
  title: string;
  hint?: string;
  extra?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section className="tg-ag-section" data-testid={testId}>
      <div className="tg-ag-section-head">
        <Typography.Text strong>{title}</Typography.Text>
        {extra}
      </div>
      {hint ? (
        <Typography.Paragraph type="secondary" className="tg-ag-hint">
          {hint}
        </Typography.Paragraph>
      ) : null}
      {children}
    </section>
  );
}

function KeysSection({ agg }: { agg: AggregateDefinition }) {
  const { t, i18n } = useTranslation('aggregates');
  const lang = i18n.language;
  const forms = useAggregates((s) => s.app.forms);
  const edit = useEdit();
  const base = { aggregateId: agg.id };
  const formOptions = forms.map((f) => ({ value: f.id, label: pickText(f.name, lang) }));
  const newLabel = (n: number) => ({
    'zh-CN': i18n.getFixedT('zh-CN', 'aggregates')('keys.newLabel', { n }),
    en: i18n.getFixedT('en', 'aggregates')('keys.newLabel', { n }),
  });
  return (
    <Section
      title={t('keys.title')}
      hint={t('keys.hint')}
      testId="aggregate-keys"
      extra={
        <Button
          size="small"
          icon={<PlusOutlined />}
          disabled={agg.keys.length >= AGGREGATE_LIMITS.keys || forms.length === 0}
          onClick={() =>
            edit({ type: 'addKey', ...base, label: newLabel(agg.keys.length + 1), form: forms[0]?.id })
          }
          data-testid="key-add"
        >
          {t('keys.add')}
        </Button>
      }
    >
      {agg.keys.map((key) => (
        <div className="tg-ag-row" key={key.id} data-testid={`key-${key.id}`}>
          <Input
            className="tg-ag-grow"
            value={textIn(key.label, lang)}
            aria-label={t('keys.label')}
            maxLength={200}
            onChange={(e) => {
              const label = withText(key.label, lang, e.target.value);
              if (label)
                edit(
                  { type: 'updateKey', ...base, keyId: key.id, patch: { label } },
                  { coalesceKey: `key:${key.id}` },
                );
            }}
            data-testid={`key-${key.id}-label`}
          />
          <Select
            className="tg-ag-w120"
            value={key.type}
            aria-label={t('keys.type')}
            options={[
              { value: 'record', label: t('keys.record') },
              { value: 'text', label: t('keys.text') },
            ]}
            onChange={(type) => edit({ type: 'updateKey', ...base, keyId: key.id, patch: { type } })}
            data-testid={`key-${key.id}-type`}
          />
          {key.type === 'record' ? (
            <Select
              className="tg-ag-w180"
              value={key.form}
              aria-label={t('keys.form')}
              placeholder={t('keys.form')}
              options={formOptions}
              onChange={(form: string) =>
                edit({ type: 'updateKey', ...base, keyId: key.id, patch: { form } })
              }
              data-testid={`key-${key.id}-form`}
            />
          ) : null}
          <Tooltip title={t('keys.remove')}>
            <Button
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('keys.remove')}
              onClick={() => edit({ type: 'removeKey', ...base, keyId: key.id })}
            />
          </Tooltip>
        </div>
      ))}
    </Section>
  );
}

function MeasuresSection({ agg }: { agg: AggregateDefinition }) {
  const { t, i18n } = useTranslation('aggregates');
  const lang = i18n.language;
  const edit = useEdit();
  const base = { aggregateId: agg.id };
  const newLabel = (n: number) => ({
    'zh-CN': i18n.getFixedT('zh-CN', 'aggregates')('measures.newLabel', { n }),
    en: i18n.getFixedT('en', 'aggregates')('measures.newLabel', { n }),
  });
  return (
    <Section
      title={t('measures.title')}
      hint={t('measures.hint')}
      testId="aggregate-measures"
      extra={
        <Button
          size="small"
          icon={<PlusOutlined />}
          disabled={agg.measures.length >= AGGREGATE_LIMITS.measures}
          onClick={() => edit({ type: 'addMeasure', ...base, label: newLabel(agg.measures.length + 1) })}
          data-testid="measure-add"
        >
          {t('measures.add')}
        </Button>
      }
    >
      {agg.measures.map((m) => (
        <div className="tg-ag-row" key={m.id} data-testid={`measure-${m.id}`}>
          <Input
            className="tg-ag-grow"
            value={textIn(m.label, lang)}
            aria-label={t('measures.label')}
            maxLength={200}
            onChange={(e) => {
              const label = withText(m.label, lang, e.target.value);
              if (label)
                edit(
                  { type: 'updateMeasure', ...base, measureId: m.id, patch: { label } },
                  { coalesceKey: `measure:${m.id}` },
                );
            }}
            data-testid={`measure-${m.id}-label`}
          />
          <span className="tg-ag-label">{t('measures.decimals')}</span>
          <InputNumber
            className="tg-ag-w80"
            min={0}
            max={10}
            precision={0}
            value={m.decimals}
            aria-label={t('measures.decimals')}
            onChange={(v) =>
              typeof v === 'number' &&
              edit({ type: 'updateMeasure', ...base, measureId: m.id, patch: { decimals: v } })
            }
            data-testid={`measure-${m.id}-decimals`}
          />
          <Tooltip title={t('measures.remove')}>
            <Button
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('measures.remove')}
              disabled={agg.measures.length <= 1}
              onClick={() => edit({ type: 'removeMeasure', ...base, measureId: m.id })}
            />
          </Tooltip>
        </div>
      ))}
    </Section>
  );
}

const OPS: AggregateRule['op'][] = ['>=', '>', '<=', '<'];

function RulesSection({ agg }: { agg: AggregateDefinition }) {
  const { t, i18n } = useTranslation('aggregates');
  const lang = i18n.language;
  const edit = useEdit();
  const base = { aggregateId: agg.id };
  const rules = agg.rules ?? [];
  const measureOptions = agg.measures.map((m) => ({ value: m.id, label: pickText(m.label, lang) }));
  return (
    <Section
      title={t('rules.title')}
      hint={t('rules.hint')}
      testId="aggregate-rules"
      extra={
        <Button
          size="small"
          icon={<PlusOutlined />}
          disabled={rules.length >= AGGREGATE_LIMITS.rules || agg.measures.length === 0}
          onClick={() => edit({ type: 'addRule', ...base, measureId: agg.measures[0]!.id })}
          data-testid="rule-add"
        >
          {t('rules.add')}
        </Button>
      }
    >
      {rules.length === 0 ? <Typography.Text type="secondary">{t('rules.none')}</Typography.Text> : null}
      {rules.map((rule, index) => (
        <div className="tg-ag-rule" key={index} data-testid={`rule-${index}`}>
          <div className="tg-ag-row">
            <Select
              className="tg-ag-w180"
              value={rule.measure}
              aria-label={t('rules.measure')}
              options={measureOptions}
              onChange={(measure: string) => edit({ type: 'updateRule', ...base, index, patch: { measure } })}
            />
            <Select
              className="tg-ag-w150"
              value={rule.op}
              aria-label={t('rules.op')}
              options={OPS.map((op) => ({ value: op, label: t(`ops.${op}`) }))}
              onChange={(op) => edit({ type: 'updateRule', ...base, index, patch: { op } })}
              data-testid={`rule-${index}-op`}
            />
            <InputNumber
              className="tg-ag-w120"
              value={rule.value}
              aria-label={t('rules.value')}
              min={-1e12}
              max={1e12}
              onChange={(v) =>
                typeof v === 'number' && edit({ type: 'updateRule', ...base, index, patch: { value: v } })
              }
              data-testid={`rule-${index}-value`}
            />
            <Tooltip title={t('rules.remove')}>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('rules.remove')}
                onClick={() => edit({ type: 'removeRule', ...base, index })}
              />
            </Tooltip>
          </div>
          <Input
            value={rule.message ? textIn(rule.message, lang) : ''}
            placeholder={t('rules.message')}
            aria-label={t('rules.message')}
            maxLength={500}
            onChange={(e) =>
              edit(
                {
                  type: 'updateRule',
                  ...base,
                  index,
                  patch: { message: withText(rule.message ?? {}, lang, e.target.value) ?? {} },
                },
                { coalesceKey: `rule:${index}:message` },
              )
            }
            data-testid={`rule-${index}-message`}
          />
        </div>
      ))}
    </Section>
  );
}

/** What still keeps the aggregate from saving, said before the server says it. */
function Gaps({ agg }: { agg: AggregateDefinition }) {
  const { t, i18n } = useTranslation('aggregates');
  const gaps = gapsOf(agg);
  if (!gaps.length) return null;
  const sourceNo = (id?: string) => String(agg.sources.findIndex((s) => s.id === id) + 1);
  const keyName = (id?: string) => pickText(agg.keys.find((k) => k.id === id)?.label ?? {}, i18n.language);
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="aggregate-gaps"
      title={t('gaps.title')}
      description={
        <ul className="tg-ag-gaps">
          {gaps.map((g, i) => (
            <li key={i}>{t(`gaps.${g.code}`, { source: sourceNo(g.sourceId), key: keyName(g.keyId) })}</li>
          ))}
        </ul>
      }
    />
  );
}

/** The server's refusal of the last save, each detail with its path into the definition. */
function Issues() {
  const { t } = useTranslation('aggregates');
  const issues = useAggregates((s) => s.issues);
  if (!issues.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="aggregate-issues"
      title={t('issues')}
      description={
        <ul className="tg-ag-gaps">
          {issues.map((d, i) => (
            <li key={i} data-code={d.code}>
              <code>{d.path}</code> {d.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** The selected aggregate: name, keys, measures, sources, rules, and its rebuild. */
export function AggregateEditor() {
  const { t, i18n } = useTranslation('aggregates');
  const agg = useAggregates(selectAggregate);
  const edit = useEdit();
  if (!agg) return <Issues />;
  const lang = i18n.language;
  return (
    <div className="tg-ag-editor" data-testid="aggregate-editor" key={agg.id}>
      <Issues />
      <Gaps agg={agg} />
      <Section title={t('name')} extra={<RebuildButton aggregateId={agg.id} />}>
        <Input
          value={textIn(agg.name, lang)}
          aria-label={t('name')}
          maxLength={200}
          onChange={(e) => {
            const name = withText(agg.name, lang, e.target.value);
            if (name)
              edit({ type: 'renameAggregate', aggregateId: agg.id, name }, { coalesceKey: `name:${agg.id}` });
          }}
          data-testid="aggregate-name"
        />
      </Section>
      <KeysSection agg={agg} />
      <MeasuresSection agg={agg} />
      <SourcesSection agg={agg} />
      <RulesSection agg={agg} />
    </div>
  );
}

function SourcesSection({ agg }: { agg: AggregateDefinition }) {
  const { t } = useTranslation('aggregates');
  const forms = useAggregates((s) => s.app.forms);
  const edit = useEdit();
  return (
    <Section
      title={t('sources.title')}
      hint={t('sources.hint')}
      testId="aggregate-sources"
      extra={
        <Button
          size="small"
          icon={<PlusOutlined />}
          disabled={agg.sources.length >= AGGREGATE_LIMITS.sources || forms.length === 0}
          onClick={() => edit({ type: 'addSource', aggregateId: agg.id, form: forms[0]!.id })}
          data-testid="source-add"
        >
          {t('sources.add')}
        </Button>
      }
    >
      {agg.sources.map((source, i) => (
        <SourceEditor key={source.id} agg={agg} source={source} index={i} />
      ))}
    </Section>
  );
}
