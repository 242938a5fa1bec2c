import {
  isApiError,
  type AppDefinition,
  type FormDefinition,
  type RecordDto,
  type WorkflowActionName,
  type WorkflowView,
} from '@tangram/client';
import { Alert, App as AntApp, Empty, Tag } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { FormRenderer } from '../../form';
import type { FormStore } from '../../form/core/form-store';
import { useClient, useSession } from '../../react/context';
import { useAsync } from '../../react/use-async';
import { LoadError, Loading } from '../../components/status-views';
import { ACTIONS, availableActions, type ActionInput, type ActionTarget } from '../core/actions';
import { countsStoreFor } from '../core/counts-store';
import { changedEditable, formForAccess, hasEditable } from '../core/field-access';
import { nodeName } from '../core/log-format';
import { fill, useWorkflowTexts } from '../texts';
import { ActionBar } from './action-bar';
import { ActionDialog } from './action-dialog';
import { FlowChart } from './flow-chart';
import { useMembers } from './use-members';
import { WorkflowLog } from './workflow-log';

export const INSTANCE_COLORS = {
  running: 'processing',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

interface Loaded {
  record: RecordDto;
  view: WorkflowView | null;
}

/**
 * A record in its process: the form with the viewer's field access at the current node, the flow
 * chart, the full log and the actions the viewer may take. Used by the process page and by the
 * record drawer's "Process" tab (`narrow`: one column).
 */
export function ProcessPanel({
  app,
  form,
  recordId,
  narrow = false,
  onChanged,
}: {
  app: AppDefinition;
  form: FormDefinition;
  recordId: string;
  narrow?: boolean;
  /** Called after an action changed the record or its process. */
  onChanged?(record: RecordDto): void;
}) {
  const client = useClient();
  const ref = { appId: app.id, formId: form.id };
  // Kept here, not in the content: a 409 reloads (and remounts) the content, the message must stay.
  const [error, setError] = useState<string | null>(null);
  const loaded = useAsync<Loaded>(async () => {
    const view = await client.workflow.get(ref, recordId).catch((e: unknown) => {
      if (isApiError(e) && e.status === 404) return null;
      throw e;
    });
    // The view carries the record as the viewer may see it at their node (hidden fields left out).
    const record = view?.record ?? (await client.records.get(ref, recordId));
    return { record, view };
  }, [client, app.id, form.id, recordId]);
  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  const { record, view } = loaded.data;
  if (!view)
    return (
      <div className="tg-wf-card">
        <Empty description={<WorkflowNoInstance />} />
      </div>
    );
  return (
    <ProcessContent
      key={`${record.version}:${view.instance.log.length}:${view.me.taskId ?? ''}`}
      app={app}
      form={form}
      record={record}
      view={view}
      narrow={narrow}
      reload={loaded.reload}
      onChanged={onChanged}
      error={error}
      setError={setError}
    />
  );
}

function WorkflowNoInstance() {
  const { tx } = useWorkflowTexts();
  return <span>{tx.noInstance}</span>;
}

function ProcessContent({
  app,
  form,
  record,
  view,
  narrow,
  reload,
  onChanged,
  error,
  setError,
}: {
  app: AppDefinition;
  form: FormDefinition;
  record: RecordDto;
  view: WorkflowView;
  narrow: boolean;
  reload(): void;
  onChanged?: ((record: RecordDto) => void) | undefined;
  error: string | null;
  setError(error: string | null): void;
}) {
  const { tx, lang } = useWorkflowTexts();
  const client = useClient();
  const { message } = AntApp.useApp();
  const selfId = useSession((s) => s.session?.user.id ?? '');
  const members = useMembers();
  const store = useRef<FormStore | null>(null);
  const [dialog, setDialog] = useState<WorkflowActionName | null>(null);
  const { instance, me } = view;
  const definition = instance.definition;
  const myNode = definition.nodes.find((n) => n.id === me.nodeId);
  const actions = availableActions(me, myNode?.type);
  // Only a handler of the current node edits; everyone else reads the form as their access says.
  const editable = Boolean(me.taskId) && hasEditable(me.fieldAccess);
  const shownForm = useMemo(() => formForAccess(form, me.fieldAccess), [form, me.fieldAccess]);
  const currentNames = instance.active
    .map((a) =>
      nodeName(
        definition.nodes.find((n) => n.id === a.nodeId),
        tx,
        lang,
      ),
    )
    .join(' / ');

  const pick = (action: WorkflowActionName) => {
    setError(null);
    if (ACTIONS[action].sendsForm && editable && store.current && !store.current.getState().validate()) {
      setError(tx.errors.fixFields);
      return;
    }
    setDialog(action);
  };

  const run = async (action: WorkflowActionName, input: ActionInput): Promise<boolean> => {
    const target: ActionTarget = { appId: app.id, formId: form.id, recordId: record.id };
    if (me.taskId) target.taskId = me.taskId;
    if (ACTIONS[action].sendsForm && editable && store.current) {
      target.data = changedEditable(store.current.getState().toSubmitData(), record.data, me.fieldAccess);
      target.recordVersion = record.version;
    }
    try {
      await ACTIONS[action].run(client, target, input);
      void message.success(tx.done[action]);
      void countsStoreFor(client).getState().refresh();
      onChanged?.(record);
      reload();
      return true;
    } catch (e) {
      return handleError(e);
    }
  };

  /** Shows a server error; true when the dialog should close (the state moved on, reload). */
  const handleError = (e: unknown): boolean => {
    const text = e instanceof Error ? e.message : String(e);
    // A blocking aggregate rule (decision 0028) refused the step: nothing changed, and the message
    // names the key and the shortfall ("Widget A: 50 available, 85 requested"). Not a stale version.
    if (isApiError(e) && e.code === 'balance_rule') {
      setError(fill(tx.errors.failed, { message: text }));
      return true;
    }
    if (isApiError(e) && e.status === 409) {
      setError(tx.errors.conflict);
      void message.warning(tx.errors.conflict);
      reload();
      return true;
    }
    if (isApiError(e) && e.status === 403) {
      setError(fill(tx.errors.forbidden, { message: text }));
      return true;
    }
    if (isApiError(e) && e.details.some((d) => d.path?.startsWith('/data'))) {
      const rest = store.current?.getState().applyServerErrors(e.details) ?? [];
      setError(fill(tx.errors.failed, { message: rest.join(' ') || text }));
      return true;
    }
    // Anything else (a comment the server requires, a bad user): keep the dialog to fix the input.
    void message.error(fill(tx.errors.failed, { message: text }));
    return false;
  };

  const formCard = (
    <div className="tg-wf-card" data-testid="workflow-form">
      <div className="tg-wf-card-title">{tx.form}</div>
      <FormRenderer
        app={app}
        form={shownForm}
        mode="edit"
        initial={record.data}
        {...(record.display ? { display: record.display } : {})}
        readOnly={!editable}
        hideSubmit
        onStore={(s) => (store.current = s)}
        onSubmit={async () => undefined}
      />
    </div>
  );
  const sideCards = (
    <>
      <div className="tg-wf-card">
        <div className="tg-wf-card-title">{tx.flowChart}</div>
        <FlowChart definition={definition} progress={instance} userName={members.name} />
      </div>
      <div className="tg-wf-card">
        <div className="tg-wf-card-title">{tx.flowLog}</div>
        <WorkflowLog log={instance.log} definition={definition} userName={members.name} />
      </div>
    </>
  );

  return (
    <div data-testid="process-panel" data-status={instance.status}>
      <div className="tg-wf-card" style={{ marginBottom: 16 }}>
        <div className="tg-wf-meta" style={{ margin: 0 }}>
          <Tag color={INSTANCE_COLORS[instance.status]} data-testid="workflow-status">
            {tx.instanceStatus[instance.status]}
          </Tag>
          {currentNames ? (
            <span data-testid="workflow-current-node">
              {tx.currentNode}
              {tx.colon}
              {currentNames}
            </span>
          ) : null}
          <span>
            {tx.submitter}
            {tx.colon}
            {members.name(instance.submitter)}
          </span>
          <span>
            {tx.submittedAt}
            {tx.colon}
            {dayjs(instance.createdAt).format('YYYY-MM-DD HH:mm')}
          </span>
        </div>
      </div>
      {error ? (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setError(null)}
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="workflow-error"
        />
      ) : null}
      <div className={`tg-wf-grid${narrow ? ' tg-wf-narrow' : ''}`}>
        <div>{formCard}</div>
        <div>{sideCards}</div>
      </div>
      <ActionBar actions={actions} busy={null} onPick={pick} />
      {dialog ? (
        <ActionDialog
          action={dialog}
          me={me}
          app={app}
          members={members}
          selfId={selfId}
          onRun={(input) => run(dialog, input)}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </div>
  );
}
