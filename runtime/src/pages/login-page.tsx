import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { isApiError, type LoginInput } from '@tangram/client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthLayout } from '../components/auth-layout';
import { useServices } from '../react/context';
import { applyApiError } from '../react/form-errors';

/** Sign-in. On success the shell shows the page the user asked for. */
export function LoginPage({ onSignedIn }: { onSignedIn?: () => void }) {
  const { t } = useTranslation();
  const { session } = useServices();
  const [form] = Form.useForm<LoginInput>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (input: LoginInput) => {
    setBusy(true);
    setError(null);
    try {
      await session.getState().login(input);
      onSignedIn?.();
    } catch (e) {
      if (isApiError(e, 'invalid_credentials')) setError(t('login.invalid'));
      else setError(applyApiError(form, e, (m) => t('errors.generic', { message: m })));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t('login.title')} subtitle={t('login.subtitle')}>
      <Form<LoginInput>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ email: '', password: '' }}
        onFinish={(v) => void submit(v)}
        data-testid="login-form"
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        <Form.Item
          name="email"
          label={t('login.email')}
          rules={[{ required: true, message: t('common.required', { field: t('login.email') }) }]}
        >
          <Input prefix={<MailOutlined />} type="email" autoComplete="username" autoFocus size="large" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('login.password')}
          rules={[{ required: true, message: t('common.required', { field: t('login.password') }) }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} style={{ marginTop: 8 }}>
          {t('login.submit')}
        </Button>
      </Form>
    </AuthLayout>
  );
}
