import { Form, Input, Modal } from 'antd';
import { APP_ICON_NAMES, APP_ICONS, AppIcon, type AppIconName } from '@tangram/runtime';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppBasics } from '../core/app-draft';

export interface AppDialogProps {
  open: boolean;
  mode: 'create' | 'edit';
  initial: AppBasics;
  busy: boolean;
  onSubmit(values: AppBasics): void;
  onCancel(): void;
}

/** Name (zh-CN and en) and icon of an app, for creating or editing it. */
export function AppDialog({ open, mode, initial, busy, onSubmit, onCancel }: AppDialogProps) {
  const { t } = useTranslation('studio');
  const [form] = Form.useForm<AppBasics>();
  useEffect(() => {
    if (open) form.setFieldsValue(initial);
  }, [open, initial, form]);

  const atLeastOneName = () => ({
    validator: () =>
      String(form.getFieldValue('nameZh') ?? '').trim() || String(form.getFieldValue('nameEn') ?? '').trim()
        ? Promise.resolve()
        : Promise.reject(new Error(t('dialog.nameRequired'))),
  });

  return (
    <Modal
      open={open}
      title={mode === 'create' ? t('dialog.createTitle') : t('dialog.editTitle')}
      okText={mode === 'create' ? t('dialog.create') : t('dialog.save')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
      forceRender
      data-testid="app-dialog"
    >
      <Form<AppBasics>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={onSubmit}
        initialValues={initial}
      >
        <Form.Item
          name="nameZh"
          label={t('dialog.nameZh')}
          dependencies={['nameEn']}
          rules={[atLeastOneName]}
        >
          <Input placeholder={t('dialog.nameZhPlaceholder')} maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('dialog.nameEn')}
          dependencies={['nameZh']}
          rules={[atLeastOneName]}
        >
          <Input placeholder={t('dialog.nameEnPlaceholder')} maxLength={100} />
        </Form.Item>
        <Form.Item name="icon" label={t('dialog.icon')}>
          <IconPicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function IconPicker({ value, onChange }: { value?: string; onChange?: (v: AppIconName) => void }) {
  return (
    <div role="radiogroup" style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      {APP_ICON_NAMES.map((name) => {
        const selected = name === value;
        return (
          <button
            key={name}
            type="button"
            role="radio"
            aria-checked={selected}
            aria-label={name}
            data-app-icon={name}
            onClick={() => onChange?.(name)}
            style={{
              padding: 3,
              border: `2px solid ${selected ? APP_ICONS[name] : 'transparent'}`,
              borderRadius: 12,
              background: 'none',
              cursor: 'pointer',
              lineHeight: 0,
            }}
          >
            <AppIcon icon={name} size={36} />
          </button>
        );
      })}
    </div>
  );
}
