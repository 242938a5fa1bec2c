import { Alert, Button } from 'antd';
import { isApiError, type FormDefinition, type RecordDto } from '@tangram/client';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormStore } from '../form/core/form-store';
import { useClient } from './context';

const TEXTS = {
  'zh-CN': {
    conflict: '这条记录已被他人修改。下面显示的是最新内容；请重新填写你的修改后再保存。',
    reapply: '重新应用我的修改',
  },
  en: {
    conflict:
      'Someone else changed this record. The form now shows the current values; reapply your changes and save again.',
    reapply: 'Reapply my changes',
  },
};

const newKey = () =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;

export interface RecordSave {
  /** Pass to `FormRenderer.onSubmit`. */
  submit(data: Record<string, unknown>): Promise<void>;
  /** Pass to `FormRenderer.onStore`. */
  onStore(store: FormStore): void;
  /** The user's data of the submission that hit a 409, until reapplied. */
  conflict: Record<string, unknown> | null;
  reapply(): void;
}

/**
 * Saving a record from the form renderer (record page and record drawer). Creates carry an
 * Idempotency-Key per submission attempt; edits send the record version, and a 409 resets the form
 * to the current record while keeping the user's changes for reapplying.
 */
export function useRecordSave({
  appId,
  form,
  record,
  onSaved,
}: {
  appId: string;
  form: FormDefinition;
  record: RecordDto | null;
  onSaved(record: RecordDto): void;
}): RecordSave {
  const client = useClient();
  const store = useRef<FormStore | null>(null);
  const version = useRef(record?.version ?? 0);
  const [conflict, setConflict] = useState<Record<string, unknown> | null>(null);
  const ref = { appId, formId: form.id };

  const submit = async (data: Record<string, unknown>) => {
    if (!record) {
      // A new key per attempt: a retried request of the same attempt is answered once by the server.
      onSaved(await client.records.create(ref, data, { idempotencyKey: newKey() }));
      return;
    }
    try {
      const saved = await client.records.update(ref, record.id, data, version.current);
      version.current = saved.version;
      setConflict(null);
      onSaved(saved);
    } catch (e) {
      // Only a stale version is a conflict; other 409s (a balance rule's refusal, a duplicate
      // value) keep the user's input and show the server's message.
      if (isApiError(e) && e.status === 409 && e.code === 'stale_version') {
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

  return {
    submit,
    onStore: (s) => (store.current = s),
    conflict,
    reapply: () => {
      const s = store.current?.getState();
      if (s && conflict) for (const [id, v] of Object.entries(conflict)) s.setValue(id, v);
      setConflict(null);
    },
  };
}

/** The 409 banner: the form shows the current values; the button reapplies the user's changes. */
export function RecordConflictAlert({ save }: { save: RecordSave }) {
  const { i18n } = useTranslation();
  const tx = i18n.language.startsWith('en') ? TEXTS.en : TEXTS['zh-CN'];
  if (!save.conflict) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="record-conflict"
      title={tx.conflict}
      action={
        <Button size="small" onClick={save.reapply}>
          {tx.reapply}
        </Button>
      }
    />
  );
}
