import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Result } from 'antd';
import { isApiError, type PasswordLinkInfo } from '@tangram/client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthLayout } from '../components/auth-layout';
import { Loading } from '../components/status-views';
import { useClient, useServices } from '../react/context';
import { applyApiError } from '../react/form-errors';
import { useAsync } from '../react/use-async';

interface Values {
  password: string;
  confirm: string;
}

/** Why a link no longer works, as the key of its message (the server's error codes). */
const DEAD_LINK: Record<string, 'invite.used' | 'invite.expired' | 'invite.notFound'> = {
  link_used: 'invite.used',
  link_expired: 'invite.expired',
  link_not_found: 'invite.notFound',
};

/** The server's password-policy codes (server/src/auth/password-policy.ts) -> text keys. */
const PASSWORD_PROBLEM: Record<string, 'invite.commonPassword' | 'invite.tooShort'> = {
  common_password: 'invite.commonPassword',
  minLength: 'invite.tooShort',
};

/** The token of `/invite#<token>`: in the fragment, so it is never sent to a server log. */
const tokenFromHash = () => decodeURIComponent(window.location.hash.replace(/^#/, ''));

/**
 * Opening an invite or reset link: shows who it is for, takes a new password (the server's policy
 * decides, its message is shown at the field), then signs in and goes to the apps.
 */
export function InvitePage() {
  const { t } = useTranslation();
  const client = useClient();
  const { session, router } = useServices();
  const [token] = useState(tokenFromHash);
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dead, setDead] = useState<string | null>(null);
  const link = useAsync<PasswordLinkInfo | null>(
    () =>
      token
        ? client.passwordLinks.inspect(token)
        : Promise.reject(Object.assign(new Error('no token'), { code: 'link_not_found' })),
    [client, token],
  );

  const toLogin = () => {
    window.history.replaceState(null, '', '/');
    router.getState().navigate('/', { replace: true });
  };

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await client.passwordLinks.accept(token, v.password);
      // Load the new session while this page is still shown, then drop the token from the
      // address bar and history and show the apps.
      await session.getState().init();
      window.history.replaceState(null, '', '/');
      router.getState().navigate('/', { replace: true });
    } catch (e) {
      const code = isApiError(e) ? e.code : undefined;
      const problem = isApiError(e)
        ? e.details.find((d) => d.path === '/password' && d.code && PASSWORD_PROBLEM[d.code])
        : undefined;
      if (code && DEAD_LINK[code]) setDead(DEAD_LINK[code]);
      else if (problem?.code)
        form.setFields([{ name: 'password', errors: [t(PASSWORD_PROBLEM[problem.code]!)] }]);
      else setError(applyApiError(form, e, (m) => t('errors.generic', { message: m })));
    } finally {
      setBusy(false);
    }
  };

  const failure =
    dead ?? (link.error ? (DEAD_LINK[(link.error as { code?: string }).code ?? ''] ?? null) : null);
  if (failure || link.error) {
    return (
      <AuthLayout title={t('invite.resetTitle')}>
        <Result
          status="warning"
          title={failure ? t(failure) : t('errors.generic', { message: link.error?.message ?? '' })}
          extra={
            <Button type="primary" onClick={toLogin} data-testid="invite-to-login">
              {t('invite.toLogin')}
            </Button>
          }
          data-testid="invite-dead"
        />
      </AuthLayout>
    );
  }
  if (!link.data) return <Loading />;
  const info = link.data;
  return (
    <AuthLayout
      title={
        info.purpose === 'invite' ? t('invite.inviteTitle', { org: info.orgName }) : t('invite.resetTitle')
      }
      subtitle={t('invite.subtitle', { name: info.name, email: info.email })}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void submit(v)}
        data-testid="invite-form"
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        {/* Lets password managers store the new password under the right account. */}
        <input type="email" name="username" autoComplete="username" value={info.email} readOnly hidden />
        <Form.Item
          name="password"
          label={t('invite.password')}
          extra={t('invite.passwordHint')}
          rules={[{ required: true, message: t('common.required', { field: t('invite.password') }) }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="new-password" autoFocus size="large" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('invite.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('common.required', { field: t('invite.confirmPassword') }) },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('password') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('invite.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="new-password" size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} style={{ marginTop: 8 }}>
          {t('invite.submit')}
        </Button>
      </Form>
    </AuthLayout>
  );
}
