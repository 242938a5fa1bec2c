/**
 * The import wizard (decision 0040): upload -> sheet and header row -> column mapping -> dry run
 * report -> import with progress. Every step is an API call; the job lives on the server, so
 * closing the wizard does not stop a running import.
 */
import { InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Modal,
  Progress,
  Radio,
  Select,
  Space,
  Spin,
  Steps,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormDefinition, ImportJob, ImportSettings } from '@tangram/client';
import { pickText } from '../../core/i18n-text';
import { useClient } from '../../react/context';
import { useImportTexts } from '../texts';
import { ImportStyles } from './styles';
import {
  STEPS,
  columnTarget,
  errorText,
  fill,
  headersOf,
  isActive,
  keyCandidates,
  mapColumn,
  mapsSubform,
  samplesOf,
  targetKey,
  timeLeft,
  type WizardStep,
} from '../core/wizard';

export interface ImportWizardProps {
  appId: string;
  form: FormDefinition;
  open: boolean;
  onClose(): void;
  /** Records were written: the table should read again. */
  onImported(): void;
}

const POLL_MS = 600;

export function ImportWizard({ appId, form, open, onClose, onImported }: ImportWizardProps) {
  const client = useClient();
  const { tx, lang } = useImportTexts();
  const ref = { appId, formId: form.id };
  const [step, setStep] = useState<WizardStep>('upload');
  const [job, setJob] = useState<ImportJob | null>(null);
  const [settings, setSettings] = useState<ImportSettings | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const reset = () => {
    setStep('upload');
    setJob(null);
    setSettings(null);
    setError(null);
  };

  const fail = (e: unknown) => setError(errorText(e, tx));

  // Follow a queued or running job until it settles.
  const follow = useCallback(
    (current: ImportJob) => {
      if (timer.current) clearTimeout(timer.current);
      if (!isActive(current)) return;
      timer.current = setTimeout(() => {
        client.imports
          .get(ref, current.id, lang)
          .then((next) => {
            setJob(next);
            if (next.status === 'done' || (next.status === 'cancelled' && next.created + next.updated > 0))
              onImported();
            follow(next);
          })
          .catch(fail);
      }, POLL_MS);
    },
    [client, appId, form.id, lang],
  );
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const upload = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      let created = await client.imports.upload(ref, file, file.name, lang);
      // A large workbook is still being read when the upload is answered: wait for it.
      while (created.status === 'reading') {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        created = await client.imports.get(ref, created.id, lang);
      }
      if (created.errorCode) throw { code: created.errorCode, message: created.message };
      setJob(created);
      setSettings(created.suggestion);
      setStep('sheet');
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const save = async (): Promise<ImportJob | null> => {
    if (!job || !settings) return null;
    setBusy(true);
    setError(null);
    try {
      const saved = await client.imports.configure(ref, job.id, settings, lang);
      setJob(saved);
      return saved;
    } catch (e) {
      fail(e);
      return null;
    } finally {
      setBusy(false);
    }
  };

  const start = async (what: 'dryRun' | 'run') => {
    if (!job) return;
    setBusy(true);
    setError(null);
    try {
      const started = await client.imports[what](ref, job.id, lang);
      setJob(started);
      setStep(what === 'run' ? 'run' : 'check');
      follow(started);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    if (!job) return;
    try {
      const { blob, filename } = await client.imports.errorReport(ref, job.id, lang);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename ?? 'errors.xlsx';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      fail(e);
    }
  };

  const close = () => {
    if (timer.current) clearTimeout(timer.current);
    reset();
    onClose();
  };

  const stepIndex = STEPS.indexOf(step);
  return (
    <Modal
      open={open}
      title={tx.title}
      onCancel={close}
      footer={null}
      width={920}
      destroyOnHidden
      data-testid="import-wizard"
      className="tg-import-wizard"
    >
      <ImportStyles />
      <Steps
        size="small"
        current={stepIndex}
        items={STEPS.map((s) => ({ title: tx.steps[s] }))}
        style={{ marginBottom: 16 }}
        // Five short steps fit a phone side by side with their titles below.
        responsive={false}
        labelPlacement="vertical"
      />
      {error ? (
        <Alert
          type="error"
          showIcon
          message={error}
          style={{ marginBottom: 12 }}
          data-testid="import-error"
          role="alert"
        />
      ) : null}
      {step === 'upload' ? (
        <Spin spinning={busy} tip={tx.reading}>
          <Upload.Dragger
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{tx.dropHint}</p>
            <p className="ant-upload-hint">{tx.dropSub}</p>
          </Upload.Dragger>
        </Spin>
      ) : null}
      {step === 'sheet' && job && settings ? (
        <SheetStep job={job} settings={settings} onChange={setSettings} />
      ) : null}
      {step === 'mapping' && job && settings ? (
        <MappingStep job={job} settings={settings} onChange={setSettings} lang={lang} />
      ) : null}
      {(step === 'check' || step === 'run') && job ? <ProgressStep job={job} onDownload={download} /> : null}
      <div className="tg-import-footer">
        <Footer
          step={step}
          job={job}
          busy={busy}
          canNext={!!settings && settings.columns.length > 0}
          onBack={() => setStep(STEPS[Math.max(0, stepIndex - 1)]!)}
          onNext={async () => {
            if (step === 'sheet') setStep('mapping');
            else if (step === 'mapping' && (await save())) await start('dryRun');
          }}
          onRecheck={async () => (await save()) && (await start('dryRun'))}
          onRun={() => void start('run')}
          onCancel={async () => {
            if (!job) return;
            const next = await client.imports
              .cancel(ref, job.id, lang)
              .catch((e: unknown) => (fail(e), null));
            if (next) {
              setJob(next);
              follow(next);
            }
          }}
          onClose={close}
        />
      </div>
    </Modal>
  );
}

function SheetStep({
  job,
  settings,
  onChange,
}: {
  job: ImportJob;
  settings: ImportSettings;
  onChange(s: ImportSettings): void;
}) {
  const { tx } = useImportTexts();
  const sheet = job.sheets[settings.sheet]!;
  return (
    <div data-testid="import-sheet-step">
      {job.sheets.length > 1 ? (
        <Space style={{ marginBottom: 12 }}>
          <Typography.Text>{tx.sheet}</Typography.Text>
          <Select
            value={settings.sheet}
            style={{ minWidth: 200 }}
            options={job.sheets.map((s) => ({
              value: s.index,
              label: `${s.name} · ${fill(tx.sheetRows, { rows: s.rows })}`,
            }))}
            onChange={(v: number) =>
              onChange({
                ...settings,
                sheet: v,
                headerRow: job.sheets[v]?.preview[0]?.number ?? 1,
                columns: [],
              })
            }
          />
        </Space>
      ) : null}
      <Typography.Paragraph type="secondary">{tx.headerHint}</Typography.Paragraph>
      {sheet.merged.length ? (
        <Alert
          type="warning"
          showIcon
          message={fill(tx.merged, { ranges: sheet.merged.join(', ') })}
          style={{ marginBottom: 8 }}
        />
      ) : null}
      {sheet.formulasWithoutValue ? (
        <Alert
          type="warning"
          showIcon
          message={fill(tx.formulas, { count: sheet.formulasWithoutValue })}
          style={{ marginBottom: 8 }}
        />
      ) : null}
      <div className="tg-import-preview">
        <Radio.Group
          value={settings.headerRow}
          onChange={(e) => onChange({ ...settings, headerRow: e.target.value as number })}
          aria-label={tx.headerRow}
        >
          <table>
            <tbody>
              {sheet.preview.slice(0, 8).map((r) => (
                <tr key={r.number} className={r.number === settings.headerRow ? 'is-header' : undefined}>
                  <td>
                    <Radio value={r.number} aria-label={`${tx.headerRow} ${r.number}`} />
                  </td>
                  <td className="tg-import-rownum">{r.number}</td>
                  {r.cells.slice(0, 12).map((c, i) => (
                    <td key={i}>{c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </Radio.Group>
      </div>
    </div>
  );
}

function MappingStep({
  job,
  settings,
  onChange,
  lang,
}: {
  job: ImportJob;
  settings: ImportSettings;
  onChange(s: ImportSettings): void;
  lang: string;
}) {
  const { tx } = useImportTexts();
  const headers = headersOf(job, settings);
  const samples = samplesOf(job, settings);
  const options = [
    { value: '', label: tx.skip },
    ...job.targets.map((t) => ({
      value: targetKey(t),
      label: `${pickText(t.label, lang)}${t.required ? ` (${tx.required})` : ''}`,
    })),
  ];
  const keys = keyCandidates(settings.columns, job.targets);
  return (
    <div data-testid="import-mapping-step">
      <Table
        size="small"
        pagination={false}
        rowKey="column"
        scroll={{ y: 300 }}
        dataSource={headers.map((h, column) => ({ column, header: h, sample: samples[column] ?? '' }))}
        columns={[
          { title: tx.column, dataIndex: 'header', width: '30%' },
          { title: tx.sample, dataIndex: 'sample', width: '25%', ellipsis: true },
          {
            title: tx.field,
            key: 'field',
            render: (_v, row: { column: number; header: string }) => (
              <Select
                style={{ width: '100%' }}
                value={columnTarget(settings.columns, row.column) ?? ''}
                options={options}
                showSearch
                optionFilterProp="label"
                aria-label={`${tx.field}: ${row.header}`}
                data-testid={`map-${row.column}`}
                onChange={(v: string) =>
                  onChange({ ...settings, columns: mapColumn(settings.columns, row.column, v || null) })
                }
              />
            ),
          },
        ]}
      />
      <div className="tg-import-options">
        <div>
          <Typography.Text strong>{tx.policy}</Typography.Text>
          <Radio.Group
            value={settings.policy}
            onChange={(e) => onChange({ ...settings, policy: e.target.value as ImportSettings['policy'] })}
            options={[
              { value: 'skip_bad_rows', label: tx.skipBad },
              { value: 'all_or_nothing', label: tx.allOrNothing },
            ]}
          />
        </div>
        <div>
          <Typography.Text strong>{tx.mode}</Typography.Text>
          <Radio.Group
            value={settings.mode}
            onChange={(e) => {
              const mode = e.target.value as ImportSettings['mode'];
              const { keyField: _k, ...rest } = settings;
              onChange(
                mode === 'upsert'
                  ? { ...rest, mode, ...(keys[0] ? { keyField: keys[0].field } : {}) }
                  : { ...rest, mode },
              );
            }}
            options={[
              { value: 'create', label: tx.create },
              { value: 'upsert', label: tx.upsert },
            ]}
          />
          {settings.mode === 'upsert' ? (
            <Space>
              <Typography.Text>{tx.keyField}</Typography.Text>
              <Select
                style={{ minWidth: 180 }}
                value={settings.keyField}
                options={keys.map((k) => ({ value: k.field, label: pickText(k.label, lang) }))}
                onChange={(v: string) => onChange({ ...settings, keyField: v })}
              />
            </Space>
          ) : null}
        </div>
        {mapsSubform(settings.columns) ? (
          <div>
            <Typography.Text strong>{tx.groupBy}</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {tx.groupHint}
            </Typography.Paragraph>
            <Select
              style={{ minWidth: 220 }}
              value={settings.groupBy ?? -1}
              options={[
                { value: -1, label: tx.none },
                ...headers.map((h, i) => ({ value: i, label: h || `#${i + 1}` })),
              ]}
              onChange={(v: number) => {
                const { groupBy: _g, ...rest } = settings;
                onChange(v < 0 ? rest : { ...rest, groupBy: v });
              }}
            />
          </div>
        ) : null}
      </div>
    </div>
  );
}

function ProgressStep({ job, onDownload }: { job: ImportJob; onDownload(): void }) {
  const { tx } = useImportTexts();
  const { total, done, rowsPerSecond, secondsLeft } = job.progress;
  const active = isActive(job);
  const percent = total ? Math.min(100, Math.round((done / total) * 100)) : active ? 0 : 100;
  const left = timeLeft(secondsLeft, tx);
  const checking = job.phase === 'check';
  return (
    <div data-testid="import-progress-step" aria-live="polite">
      {active ? (
        <div className="tg-import-progress" data-testid="import-progress">
          <Typography.Text strong>{checking ? tx.checking : tx.importing}</Typography.Text>
          <Progress percent={percent} status="active" />
          <Space split="·" wrap>
            <span>{fill(tx.progress, { done, total })}</span>
            {rowsPerSecond !== null ? <span>{fill(tx.speed, { rate: rowsPerSecond })}</span> : null}
            {left ? <span>{fill(tx.left, { time: left })}</span> : null}
          </Space>
        </div>
      ) : null}
      {!active && job.status === 'checked' ? (
        <Alert
          type={job.badRows ? 'warning' : 'success'}
          showIcon
          data-testid="import-check-result"
          message={
            job.badRows
              ? fill(tx.checkedBad, { bad: job.badRows, count: job.errorCount })
              : fill(tx.checkedOk, { total })
          }
        />
      ) : null}
      {!active && job.status === 'done' ? (
        <Alert
          type="success"
          showIcon
          data-testid="import-done"
          message={fill(tx.done, { created: job.created, updated: job.updated, skipped: job.skipped })}
        />
      ) : null}
      {!active && job.status === 'cancelled' ? (
        <Alert
          type="info"
          showIcon
          data-testid="import-cancelled"
          message={fill(tx.cancelled, { created: job.created, updated: job.updated })}
        />
      ) : null}
      {!active && job.status === 'failed' ? (
        <Alert
          type="error"
          showIcon
          data-testid="import-failed"
          message={tx.failed}
          description={job.message}
        />
      ) : null}
      {job.errors.length && !active ? (
        <>
          <Table
            size="small"
            style={{ marginTop: 12 }}
            pagination={{ pageSize: 8, hideOnSinglePage: true }}
            rowKey={(e) => `${e.row}:${e.column ?? '-'}:${e.code}`}
            dataSource={job.errors}
            scroll={{ x: 560 }}
            data-testid="import-errors"
            columns={[
              // The reason comes second so that a phone shows it without scrolling.
              { title: tx.row, dataIndex: 'row', width: 60 },
              { title: tx.reason, dataIndex: 'reason', width: 240 },
              {
                title: tx.column,
                dataIndex: 'header',
                width: 130,
                render: (h: string, e) => h || (e.column ? `#${e.column}` : ''),
              },
              { title: tx.value, dataIndex: 'value', width: 130, ellipsis: true },
            ]}
          />
          {job.errorCount > job.errors.length ? (
            <Typography.Paragraph type="secondary">
              {fill(tx.more, { shown: job.errors.length })}
            </Typography.Paragraph>
          ) : null}
          <Button onClick={onDownload} data-testid="import-download-report">
            {tx.download}
          </Button>
        </>
      ) : null}
    </div>
  );
}

function Footer(props: {
  step: WizardStep;
  job: ImportJob | null;
  busy: boolean;
  canNext: boolean;
  onBack(): void;
  onNext(): void;
  onRecheck(): void;
  onRun(): void;
  onCancel(): void;
  onClose(): void;
}) {
  const { tx } = useImportTexts();
  const { step, job, busy } = props;
  const active = isActive(job);
  if (step === 'upload') return <Button onClick={props.onClose}>{tx.close}</Button>;
  if (step === 'sheet' || step === 'mapping')
    return (
      <Space>
        <Button onClick={props.onBack} disabled={busy}>
          {tx.back}
        </Button>
        <Button
          type="primary"
          onClick={props.onNext}
          loading={busy}
          disabled={step === 'mapping' && !props.canNext}
          data-testid="import-next"
        >
          {step === 'mapping' ? tx.dryRun : tx.next}
        </Button>
      </Space>
    );
  if (active)
    return (
      <Button danger onClick={props.onCancel} disabled={job?.cancelRequested} data-testid="import-cancel">
        {job?.cancelRequested ? tx.cancelling : tx.cancel}
      </Button>
    );
  if (step === 'check' && job?.status === 'checked') {
    const blocked = job.badRows > 0 && job.settings?.policy === 'all_or_nothing';
    return (
      <Space>
        <Button onClick={props.onBack}>{tx.back}</Button>
        <Button
          type="primary"
          onClick={props.onRun}
          disabled={blocked}
          loading={busy}
          data-testid="import-start"
        >
          {tx.start}
        </Button>
      </Space>
    );
  }
  return (
    <Space>
      {job?.status === 'failed' && job.phase === 'check' ? (
        <Button onClick={props.onRecheck}>{tx.dryRun}</Button>
      ) : null}
      <Button type="primary" onClick={props.onClose} data-testid="import-close">
        {tx.close}
      </Button>
    </Space>
  );
}
