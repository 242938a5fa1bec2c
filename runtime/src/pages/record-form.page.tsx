import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Result, Typography, message } from 'antd';
import { type AppDefinition, type FormDefinition, type RecordDto } from '@tangram/client';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../components/status-views';
import { formForGrant, grantView } from '../core/grant-view';
import { pickText } from '../core/i18n-text';
import { FormRenderer } from '../form';
import { useClient, useServices, useSession } from '../react/context';
import { recordLock } from '../views/core/record-lock';
import { useApprovalFacts } from '../views/react/record-drawer';
import { useViewTexts } from '../views/react/texts';
import { useAsync } from '../react/use-async';
import { RecordConflictAlert, useRecordSave } from '../react/use-record-save';
import { formForStart, processPath, workflowTexts } from '../workflow';

const TEXTS = {
  'zh-CN': {
    newRecord: '新建记录',
    editRecord: '编辑记录',
    created: '已提交',
    saved: '已保存',
    formMissing: '表单不存在',
    cannotCreate: '你没有在此表单新建记录的权限',
    openProcess: '查看流程',
  },
  en: {
    newRecord: 'New record',
    editRecord: 'Edit record',
    created: 'Submitted',
    saved: 'Saved',
    formMissing: 'Form not found',
    cannotCreate: 'You may not create records in this form',
    openProcess: 'Open the process',
  },
};

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
  const loaded = useAsync(() => client.apps.get(appId), [client, appId]);
  const app = { ...loaded, data: loaded.data?.app };
  // The caller's grant (decision 0026): hidden fields absent, the ones they may not write read-only.
  // Memoized: the form renderer builds its store from the form object.
  const { grant, form } = useMemo(() => {
    const g = grantView(loaded.data?.me, formId);
    const defined = (loaded.data?.app.forms ?? []).find((f) => f.id === formId);
    return { grant: g, form: defined && g.canView ? formForGrant(defined, g) : undefined };
  }, [loaded.data, formId]);
  const record = useAsync(
    () => (recordId ? client.records.get({ appId, formId }, recordId) : Promise.resolve(null)),
    [client, appId, formId, recordId],
  );
  if (app.error) return <LoadError error={app.error} onRetry={app.reload} />;
  if (record.error) return <LoadError error={record.error} onRetry={record.reload} />;
  if (!app.data || (recordId && !record.data)) return <Loading />;
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
  if (!recordId && !grant.canCreate)
    return (
      <Result
        status="403"
        title={tx.cannotCreate}
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
      {record.data ? (
        <LockedRecordForm
          key={record.data.version}
          app={app.data}
          form={form}
          record={record.data}
          readOnly={!grant.canEdit}
          texts={tx}
          onDone={back}
          onStarted={() => undefined}
        />
      ) : (
        <RecordForm
          key="new"
          app={app.data}
          form={form}
          record={null}
          readOnly={false}
          texts={tx}
          onDone={back}
          onStarted={(id) => {
            // A new record on a process form starts its approval: show where it stands now.
            void message.success(workflowTexts(i18n.language).approvalStarted);
            router.getState().navigate(processPath({ appId, formId, recordId: id }), { replace: true });
          }}
        />
      )}
    </div>
  );
}

/**
 * An existing record under the workflow's rule (decision 0020), as in the record drawer: while its
 * approval runs, or once approved under a locking workflow, the page shows it read-only with the
 * reason and a way to the process page, instead of an editor whose save the server refuses (409).
 */
function LockedRecordForm(props: Parameters<typeof RecordForm>[0] & { record: RecordDto }) {
  const { record, form, app } = props;
  const { tx } = useViewTexts();
  const { router } = useServices();
  const userId = useSession((s) => s.session?.user.id);
  const approval = useApprovalFacts(app.id, form, record);
  const reason = recordLock(record, approval, userId).edit;
  if (reason === null) return <RecordForm {...props} />;
  const toProcess = reason === 'workflowRunning' || reason === 'approvedLocked';
  return (
    <>
      <Alert
        type="info"
        showIcon
        data-testid="record-locked"
        style={{ marginBottom: 16 }}
        title={tx[reason === 'workflowRunning' ? 'lockedByWorkflow' : reason]}
        action={
          toProcess ? (
            <Button
              size="small"
              onClick={() =>
                router
                  .getState()
                  .navigate(processPath({ appId: app.id, formId: form.id, recordId: record.id }))
              }
            >
              {props.texts.openProcess}
            </Button>
          ) : undefined
        }
      />
      <RecordForm {...props} readOnly />
    </>
  );
}

function RecordForm({
  app,
  form,
  record,
  texts,
  readOnly,
  onDone,
  onStarted,
}: {
  app: AppDefinition;
  form: FormDefinition;
  record: RecordDto | null;
  /** The grant allows no edit: the record is shown, not offered for saving. */
  readOnly: boolean;
  texts: (typeof TEXTS)['en'];
  onDone(): void;
  /** A create on a process form (`form.workflowId`) started an approval. */
  onStarted(recordId: string): void;
}) {
  const save = useRecordSave({
    appId: app.id,
    form,
    record,
    onSaved: (saved) => {
      if (!record && form.workflowId) return onStarted(saved.id);
      void message.success(record ? texts.saved : texts.created);
      onDone();
    },
  });
  return (
    <>
      <RecordConflictAlert save={save} />
      <FormRenderer
        app={app}
        form={record ? form : formForStart(form, app.workflows)}
        mode={record ? 'edit' : 'create'}
        initial={record?.data}
        {...(record?.display ? { display: record.display } : {})}
        readOnly={readOnly}
        onStore={save.onStore}
        onSubmit={save.submit}
      />
    </>
  );
}
