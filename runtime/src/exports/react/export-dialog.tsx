/**
 * The export dialog of the data view (decision 0044): format and subform layout, then the file
 * downloads at once, or, for a large export, a job whose progress is followed until its file can
 * be downloaded. The job lives on the server: closing the dialog does not stop it.
 */
import { Alert, Button, Modal, Progress, Radio, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ExportJob, FormDefinition } from '@tangram/client';
import { useClient } from '../../react/context';
import {
  exportRequest,
  showsFiles,
  showsSubform,
  type AttachmentMode,
  type ExportFormat,
  type ShownView,
  type SubformLayout,
} from '../core/export-request';
import { fill, useExportTexts, type ExportTexts } from '../texts';

export interface ExportDialogProps {
  appId: string;
  form: FormDefinition;
  open: boolean;
  view: ShownView;
  onClose: () => void;
}

/** How often a running job is asked for its progress. */
const POLL_MS = 1000;

/** Saves a downloaded file through a temporary link (the browser's own download UI). */
function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function errorText(e: unknown, tx: ExportTexts): string {
  const err = e as { code?: string; message?: string };
  return fill(tx.failed, { message: (err.code && tx.errors[err.code]) || err.message || String(e) });
}

export function ExportDialog({ appId, form, open, view, onClose }: ExportDialogProps) {
  const { tx, lang } = useExportTexts();
  const client = useClient();
  const ref = useMemo(() => ({ appId, formId: form.id }), [appId, form.id]);
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [subforms, setSubforms] = useState<SubformLayout>('sheet');
  const [attachments, setAttachments] = useState<AttachmentMode>('links');
  const withFiles = showsFiles(form, view);
  const [busy, setBusy] = useState(false);
  const [job, setJob] = useState<ExportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const withSubforms = showsSubform(form, view);
  const layout: SubformLayout = withSubforms
    ? format === 'csv' && subforms === 'sheet'
      ? 'rows'
      : subforms
    : 'none';

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const follow = useCallback(
    (current: ExportJob) => {
      setJob(current);
      if (current.status !== 'queued' && current.status !== 'running') return;
      timer.current = setTimeout(() => {
        client.exports.get(ref, current.id).then(follow, (e: unknown) => setError(errorText(e, tx)));
      }, POLL_MS);
    },
    [client, ref, tx],
  );

  const start = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    setJob(null);
    try {
      const started = await client.exports.start(
        ref,
        exportRequest(view, format, layout, withFiles ? attachments : 'links'),
        lang,
      );
      if (started.kind === 'file') {
        const name = started.file.filename ?? `${form.id}.${format}`;
        saveBlob(started.file.blob, name);
        setDone(fill(tx.downloaded, { name }));
      } else follow(started.job);
    } catch (e) {
      setError(errorText(e, tx));
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    if (!job) return;
    try {
      const file = await client.exports.download(ref, job.id);
      saveBlob(file.blob, file.filename ?? job.fileName);
    } catch (e) {
      setError(errorText(e, tx));
    }
  };

  const close = () => {
    if (timer.current) clearTimeout(timer.current);
    setJob(null);
    setError(null);
    setDone(null);
    onClose();
  };

  const running = job !== null && (job.status === 'queued' || job.status === 'running');
  return (
    <Modal
      open={open}
      title={tx.title}
      onCancel={close}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={close}>{tx.cancel}</Button>
          <Button type="primary" loading={busy || running} onClick={start} data-testid="export-start">
            {tx.start}
          </Button>
        </Space>
      }
    >
      <div data-testid="export-dialog" style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
        <Typography.Text type="secondary">{tx.scope}</Typography.Text>
        <div>
          <Typography.Text strong>{tx.format}</Typography.Text>
          <Radio.Group
            value={format}
            onChange={(e) => setFormat(e.target.value as ExportFormat)}
            style={{ display: 'flex', gap: 16, marginTop: 8 }}
            data-testid="export-format"
          >
            <Radio value="xlsx">{tx.xlsx}</Radio>
            <Radio value="csv">{tx.csv}</Radio>
          </Radio.Group>
        </div>
        {withSubforms ? (
          <div>
            <Typography.Text strong>{tx.subforms}</Typography.Text>
            <Radio.Group
              value={layout}
              onChange={(e) => setSubforms(e.target.value as SubformLayout)}
              style={{ display: 'flex', flexDirection: 'column', gap: 4, marginTop: 8 }}
              data-testid="export-subforms"
            >
              <Radio value="sheet" disabled={format === 'csv'}>
                {tx.subformSheet}
              </Radio>
              <Radio value="rows">{tx.subformRows}</Radio>
              <Radio value="none">{tx.subformNone}</Radio>
            </Radio.Group>
            {format === 'csv' ? (
              <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
                {tx.csvOneSheet}
              </Typography.Text>
            ) : null}
          </div>
        ) : null}
        {withFiles ? (
          <div>
            <Typography.Text strong>{tx.attachments}</Typography.Text>
            <Radio.Group
              value={attachments}
              onChange={(e) => setAttachments(e.target.value as AttachmentMode)}
              style={{ display: 'flex', flexDirection: 'column', gap: 4, marginTop: 8 }}
              data-testid="export-attachments"
            >
              <Radio value="links">{tx.attachmentLinks}</Radio>
              <Radio value="zip">{tx.attachmentZip}</Radio>
            </Radio.Group>
          </div>
        ) : null}
        {job ? (
          <div data-testid="export-job">
            {running ? <Alert type="info" showIcon message={tx.started} /> : null}
            <Progress
              percent={job.rowsTotal ? Math.floor((job.rowsDone / job.rowsTotal) * 100) : 0}
              status={job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'}
            />
            <Typography.Text>
              {job.status === 'done'
                ? fill(tx.ready, { rows: job.rowsDone })
                : fill(tx.progress, { done: job.rowsDone, total: job.rowsTotal ?? 0 })}
            </Typography.Text>
            {job.status === 'done' ? (
              <div style={{ marginTop: 8 }}>
                <Button type="link" onClick={download} data-testid="export-download">
                  {tx.download}
                </Button>
              </div>
            ) : null}
            {job.status === 'failed' ? (
              <Alert type="error" showIcon message={fill(tx.failed, { message: job.message ?? '' })} />
            ) : null}
          </div>
        ) : null}
        {done ? <Alert type="success" showIcon message={done} data-testid="export-done" /> : null}
        {error ? <Alert type="error" showIcon message={error} data-testid="export-error" /> : null}
      </div>
    </Modal>
  );
}
