import { DeleteOutlined, EditOutlined, ExportOutlined } from '@ant-design/icons';
import {
  App as AntApp,
  Avatar,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Grid,
  Input,
  Space,
  Tabs,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { type FormDefinition, type RecordDto } from '@tangram/client';
import { fieldRegistry, isEmptyValue, recordTitle as fieldTitle } from '@tangram/fields';
import { pickText } from '../../core/i18n-text';
import { FormRenderer } from '../../form';
import { useClient, useSession } from '../../react/context';
import { Link } from '../../react/link';
import { useAsync } from '../../react/use-async';
import { RecordConflictAlert, useRecordSave } from '../../react/use-record-save';
import { RecordProcessTab, workflowTexts } from '../../workflow';
import { PrintButton } from '../../print';
import { authorName, formatCell, formatSystem, type Directory } from '../core/format-cell';
import { approvalRule, recordLock, type ApprovalFacts, type RecordLockReason } from '../core/record-lock';
import { columnFields } from '../core/view-store';
import { FieldValue } from './field-value';
import { AutomationButtons, type ButtonAutomation } from './automation-buttons';
import { HistoryChange } from './history-change';
import { RelatedRecords, useRelatedTexts } from './related-records';
import { fill, useViewTexts } from './texts';

export interface RecordDrawerProps {
  appId: string;
  form: FormDefinition;
  record: RecordDto | null;
  directory: Directory;
  /** Whether the caller's grant allows editing (decision 0026); the Edit button shows only then. */
  canEdit?: boolean;
  /** Whether the caller's grant allows deleting; the Delete button shows only then. */
  canDelete?: boolean;
  /** Whether the caller's grant allows printing (decision 0045); the Print button shows only then. */
  canPrint?: boolean;
  onClose(): void;
  onSaved(record: RecordDto): void;
  /** After the drawer deleted the record (the list drops it). */
  onDeleted?(record: RecordDto): void;
  /** The form's button automations, shown next to Edit. */
  buttons?: readonly ButtonAutomation[];
}

/** A record's details with edit, its history timeline (who changed what from → to) and comments. */
export function RecordDrawer({
  appId,
  form,
  record,
  directory,
  canEdit = true,
  canDelete = false,
  canPrint = false,
  onClose,
  onSaved,
  onDeleted,
  buttons,
}: RecordDrawerProps) {
  const { tx, lang } = useViewTexts();
  const screens = Grid.useBreakpoint();
  const client = useClient();
  const [tab, setTab] = useState('details');
  const relatedTexts = useRelatedTexts();
  const title = record ? recordTitle(form, record, lang, directory, tx.noAccess) : '';
  // Back from the Process tab, the approval may have moved on: re-read the record (status, data).
  const changeTab = (key: string) => {
    setTab(key);
    if (key !== 'details' || !form.workflowId || !record) return;
    client.records
      .get({ appId, formId: form.id }, record.id)
      .then((fresh) => {
        if (fresh.version !== record.version || fresh.workflowStatus !== record.workflowStatus)
          onSaved(fresh);
      })
      .catch(() => undefined);
  };
  return (
    <Drawer
      open={record !== null}
      onClose={onClose}
      size={screens.md ? 560 : '100%'}
      title={title}
      destroyOnHidden
      data-testid="record-drawer"
    >
      {record ? (
        <Tabs
          activeKey={tab}
          onChange={changeTab}
          items={[
            {
              key: 'details',
              label: tx.details,
              children: (
                <Details
                  appId={appId}
                  form={form}
                  record={record}
                  directory={directory}
                  canEdit={canEdit}
                  canDelete={canDelete}
                  canPrint={canPrint}
                  onSaved={onSaved}
                  onDeleted={onDeleted}
                  buttons={buttons}
                />
              ),
            },
            // Process forms: the record's approval (flow chart, log, actions), from the workflow feature.
            ...(form.workflowId
              ? [
                  {
                    key: 'process',
                    label: <span data-testid="record-process-tab-label">{workflowTexts(lang).process}</span>,
                    children: <RecordProcessTab appId={appId} form={form} recordId={record.id} />,
                  },
                ]
              : []),
            // Records of any app that link here, and balances keyed by it (decision 0060).
            ...(form.showRelated === false
              ? []
              : [
                  {
                    key: 'related',
                    label: <span data-testid="record-related-tab">{relatedTexts.tab}</span>,
                    children: (
                      <RelatedRecords appId={appId} form={form} record={record} directory={directory} />
                    ),
                  },
                ]),
            {
              key: 'history',
              label: tx.history,
              children: <History appId={appId} form={form} record={record} directory={directory} />,
            },
            {
              key: 'comments',
              label: tx.comments,
              children: <Comments appId={appId} form={form} record={record} />,
            },
          ]}
        />
      ) : null}
    </Drawer>
  );
}

/**
 * A record's name in headers and cards: its title field (a relation's linked title from the answer's
 * `display`), else the serial number or a summary of its first filled fields, never its raw id
 * unless nothing at all is filled in.
 */
export function recordTitle(
  form: FormDefinition,
  record: RecordDto,
  lang: string,
  dir: Directory,
  noAccess: string,
): string {
  const field = form.fields?.find((f) => f.id === form.titleField);
  if (field?.type === 'relation') {
    const value = record.data[field.id];
    const ids = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    const shown = record.display?.[field.id] ?? {};
    // A linked record the reader may not see is named "no access", like in the table.
    const titles = ids
      .map((id) => (shown[id] === null ? noAccess : shown[id]))
      .filter((t): t is string => !!t);
    if (titles.length) return titles.join('、');
  }
  const text = field && field.type !== 'relation' ? formatCell(field, record.data[field.id], lang, dir) : '';
  const fallback = () => {
    // Relation values are ids: their titles are handled above, never summarized as ids.
    const named = Object.fromEntries(
      columnFields(form).map((f) => [f.id, f.type === 'relation' ? null : record.data[f.id]]),
    );
    return fieldTitle({ ...form, titleField: undefined }, named, fieldRegistry, { locale: lang });
  };
  return text || fallback() || record.id;
}

function Details({
  appId,
  form,
  record,
  directory,
  canEdit = true,
  canDelete = false,
  canPrint = false,
  onSaved,
  onDeleted,
  buttons = [],
}: Omit<RecordDrawerProps, 'onClose' | 'record'> & { record: RecordDto }) {
  const { tx, lang } = useViewTexts();
  const client = useClient();
  const { message, modal } = AntApp.useApp();
  const userId = useSession((s) => s.session?.user.id);
  const [editing, setEditing] = useState(false);
  const fields = columnFields(form);
  const approval = useApprovalFacts(appId, form, record);
  // The workflow's rule (decision 0020): no Edit or Delete that the server would refuse with 409.
  const lock = recordLock(record, approval, userId);
  // While the approval runs, the Process tab is where to act: the full page opens the process page
  // then, and for an approved record nobody may edit, rather than an editor whose save is refused.
  const toProcess = lock.edit === 'workflowRunning' || lock.edit === 'approvedLocked';
  const fullPage = `/apps/${encodeURIComponent(appId)}/forms/${encodeURIComponent(form.id)}/records/${encodeURIComponent(record.id)}/${toProcess ? 'process' : 'edit'}`;
  const why = (reason: RecordLockReason | null) =>
    reason ? tx[reason === 'workflowRunning' ? 'lockedByWorkflow' : reason] : undefined;
  const remove = () =>
    modal.confirm({
      title: tx.deleteRecordConfirm,
      content: tx.bulkDeleteHint,
      okText: tx.deleteRecord,
      okButtonProps: { danger: true },
      cancelText: tx.cancel,
      onOk: async () => {
        try {
          await client.records.remove({ appId, formId: form.id }, record.id);
        } catch (e) {
          void message.error((e as Error).message);
          return;
        }
        void message.success(fill(tx.deleted, { count: 1 }));
        onDeleted?.(record);
      },
    });

  if (editing)
    return (
      <DrawerEditor
        appId={appId}
        form={form}
        record={record}
        onCancel={() => setEditing(false)}
        onSaved={(saved) => {
          setEditing(false);
          onSaved(saved);
        }}
      />
    );
  return (
    <>
      <Space wrap style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 12 }}>
        <Link to={fullPage} data-testid="record-open-full">
          <ExportOutlined /> {tx.openFullPage}
        </Link>
        <AutomationButtons
          appId={appId}
          automations={buttons}
          record={record}
          onDone={() =>
            void client.records
              .get({ appId, formId: form.id }, record.id)
              .then(onSaved)
              .catch(() => undefined)
          }
        />
        {canEdit ? (
          <Tooltip title={why(lock.edit)}>
            {/* A disabled button gets no pointer events: the span carries the hover for the tooltip. */}
            <span data-testid="record-edit-wrap">
              <Button
                icon={<EditOutlined />}
                disabled={lock.edit !== null}
                onClick={() => setEditing(true)}
                data-testid="record-edit"
              >
                {tx.edit}
              </Button>
            </span>
          </Tooltip>
        ) : null}
        {canPrint ? <PrintButton appId={appId} form={form} ids={[record.id]} /> : null}
        {canDelete && onDeleted ? (
          <Tooltip title={why(lock.delete)}>
            <span data-testid="record-delete-wrap">
              <Button
                danger
                icon={<DeleteOutlined />}
                disabled={lock.delete !== null}
                onClick={remove}
                data-testid="record-delete"
              >
                {tx.deleteRecord}
              </Button>
            </span>
          </Tooltip>
        ) : null}
      </Space>
      {/* The label column's width is fixed in styles.tsx (`tg-record-fields`), per screen size. */}
      <Descriptions column={1} bordered size="small" className="tg-record-fields">
        {fields.map((f) => (
          <Descriptions.Item key={f.id} label={pickText(f.label, lang)}>
            {isEmptyValue(record.data[f.id]) ? (
              <Typography.Text type="secondary">—</Typography.Text>
            ) : (
              <FieldValue field={f} record={record} directory={directory} mode="full" />
            )}
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={tx.system.createdBy}>
          {formatSystem('createdBy', record.createdBy, directory)}
        </Descriptions.Item>
        <Descriptions.Item label={tx.system.createdAt}>
          {formatSystem('createdAt', record.createdAt, directory)}
        </Descriptions.Item>
        <Descriptions.Item label={tx.system.updatedAt}>
          {formatSystem('updatedAt', record.updatedAt, directory)}
        </Descriptions.Item>
      </Descriptions>
    </>
  );
}

/**
 * For an approved record: the rule that governs it (the form's current workflow, from the app
 * definition) and the approval's submitter (from the record's workflow view). Undefined while
 * loading or when either read fails, which `recordLock` treats as the default rule, locked.
 */
export function useApprovalFacts(
  appId: string,
  form: FormDefinition,
  record: RecordDto,
): ApprovalFacts | undefined {
  const client = useClient();
  const approved = record.workflowStatus === 'approved';
  const facts = useAsync(
    () =>
      approved
        ? Promise.all([
            client.apps.get(appId),
            client.workflow.get({ appId, formId: form.id }, record.id),
          ]).then(([{ app }, view]) => ({
            key: `${record.id}:${record.version}`,
            rule: approvalRule(app, form, view.instance.definition),
            submitter: view.instance.submitter,
          }))
        : Promise.resolve(undefined),
    [client, appId, form, record.id, record.version, approved],
  );
  // A previous record's answer stays in `facts` while the next one loads: use only this one's.
  return facts.data?.key === `${record.id}:${record.version}` ? facts.data : undefined;
}

/** Edits the record with the generic form renderer (the same one as the full-page editor). */
function DrawerEditor({
  appId,
  form,
  record,
  onCancel,
  onSaved,
}: {
  appId: string;
  form: FormDefinition;
  record: RecordDto;
  onCancel(): void;
  onSaved(record: RecordDto): void;
}) {
  const { tx } = useViewTexts();
  const client = useClient();
  const { message } = AntApp.useApp();
  const app = useAsync(() => client.apps.get(appId).then((r) => r.app), [client, appId]);
  const save = useRecordSave({
    appId,
    form,
    record,
    onSaved: (saved) => {
      void message.success(tx.saved);
      onSaved(saved);
    },
  });
  if (!app.data) return null;
  return (
    <div data-testid="record-edit-form">
      <RecordConflictAlert save={save} />
      <FormRenderer
        app={app.data}
        form={form}
        mode="edit"
        initial={record.data}
        {...(record.display ? { display: record.display } : {})}
        onStore={save.onStore}
        onSubmit={save.submit}
      />
      <Button onClick={onCancel} style={{ marginTop: 8 }}>
        {tx.cancel}
      </Button>
    </div>
  );
}

function History({
  appId,
  form,
  record,
  directory,
}: Omit<RecordDrawerProps, 'onClose' | 'onSaved' | 'record'> & { record: RecordDto }) {
  const { tx } = useViewTexts();
  const client = useClient();
  const history = useAsync(
    () => client.records.history({ appId, formId: form.id }, record.id).then((r) => r.items),
    [client, appId, form.id, record.id, record.version],
  );
  if (!history.data) return null;
  if (history.data.length === 0) return <Empty description={tx.noHistory} />;
  const verb = (action: string, n: number) =>
    action === 'create'
      ? tx.created
      : action === 'delete'
        ? tx.removed
        : action === 'restore'
          ? tx.restored
          : fill(tx.changed, { count: n });
  return (
    <Timeline
      data-testid="record-history"
      items={[...history.data].reverse().map((h, i) => ({
        key: i,
        color: h.action === 'create' ? 'green' : h.action === 'delete' ? 'red' : 'blue',
        content: (
          <div className="tg-history-entry">
            <div>
              <Typography.Text strong>{authorName(h.by, directory) ?? tx.someone}</Typography.Text>{' '}
              <Typography.Text>{verb(h.action, h.changes.length)}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                {dayjs(h.at).format('YYYY-MM-DD HH:mm')}
              </Typography.Text>
            </div>
            {h.action === 'update'
              ? h.changes.map((c) => (
                  <HistoryChange
                    key={c.field}
                    field={form.fields?.find((f) => f.id === c.field)}
                    fieldId={c.field}
                    from={c.from}
                    to={c.to}
                    directory={directory}
                  />
                ))
              : null}
          </div>
        ),
      }))}
    />
  );
}

function Comments({ appId, form, record }: { appId: string; form: FormDefinition; record: RecordDto }) {
  const { tx } = useViewTexts();
  const client = useClient();
  const { message } = AntApp.useApp();
  const ref = { appId, formId: form.id };
  const comments = useAsync(() => client.comments.list(ref, record.id), [client, appId, form.id, record.id]);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const send = async () => {
    if (!text.trim()) return;
    setSending(true);
    try {
      await client.comments.add(ref, record.id, text);
      setText('');
      comments.reload();
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setSending(false);
    }
  };
  return (
    <div data-testid="record-comments">
      {comments.data?.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tx.noComments} />
      ) : null}
      {comments.data?.map((c) => (
        <div key={c.id} className="tg-comment">
          <Avatar size={28} style={{ background: '#4263eb', flex: 'none' }}>
            {(c.authorName ?? '?').slice(0, 1)}
          </Avatar>
          <div style={{ minWidth: 0 }}>
            <div>
              <Typography.Text strong>{c.authorName ?? tx.someone}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                {dayjs(c.createdAt).format('YYYY-MM-DD HH:mm')}
              </Typography.Text>
            </div>
            <div className="tg-comment-body">{c.body}</div>
          </div>
        </div>
      ))}
      <Input.TextArea
        aria-label={tx.addComment}
        placeholder={tx.addComment}
        value={text}
        maxLength={5000}
        autoSize={{ minRows: 2, maxRows: 6 }}
        onChange={(e) => setText(e.target.value)}
        style={{ marginTop: 12 }}
      />
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 8 }}>
        <Button type="primary" loading={sending} disabled={!text.trim()} onClick={() => void send()}>
          {tx.send}
        </Button>
      </div>
    </div>
  );
}
