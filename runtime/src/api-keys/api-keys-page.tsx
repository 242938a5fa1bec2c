import { DeleteOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { ApiKey, NewApiKey } from '@tangram/client';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../components/status-views';
import { pickText } from '../core/i18n-text';
import { useClient, useRouter } from '../react/context';
import { useAsync } from '../react/use-async';
import { keyStatus } from './key-status';

const EXPIRY_DAYS = [7, 30, 90, 365] as const;

interface FormValues {
  name: string;
  expiresInDays: number;
  scopes: { app?: string; forms?: string[]; access: 'read' | 'write' }[];
}

/**
 * The signed-in user's API keys (decision 0046): create one with scopes and an expiry (the key is
 * shown once, with a copy button), see when each was last used, revoke.
 */
export function ApiKeysPage() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const { message } = App.useApp();
  const navigate = useRouter((s) => s.navigate);
  const keys = useAsync(() => client.apiKeys.list(), [client]);
  const apps = useAsync(() => client.apps.list().then((r) => r.items), [client]);
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const when = (iso: string | null, fallback = '–') => (iso ? date.format(new Date(iso)) : fallback);
  const appName = (id: string) => {
    const app = apps.data?.find((a) => a.id === id);
    return app ? pickText(app.name, i18n.language) : id;
  };

  const revoke = async (key: ApiKey) => {
    try {
      await client.apiKeys.revoke(key.id);
      void message.success(t('apiKeys.revokedDone'));
      keys.reload();
    } catch (e) {
      void message.error(t('errors.generic', { message: e instanceof Error ? e.message : String(e) }));
    }
  };

  return (
    <div className="tg-page" data-testid="api-keys-page">
      <div className="tg-page-head">
        <Typography.Title level={3}>{t('apiKeys.title')}</Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="api-key-new"
        >
          {t('apiKeys.create')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary">{t('apiKeys.intro')}</Typography.Paragraph>
      {keys.error ? (
        <LoadError error={keys.error} onRetry={keys.reload} />
      ) : (
        <Table<ApiKey>
          rowKey="id"
          loading={keys.loading}
          dataSource={keys.data ?? []}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: t('apiKeys.empty') }}
          columns={[
            { title: t('apiKeys.name'), dataIndex: 'name' },
            {
              title: t('apiKeys.prefix'),
              dataIndex: 'prefix',
              render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text>,
            },
            {
              title: t('apiKeys.scopes'),
              render: (_, key) => (
                <Space size={4} wrap>
                  {key.scopes.map((s) => (
                    <Tag
                      key={s.app}
                      color={s.access === 'write' ? 'orange' : 'blue'}
                      title={t('apiKeys.docs')}
                      style={{ cursor: 'pointer' }}
                      onClick={() => navigate(`/apps/${encodeURIComponent(s.app)}/api`)}
                    >
                      {appName(s.app)}
                      {s.forms ? ` (${s.forms.length})` : ''} · {t(`apiKeys.${s.access}`)}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            { title: t('apiKeys.lastUsed'), render: (_, key) => when(key.lastUsedAt, t('apiKeys.never')) },
            { title: t('apiKeys.expires'), render: (_, key) => when(key.expiresAt) },
            {
              title: t('apiKeys.status'),
              render: (_, key) => {
                const status = keyStatus(key, new Date());
                return (
                  <Tag color={status === 'active' ? 'green' : 'default'} data-testid="api-key-status">
                    {t(`apiKeys.${status}`)}
                  </Tag>
                );
              },
            },
            {
              title: '',
              render: (_, key) =>
                keyStatus(key, new Date()) === 'active' ? (
                  <Popconfirm title={t('apiKeys.revokeConfirm')} onConfirm={() => revoke(key)}>
                    <Button danger size="small" icon={<DeleteOutlined />} data-testid="api-key-revoke">
                      {t('apiKeys.revoke')}
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      )}
      <CreateKeyModal
        open={creating}
        apps={(apps.data ?? []).map((a) => ({ value: a.id, label: pickText(a.name, i18n.language) }))}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          setShown(key);
          keys.reload();
        }}
      />
      <Modal
        open={shown !== null}
        title={t('apiKeys.createdTitle')}
        closable={false}
        maskClosable={false}
        footer={
          <Button type="primary" onClick={() => setShown(null)} data-testid="api-key-done">
            {t('apiKeys.done')}
          </Button>
        }
      >
        <Alert type="warning" showIcon message={t('apiKeys.shownOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph
          code
          copyable={{ text: shown ?? '', tooltips: [t('apiKeys.copy'), t('apiKeys.copied')] }}
          style={{ wordBreak: 'break-all' }}
          data-testid="api-key-secret"
        >
          {shown}
        </Typography.Paragraph>
      </Modal>
    </div>
  );
}

function CreateKeyModal(props: {
  open: boolean;
  apps: { value: string; label: string }[];
  onClose(): void;
  onCreated(key: string): void;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [formsOf, setFormsOf] = useState<Record<string, { value: string; label: string }[]>>({});

  const loadForms = (appId: string) => {
    if (formsOf[appId]) return;
    client.apps.get(appId).then(
      ({ app }) =>
        setFormsOf((m) => ({
          ...m,
          [appId]: app.forms.map((f) => ({ value: f.id, label: pickText(f.name, i18n.language) })),
        })),
      () => undefined,
    );
  };

  const submit = async (values: FormValues) => {
    setSaving(true);
    try {
      const input: NewApiKey = {
        name: values.name.trim(),
        expiresInDays: values.expiresInDays,
        scopes: values.scopes
          .filter((s): s is FormValues['scopes'][number] & { app: string } => Boolean(s.app))
          .map((s) => ({ app: s.app, forms: s.forms?.length ? s.forms : null, access: s.access })),
      };
      const created = await client.apiKeys.create(input);
      form.resetFields();
      props.onCreated(created.key);
    } catch (e) {
      void message.error(t('errors.generic', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={t('apiKeys.create')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, ...({ 'data-testid': 'api-key-create' } as object) }}
      destroyOnHidden
      width={640}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ expiresInDays: 90, scopes: [{ access: 'read' }] }}
      >
        <Form.Item
          name="name"
          label={t('apiKeys.name')}
          rules={[
            {
              required: true,
              whitespace: true,
              max: 100,
              message: t('apiKeys.required', { field: t('apiKeys.name') }),
            },
          ]}
        >
          <Input placeholder={t('apiKeys.namePlaceholder')} maxLength={100} data-testid="api-key-name" />
        </Form.Item>
        <Form.List name="scopes">
          {(fields, { add, remove }) => (
            <>
              <Typography.Text strong>{t('apiKeys.scopes')}</Typography.Text>
              {fields.map((field, index) => (
                <Space key={field.key} align="start" wrap style={{ display: 'flex', marginTop: 8 }}>
                  <Form.Item
                    name={[field.name, 'app']}
                    rules={[{ required: true, message: t('apiKeys.required', { field: t('apiKeys.app') }) }]}
                    style={{ minWidth: 160, marginBottom: 0 }}
                  >
                    <Select
                      placeholder={t('apiKeys.app')}
                      options={props.apps}
                      onChange={(appId: string) => loadForms(appId)}
                      data-testid={`api-key-app-${index}`}
                    />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() => {
                      const appId = form.getFieldValue(['scopes', field.name, 'app']) as string | undefined;
                      return (
                        <Form.Item name={[field.name, 'forms']} style={{ minWidth: 180, marginBottom: 0 }}>
                          <Select
                            mode="multiple"
                            allowClear
                            placeholder={t('apiKeys.allForms')}
                            options={appId ? (formsOf[appId] ?? []) : []}
                            maxCount={100}
                          />
                        </Form.Item>
                      );
                    }}
                  </Form.Item>
                  <Form.Item name={[field.name, 'access']} style={{ marginBottom: 0 }}>
                    <Radio.Group
                      optionType="button"
                      options={[
                        { value: 'read', label: t('apiKeys.read') },
                        {
                          value: 'write',
                          label: t('apiKeys.write'),
                          'data-testid': `api-key-write-${index}`,
                        } as never,
                      ]}
                    />
                  </Form.Item>
                  {fields.length > 1 ? (
                    <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} />
                  ) : null}
                </Space>
              ))}
              {fields.length < 20 ? (
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ access: 'read' })}
                  style={{ marginTop: 8, marginBottom: 16 }}
                >
                  {t('apiKeys.addScope')}
                </Button>
              ) : null}
            </>
          )}
        </Form.List>
        <Form.Item name="expiresInDays" label={t('apiKeys.expiry')}>
          <Select options={EXPIRY_DAYS.map((d) => ({ value: d, label: t('apiKeys.days', { count: d }) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
