import type { AutomationActionOutcome } from '@tangram/client';
import { pickText } from '@tangram/runtime';
import type { AppDefinition } from '@tangram/schema';
import { Alert, Descriptions, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgDirectory } from '../../workflow/directory';
import { subformColumns } from '../core/kinds';
import { outcomeView } from '../core/outcome';
import { JsonBlock } from './controls';

/** Where `id` sits in `ids` (not there: after all of them). */
const placeOf = (ids: readonly string[], id: string) => {
  const at = ids.indexOf(id);
  return at < 0 ? ids.length : at;
};

/** A record's values in the order of its form's fields (what the form shows), others after. */
const inFormOrder = (data: Record<string, unknown>, ids: readonly string[] = []) =>
  Object.entries(data).sort(([a], [b]) => placeOf(ids, a) - placeOf(ids, b));

const show = (v: unknown): string =>
  v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** One action's outcome: the records it wrote (with their values), whom it notified, what it sent. */
export function ActionOutcome({
  app,
  outcome,
  label,
  directory,
  testId,
}: {
  app: AppDefinition;
  outcome: AutomationActionOutcome;
  label: string;
  directory: OrgDirectory;
  testId: string;
}) {
  const { t, i18n } = useTranslation('automations');
  const lang = i18n.language;
  const view = outcomeView(outcome.result);
  const formOf = (formId: string) => app.forms.find((f) => f.id === formId);
  const fieldOf = (formId: string, fieldId: string) => formOf(formId)?.fields.find((f) => f.id === fieldId);
  const fieldLabel = (formId: string, fieldId: string) =>
    pickText(fieldOf(formId, fieldId)?.label, lang) || fieldId;
  const columnLabel = (formId: string, fieldId: string, col: string) =>
    pickText(subformColumns(fieldOf(formId, fieldId)).find((c) => c.id === col)?.label, lang) || col;
  return (
    <div className="tg-ad-outcome" data-testid={testId}>
      <div className="tg-ad-outcome-head">
        <Tag color={outcome.status === 'succeeded' ? 'green' : 'red'} bordered={false}>
          {t(`runs.status.${outcome.status}`)}
        </Tag>
        <Typography.Text strong>{label}</Typography.Text>
        {outcome.reused ? <Tag bordered={false}>{t('runs.reused')}</Tag> : null}
      </div>
      {outcome.error ? (
        <Alert
          type="error"
          showIcon
          title={outcome.error.message}
          description={outcome.error.details ? <JsonBlock value={outcome.error.details} /> : undefined}
          data-testid={`${testId}-error`}
        />
      ) : null}
      {view.records.map((r, i) => (
        <div key={`${r.verb}-${r.id}-${i}`} className="tg-ad-written" data-testid={`${testId}-record`}>
          <Typography.Text>
            {t(`outcome.${r.verb}`, { form: pickText(formOf(r.formId)?.name, lang) || r.formId })}
          </Typography.Text>
          {r.data ? (
            <Descriptions
              size="small"
              column={1}
              bordered
              styles={{ label: { width: 140 } }}
              items={inFormOrder(
                r.data,
                formOf(r.formId)?.fields.map((f) => f.id),
              ).map(([k, v]) => ({
                key: k,
                label: fieldLabel(r.formId, k),
                children: Array.isArray(v) ? (
                  <RowsTable
                    rows={v}
                    label={(col) => columnLabel(r.formId, k, col)}
                    order={(col) =>
                      placeOf(
                        subformColumns(fieldOf(r.formId, k)).map((c) => c.id),
                        col,
                      )
                    }
                  />
                ) : (
                  show(v)
                ),
              }))}
            />
          ) : null}
        </div>
      ))}
      {view.notified.length ? (
        <Typography.Text>
          {t('outcome.notified', { names: view.notified.map((id) => directory.userName(id)).join(', ') })}
        </Typography.Text>
      ) : null}
      {view.webhook ? (
        <>
          <Typography.Text>
            {t('outcome.webhook', { method: view.webhook.method, url: view.webhook.url })}
          </Typography.Text>
          <JsonBlock value={safeJson(view.webhook.body)} />
        </>
      ) : null}
      {Object.keys(view.other).length ? <JsonBlock value={view.other} /> : null}
    </div>
  );
}

/** Subform rows as a small table (row ids left out: they mean nothing to the reader). */
function RowsTable({
  rows,
  label,
  order,
}: {
  rows: unknown[];
  label(col: string): string;
  /** A column's place in the subform (unknown columns last). */
  order(col: string): number;
}) {
  const { t } = useTranslation('automations');
  const objects = rows.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null);
  if (!objects.length) return <Typography.Text>{t('outcome.rows', { count: rows.length })}</Typography.Text>;
  const cols = [...new Set(objects.flatMap((r) => Object.keys(r)))].filter((c) => c !== 'id');
  cols.sort((a, b) => order(a) - order(b));
  return (
    <Table
      size="small"
      pagination={false}
      rowKey={(_, i) => String(i)}
      dataSource={objects}
      columns={cols.map((c) => ({
        key: c,
        title: label(c),
        render: (_: unknown, r: Record<string, unknown>) => show(r[c]),
      }))}
      data-testid="outcome-rows"
    />
  );
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};
