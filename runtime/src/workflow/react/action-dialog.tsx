import type { AppDefinition, WorkflowActionName, WorkflowViewerState } from '@tangram/client';
import { Alert, Input, Modal, Radio, Select, type ButtonProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { ACTIONS, checkInput, rejectKey, type ActionInput, type ActionSpec } from '../core/actions';
import { useWorkflowTexts } from '../texts';
import { SignatureInput } from './signature-input';
import { UserPicker } from './user-picker';
import type { Members } from './use-members';

/**
 * The dialog of one action, built from its registry entry: a rejection target, users (one or
 * several, before/after), the comment (required when the node or the action says so) and the
 * signature pad when the node requires a signature. OK runs the action; the dialog stays open with
 * the problem shown when the input is incomplete or the call fails.
 */
export function ActionDialog({
  action,
  me,
  app,
  members,
  selfId,
  onRun,
  onClose,
}: {
  action: WorkflowActionName;
  me: WorkflowViewerState;
  app: AppDefinition;
  members: Members;
  selfId: string;
  /** Runs the action; resolves true when done (the dialog closes). */
  onRun(input: ActionInput): Promise<boolean>;
  onClose(): void;
}) {
  const { tx, lang } = useWorkflowTexts();
  const spec: ActionSpec = ACTIONS[action];
  const [input, setInput] = useState<ActionInput>(() => ({
    ...(spec.rejectTarget && me.rejectTargets[0] ? { rejectTo: me.rejectTargets[0] } : {}),
    ...(spec.users === 'many' ? { position: 'after' as const } : {}),
  }));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ActionInput>) => {
    setInput((i) => ({ ...i, ...patch }));
    setProblem(null);
  };
  const commentNeeded = spec.comment === 'required' || (spec.comment === 'node' && me.commentRequired);
  const signs = spec.signs && me.signatureRequired;

  const ok = async () => {
    const issue = checkInput(action, me, input);
    if (issue) return setProblem(tx[issue]);
    setBusy(true);
    try {
      if (await onRun(input)) onClose();
    } finally {
      setBusy(false);
    }
  };

  const label = (text: string, required: boolean): ReactNode => (
    <label className="tg-wf-dialog-label">
      {required ? <span className="tg-required">*</span> : null}
      {text}
    </label>
  );

  return (
    <Modal
      open
      title={tx.actions[action]}
      okText={tx.actions[action]}
      cancelText={tx.cancel}
      okButtonProps={
        { danger: spec.look === 'danger', loading: busy, 'data-testid': 'workflow-dialog-ok' } as ButtonProps
      }
      onOk={() => void ok()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="workflow-dialog"
    >
      {spec.rejectTarget && me.rejectTargets.length > 0 ? (
        <div className="tg-wf-dialog-section">
          {label(tx.rejectTo, true)}
          <Select
            data-testid="workflow-reject-target"
            style={{ width: '100%' }}
            value={input.rejectTo ? rejectKey(input.rejectTo) : undefined}
            options={me.rejectTargets.map((o) => ({
              value: rejectKey(o),
              label: o.kind === 'node' ? (o.name ?? o.nodeId) : tx.rejectTarget[o.kind],
            }))}
            onChange={(key: string) => set({ rejectTo: me.rejectTargets.find((o) => rejectKey(o) === key) })}
          />
        </div>
      ) : null}
      {spec.users ? (
        <div className="tg-wf-dialog-section">
          {label(spec.users === 'one' ? tx.transferTo : tx.addUsers, true)}
          <UserPicker
            members={members}
            multiple={spec.users === 'many'}
            value={input.users ?? []}
            exclude={[selfId]}
            placeholder={tx.pickUsers}
            onChange={(users) => set({ users })}
          />
        </div>
      ) : null}
      {spec.users === 'many' ? (
        <div className="tg-wf-dialog-section">
          {label(tx.position, true)}
          <Radio.Group
            value={input.position}
            onChange={(e) => set({ position: e.target.value as 'before' | 'after' })}
            options={[
              { value: 'before', label: tx.before },
              { value: 'after', label: tx.after },
            ]}
          />
        </div>
      ) : null}
      {spec.comment !== 'none' ? (
        <div className="tg-wf-dialog-section">
          {label(tx.comment, commentNeeded)}
          <Input.TextArea
            data-testid="workflow-comment"
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={2000}
            placeholder={commentNeeded ? tx.commentRequired : tx.commentPlaceholder}
            value={input.comment}
            onChange={(e) => set({ comment: e.target.value })}
          />
        </div>
      ) : null}
      {signs ? (
        <div className="tg-wf-dialog-section">
          {label(tx.signature, true)}
          <SignatureInput app={app} lang={lang} onChange={(signature) => set({ signature })} />
        </div>
      ) : null}
      {problem ? <Alert type="error" showIcon title={problem} data-testid="workflow-dialog-problem" /> : null}
    </Modal>
  );
}
