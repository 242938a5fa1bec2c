import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Result, Typography, message } from 'antd';
import { isApiError, type AppDefinition, type FormDefinition, type RecordDto } from '@tangram/client';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../components/status-views';
import { pickText } from '../core/i18n-text';
import { FormRenderer } from '../form';
import type { FormStore } from '../form/core/form-store';
import { useClient, useServices } from '../react/context';
import { useAsync } from '../react/use-async';

const TEXTS = {
  'zh-CN': {
    newRecord: '新建记录',
    editRecord: '编辑记录',
    created: '已提交',
    saved: '已保存',
    formMissing: '表单不存在',
    conflict: '这条记录已被他人修改。下面显示的是最新内容；请重新填写你的修改后再保存。',
    yourChanges: '你的修改',
    reapply: '重新应用我的修改',
  },
  en: {
    newRecord: 'New record',
    editRecord: 'Edit record',
    created: 'Submitted',
    saved: 'Saved',
    formMissing: 'Form not found',
    conflict:
      'Someone else changed this record. The form now shows the current values; reapply your changes and save again.',
    yourChanges: 'Your changes',
    reapply: 'Reapply my changes',
  },
};

const newKey = () =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;

/**
 * "New record" and "Edit record" in the player: the generic form renderer for one form, submitting
 * through the client. Creates carry an Idempotency-Key per submission attempt; edits send the
 * record version, and a 409 shows the current record with the user's changes kept for reapplying.
 */
export function RecordFormPage({
  appId,
  formId,
  recordId,
}: {
  appId: string;
  formId: string;
  recordId?: string;
}) {
  const { i18n, t } = useTranslation();
  const tx = i18n.language.startsWith('en') ? TEXTS.en : TEXTS['zh-CN'];
  const client = useClient();
  const { router } = useServices();
  const app = useAsync(() => client.apps.get(appId).then((r) => r.app), [client, appId]);
  const record = useAsync(
    () => (recordId ? client.records.get({ appId, formId }, recordId) : Promise.resolve(null)),
    [client, appId, formId, recordId],
  );
  if (app.error) return <LoadError error={app.error} onRetry={app.reload} />;
  if (record.error) return <LoadError error={record.error} onRetry={record.reload} />;
  if (!app.data || (recordId && !record.data)) return <Loading />;
  const form = (app.data.forms ?? []).find((f) => f.id === formId);
  const back = () =>
    router.getState().navigate(`/apps/${encodeURIComponent(appId)}/forms/${encodeURIComponent(formId)}`);
  if (!form)
    return (
      <Result
        status="404"
        title={tx.formMissing}
        extra={<Button onClick={back}>{t('common.back')}</Button>}
      />
    );
  return (
    <div className="tg-page" data-testid="record-form-page">
      <div
        className="tg-page-head"
        style={{ justifyContent: 'flex-start', flexWrap: 'nowrap', marginBottom: 16 }}
      >
        <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} onClick={back} />
        <Typography.Title level={4} style={{ margin: 0, minWidth: 0 }} ellipsis>
          {pickText(form.name, i18n.language)} · {recordId ? tx.editRecord : tx.newRecord}
        </Typography.Title>
      </div>
      <RecordForm
        key={record.data?.version ?? 'new'}
        app={app.data}
        form={form}
        record={record.data ?? null}
        texts={tx}
        onDone={back}
      />
    </div>
  );
}

function RecordForm({
  app,
  form,
  record,
  texts,
  onDone,
}: {
  app: AppDefinition;
  form: FormDefinition;
  record: RecordDto | null;
  texts: (typeof TEXTS)['en'];
  onDone(): void;
}) {
  const client = useClient();
  const store = useRef<FormStore | null>(null);
  const version = useRef(record?.version ?? 0);
  const [conflict, setConflict] = useState<Record<string, unknown> | null>(null);
  const ref = { appId: app.id, formId: form.id };

  const submit = async (data: Record<string, unknown>) => {
    if (!record) {
      // A new key per attempt: a retried request of the same attempt is answered once by the server.
      await client.records.create(ref, data, { idempotencyKey: newKey() });
      void message.success(texts.created);
      onDone();
      return;
    }
    try {
      await client.records.update(ref, record.id, data, version.current);
      void message.success(texts.saved);
      onDone();
    } catch (e) {
      if (isApiError(e) && e.status === 409) {
        const current =
          (e.rawDetails as { current?: RecordDto } | undefined)?.current ??
          (await client.records.get(ref, record.id));
        version.current = current.version;
        setConflict(data);
        store.current?.getState().reset(current.data);
        return;
      }
      throw e;
    }
  };

  return (
    <>
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="record-conflict"
          title={texts.conflict}
          action={
            <Button
              size="small"
              onClick={() => {
                const s = store.current?.getState();
                if (s) for (const [id, v] of Object.entries(conflict)) s.setValue(id, v);
                setConflict(null);
              }}
            >
              {texts.reapply}
            </Button>
          }
        />
      ) : null}
      <FormRenderer
        app={app}
        form={form}
        mode={record ? 'edit' : 'create'}
        initial={record?.data}
        onStore={(s) => (store.current = s)}
        onSubmit={submit}
      />
    </>
  );
}
