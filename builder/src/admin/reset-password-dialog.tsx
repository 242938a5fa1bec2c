import type { AdminUser, PasswordLink } from '@tangram/client';
import { applyApiError, useClient } from '@tangram/runtime';
import { Alert, Form, Input, Modal, Radio, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { passwordProblemKey } from './password-errors';

interface Values {
  method: 'link' | 'password';
  password?: string;
}

export interface ResetPasswordDialogProps {
  user: AdminUser | null;
  onDone: (user: AdminUser, link: PasswordLink | undefined) => void;
  onCancel: () => void;
}

/** Resets a password to a new one or to a one-time link; the user's sessions end either way. */
export function ResetPasswordDialog({ user, onDone, onCancel }: ResetPasswordDialogProps) {
  const { t } = useTranslation('orgAdmin');
  const client = useClient();
  const [form] = Form.useForm<Values>();
  const method = Form.useWatch('method', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (user) {
      form.setFieldsValue({ method: 'link', password: '' });
      setError(null);
    }
  }, [user, form]);

  const submit = async (v: Values) => {
    if (!user) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await client.admin.users.resetPassword(
        user.id,
        v.method === 'password' ? v.password : undefined,
      );
      onDone(answer.user, answer.link);
    } catch (e) {
      const problem = passwordProblemKey(e);
      if (problem) {
        form.setFields([{ name: 'password', errors: [t(problem)] }]);
        return;
      }
      setError(applyApiError(form, e, (m) => t('errors.generic', { ns: 'translation', message: m })));
    } finally {
      setBusy(false);
    }
  };

  // A user who never chose a password gets a fresh invite link; nothing else to decide.
  const pending = user?.passwordPending ?? false;
  return (
    <Modal
      open={user !== null}
      title={pending ? t('users.resendInvite') : t('users.resetTitle', { name: user?.name ?? '' })}
      okText={pending ? t('users.resendInvite') : t('users.resetPassword')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onCancel}
      forceRender
    >
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        <Typography.Paragraph type="secondary">{t('users.resetText')}</Typography.Paragraph>
        {pending ? null : (
          <Form.Item name="method">
            <Radio.Group
              options={[
                { value: 'link', label: t('users.resetWithLink') },
                { value: 'password', label: t('users.resetWithPassword') },
              ]}
              style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
            />
          </Form.Item>
        )}
        {!pending && method === 'password' ? (
          <Form.Item
            name="password"
            label={t('users.newPassword')}
            extra={t('users.passwordHelp')}
            rules={[{ required: true, message: t('common.required', { field: t('users.newPassword') }) }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
