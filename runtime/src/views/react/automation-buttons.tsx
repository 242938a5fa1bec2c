import { ThunderboltOutlined } from '@ant-design/icons';
import type { AppDefinition, RecordDto } from '@tangram/client';
import type { AutomationDefinition, ButtonTrigger } from '@tangram/schema';
import { App as AntApp, Button, Space } from 'antd';
import { useState } from 'react';
import { pickText } from '../../core/i18n-text';
import { useClient } from '../../react/context';
import { useViewTexts } from './texts';

/** An automation started by a button on the records of a form (decision 0029). */
export type ButtonAutomation = AutomationDefinition & { trigger: ButtonTrigger };

const NONE: ButtonAutomation[] = [];

/** The app's button automations on form `formId`, in definition order. */
export function buttonAutomations(app: AppDefinition | undefined, formId: string): ButtonAutomation[] {
  const found = (app?.automations ?? []).filter(
    (a): a is ButtonAutomation => a.trigger.type === 'button' && a.trigger.form === formId,
  );
  return found.length ? found : NONE;
}

// Kept beside the feature, as texts.ts keeps the data views' texts.
const TEXTS = {
  'zh-CN': {
    confirm: '运行“{label}”？',
    confirmText: '将对这条数据执行智能助手。',
    run: '运行',
    cancel: '取消',
    done: '“{label}”已完成',
    failed: '“{label}”失败：{error}',
    queued: '“{label}”已排队，稍后执行',
  },
  en: {
    confirm: 'Run "{label}"?',
    confirmText: 'This runs the automation on this record.',
    run: 'Run',
    cancel: 'Cancel',
    done: '"{label}" done',
    failed: '"{label}" failed: {error}',
    queued: '"{label}" is queued and runs shortly',
  },
} as const;

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

/**
 * The buttons of a record (record drawer, table row): pressing one runs its automation on the
 * record as its owner, after a confirmation when the trigger asks for one. `onDone` lets the
 * caller read the record again (the automation may have changed it).
 */
export function AutomationButtons({
  appId,
  automations,
  record,
  size,
  onDone,
}: {
  appId: string;
  automations: readonly ButtonAutomation[];
  record: RecordDto;
  size?: 'small' | 'middle';
  onDone?(): void;
}) {
  const { lang } = useViewTexts();
  const tx = lang === 'en' ? TEXTS.en : TEXTS['zh-CN'];
  const client = useClient();
  const { message, modal } = AntApp.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  if (!automations.length) return null;

  const press = async (a: ButtonAutomation, label: string) => {
    setBusy(a.id);
    try {
      const { run } = await client.automations.press(appId, a.id, record.id);
      if (!run) void message.info(fill(tx.queued, { label }));
      else if (run.status === 'failed')
        void message.error(fill(tx.failed, { label, error: run.error ?? '' }));
      else void message.success(fill(tx.done, { label }));
      onDone?.();
    } catch (e) {
      void message.error(fill(tx.failed, { label, error: (e as Error).message }));
    } finally {
      setBusy(null);
    }
  };

  return (
    // Inside a table row: a click here must not also open the record.
    <Space size={4} wrap onClick={(e) => e.stopPropagation()} data-testid="automation-buttons">
      {automations.map((a) => {
        const label = pickText(a.trigger.label, lang) || pickText(a.name, lang);
        return (
          <Button
            key={a.id}
            size={size}
            icon={<ThunderboltOutlined />}
            loading={busy === a.id}
            onClick={() =>
              a.trigger.confirm
                ? modal.confirm({
                    title: fill(tx.confirm, { label }),
                    content: tx.confirmText,
                    okText: tx.run,
                    cancelText: tx.cancel,
                    onOk: () => press(a, label),
                  })
                : void press(a, label)
            }
            data-testid={`automation-button-${a.id}`}
          >
            {label}
          </Button>
        );
      })}
    </Space>
  );
}
