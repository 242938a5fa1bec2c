import { Alert, Button, Checkbox, Divider, Form, Input, Select, Typography } from 'antd';
import { isApiError, type SetupInput } from '@tangram/client';
import { countryName, DEFAULT_COUNTRY, isPhoneCountry, phoneCountries } from '@tangram/fields';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthLayout } from '../components/auth-layout';
import { browserTimeZone, timeZones } from '../core/locale';
import { useServices } from '../react/context';
import { DEMO_FLAG } from '../templates/demo-install';

/** The server's minimum (auth/password policy); the hint under the field says the same. */
const MIN_PASSWORD = 8;
import { applyApiError } from '../react/form-errors';

interface SetupValues extends Required<SetupInput> {
  confirm: string;
  /** Install the CRM and ERP demo with sample data once signed in (the home page runs it). */
  demo: boolean;
}

/** First run: creates the organisation and its administrator, then signs in. */
export function SetupPage() {
  const { t, i18n } = useTranslation();
  const { session } = useServices();
  const [form] = Form.useForm<SetupValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const zone = useMemo(browserTimeZone, []);
  const zoneOptions = useMemo(() => timeZones(zone).map((z) => ({ value: z, label: z })), [zone]);
  const country = useMemo(browserCountry, []);
  const countryOptions = useMemo(
    () =>
      phoneCountries()
        .map((c) => ({ value: c, label: `${countryName(c, i18n.language)} (${c})` }))
        .sort((a, b) => a.label.localeCompare(b.label, i18n.language)),
    [i18n.language],
  );

  const submit = async ({ confirm: _confirm, demo, ...input }: SetupValues) => {
    setBusy(true);
    setError(null);
    try {
      if (demo) sessionStorage.setItem(DEMO_FLAG, '1');
      await session.getState().setup(input);
    } catch (e) {
      sessionStorage.removeItem(DEMO_FLAG);
      if (isApiError(e, 'already_set_up')) {
        setError(t('setup.alreadySetUp'));
        await session.getState().init();
        return;
      }
      setError(applyApiError(form, e, (m) => t('errors.generic', { message: m })));
    } finally {
      setBusy(false);
    }
  };

  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('common.required', { field }),
  });

  return (
    <AuthLayout title={t('setup.title')} subtitle={t('setup.subtitle')} width={480}>
      <Form<SetupValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{
          orgName: '',
          name: '',
          email: '',
          password: '',
          confirm: '',
          timeZone: zone,
          country,
          demo: true,
        }}
        onFinish={(v) => void submit(v)}
        data-testid="setup-form"
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
          {t('setup.orgSection')}
        </Divider>
        <Form.Item name="orgName" label={t('setup.orgName')} rules={[required(t('setup.orgName'))]}>
          <Input placeholder={t('setup.orgNamePlaceholder')} autoFocus maxLength={100} />
        </Form.Item>
        <Form.Item name="timeZone" label={t('setup.timeZone')} rules={[required(t('setup.timeZone'))]}>
          <Select showSearch options={zoneOptions} />
        </Form.Item>
        <Form.Item name="country" label={t('setup.country')}>
          <Select showSearch optionFilterProp="label" options={countryOptions} data-testid="setup-country" />
        </Form.Item>
        <Divider titlePlacement="start" plain>
          {t('setup.adminSection')}
        </Divider>
        <Form.Item name="name" label={t('setup.name')} rules={[required(t('setup.name'))]}>
          <Input placeholder={t('setup.namePlaceholder')} autoComplete="name" maxLength={100} />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('setup.email')}
          rules={[required(t('setup.email')), { type: 'email', message: t('setup.invalidEmail') }]}
        >
          <Input type="email" autoComplete="email" placeholder="admin@example.com" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('setup.password')}
          extra={t('setup.passwordHint')}
          rules={[
            required(t('setup.password')),
            {
              // The hint under the field states the rule; the error says what is missing.
              validator: (_rule, value: string | undefined) =>
                !value || value.length >= MIN_PASSWORD
                  ? Promise.resolve()
                  : Promise.reject(
                      new Error(
                        t('setup.passwordTooShort', {
                          count: value.length,
                          missing: MIN_PASSWORD - value.length,
                        }),
                      ),
                    ),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('setup.confirmPassword')}
          dependencies={['password']}
          rules={[
            required(t('setup.confirmPassword')),
            ({ getFieldValue }) => ({
              validator: (_rule, value) =>
                !value || value === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('setup.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="demo" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox data-testid="setup-demo">
            {t('templates.demoOption')}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('templates.demoHint')}
            </Typography.Text>
          </Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} style={{ marginTop: 8 }}>
          {t('setup.submit')}
        </Button>
      </Form>
    </AuthLayout>
  );
}

/** The browser's region ("zh-CN" -> CN, "en-US" -> US), where an organisation most likely is. */
function browserCountry(): string {
  try {
    const region = new Intl.Locale(navigator.language).maximize().region;
    return region && isPhoneCountry(region) ? region : DEFAULT_COUNTRY;
  } catch {
    return DEFAULT_COUNTRY;
  }
}
