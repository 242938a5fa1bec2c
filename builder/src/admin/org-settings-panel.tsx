import { isApiError, type OrgSettings } from '@tangram/client';
import { countryName, phoneCountries, phoneExample } from '@tangram/fields';
import { LoadError, Loading, useClient } from '@tangram/runtime';
import { App, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Every IANA zone the browser knows; the server checks the chosen one again. */
const timeZones = (): string[] =>
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];

/**
 * Organisation settings: its name, time zone ("today", schedules) and country, whose numbering
 * plan phone fields check (decision 0038). Admins only, like the rest of the page.
 */
export function OrgSettingsPanel() {
  const { t, i18n } = useTranslation('orgAdmin');
  const client = useClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrgSettings>();
  const [loaded, setLoaded] = useState<OrgSettings | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const country = Form.useWatch('country', form) ?? loaded?.country;

  const load = useCallback(() => {
    setError(null);
    client.admin.org.get().then(setLoaded, setError);
  }, [client]);
  useEffect(load, [load]);
  useEffect(() => {
    if (loaded) form.setFieldsValue(loaded);
  }, [loaded, form]);

  const countries = useMemo(
    () =>
      phoneCountries()
        .map((code) => ({ value: code, label: `${countryName(code, i18n.language)} (${code})` }))
        .sort((a, b) => a.label.localeCompare(b.label, i18n.language)),
    [i18n.language],
  );
  const zones = useMemo(() => timeZones().map((z) => ({ value: z, label: z })), []);

  const save = async (values: OrgSettings) => {
    setSaving(true);
    try {
      // Forms read the country from the session, which the player loads when it opens.
      setLoaded(await client.admin.org.update(values));
      void message.success(t('common.saved'));
    } catch (e) {
      void message.error(
        isApiError(e) && e.details.length
          ? e.details.map((d) => d.message).join(' ')
          : t('errors.generic', { ns: 'translation', message: e instanceof Error ? e.message : String(e) }),
      );
    } finally {
      setSaving(false);
    }
  };

  if (error)
    return <LoadError error={error instanceof Error ? error : new Error(String(error))} onRetry={load} />;
  if (!loaded) return <Loading />;
  const example = country ? phoneExample(country) : null;
  return (
    <Card className="tg-org-settings" data-testid="org-settings" style={{ maxWidth: 640 }}>
      <Form form={form} layout="vertical" initialValues={loaded} onFinish={(v) => void save(v)}>
        <Form.Item
          name="name"
          label={t('settings.name')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.required', { field: t('settings.name') }),
            },
          ]}
        >
          <Input maxLength={200} data-testid="org-settings-name" />
        </Form.Item>
        <Form.Item name="timeZone" label={t('settings.timeZone')}>
          <Select showSearch options={zones} data-testid="org-settings-time-zone" />
        </Form.Item>
        <Form.Item
          name="country"
          label={t('settings.country')}
          extra={
            <Typography.Text type="secondary" data-testid="org-settings-country-hint">
              {example ? t('settings.countryHint', { example }) : t('settings.countryHintNone')}
            </Typography.Text>
          }
        >
          <Select
            showSearch
            optionFilterProp="label"
            options={countries}
            data-testid="org-settings-country"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="org-settings-save">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
