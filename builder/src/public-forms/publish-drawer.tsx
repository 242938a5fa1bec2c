import { CopyOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import type { PublicLink } from '@tangram/client';
import { LoadError, Loading, pickText, useAsync, useClient } from '@tangram/runtime';
import type { FormDefinition } from '@tangram/schema';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const NS = { ns: 'publicForms' } as const;

const STATUS_COLOR: Record<PublicLink['status'], string> = {
  active: 'green',
  disabled: 'default',
  expired: 'orange',
  full: 'gold',
};

/** The address a visitor opens: the player's `/p/<token>` on this server. */
export const publicUrl = (token: string) => `${window.location.origin}/p/${token}`;

interface NewLinkValues {
  fields: string[];
  title?: string;
  description?: string;
  thankYou?: string;
  /** The picker's value (a dayjs moment, in the browser's time zone). */
  expiresAt?: { toISOString(): string } | null;
  maxSubmissions?: number | null;
}

/**
 * The "Publish" panel of one form (decision 0047): create a public link with chosen fields and
 * settings, copy its address (shown once: the server keeps only a hash), see each link's status and
 * submission count, switch it off, give it a new address, or revoke it.
 */
export function PublishDrawer({
  appId,
  form,
  open,
  onClose,
}: {
  appId: string;
  form: FormDefinition;
  open: boolean;
  onClose(): void;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const { message } = App.useApp();
  const ref = { appId, formId: form.id };
  const links = useAsync(
    () => (open ? client.publicForms.list(ref) : Promise.resolve(null)),
    [client, appId, form.id, open],
  );
  const [shown, setShown] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [draft] = Form.useForm<NewLinkValues>();
  const lang = i18n.language;

  const act = async (run: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await run();
      links.reload();
    } catch (e) {
      void message.error(t('failed', { ...NS, message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  const create = (values: NewLinkValues) =>
    act(async () => {
      const { link, token } = await client.publicForms.create(ref, {
        fields: values.fields,
        ...(values.title ? { title: values.title } : {}),
        ...(values.description ? { description: values.description } : {}),
        ...(values.thankYou ? { thankYou: values.thankYou } : {}),
        ...(values.expiresAt ? { expiresAt: values.expiresAt.toISOString() } : {}),
        ...(values.maxSubmissions ? { maxSubmissions: values.maxSubmissions } : {}),
      });
      setShown(publicUrl(token));
      draft.resetFields();
      return link;
    });

  const publicFields = links.data?.publicFields ?? [];
  const labelOf = (id: string) => pickText(form.fields.find((f) => f.id === id)?.label, lang) || id;

  return (
    <Drawer
      open={open}
      onClose={() => {
        setShown(null);
        onClose();
      }}
      title={t('title', { ...NS, form: pickText(form.name, lang) })}
      size="large"
      styles={{ wrapper: { maxWidth: '100vw' } }}
      data-testid="publish-drawer"
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('intro', NS)}</Typography.Paragraph>
      {links.error ? (
        <LoadError error={links.error} onRetry={links.reload} />
      ) : !links.data ? (
        <Loading />
      ) : (
        <>
          {shown ? <ShownLink url={shown} /> : null}
          <Typography.Title level={5}>{t('newLink', NS)}</Typography.Title>
          {publicFields.length === 0 ? (
            <Typography.Text type="secondary">{t('noPublicFields', NS)}</Typography.Text>
          ) : (
            <Form
              form={draft}
              layout="vertical"
              onFinish={(v) => void create(v)}
              initialValues={{ fields: publicFields }}
              data-testid="publish-new"
            >
              <Form.Item
                name="fields"
                label={t('fields', NS)}
                extra={t('fieldsHint', NS)}
                rules={[{ required: true }]}
              >
                <Checkbox.Group
                  options={publicFields.map((id) => ({ value: id, label: labelOf(id) }))}
                  data-testid="publish-fields"
                />
              </Form.Item>
              <Form.Item name="title" label={t('linkTitle', NS)}>
                <Input maxLength={200} data-testid="publish-title" />
              </Form.Item>
              <Form.Item name="description" label={t('description', NS)}>
                <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} />
              </Form.Item>
              <Form.Item name="thankYou" label={t('thankYou', NS)}>
                <Input maxLength={2000} data-testid="publish-thanks" />
              </Form.Item>
              <Space wrap>
                <Form.Item name="expiresAt" label={t('expiresAt', NS)}>
                  <DatePicker
                    showTime={{ format: 'HH:mm' }}
                    format="YYYY-MM-DD HH:mm"
                    // A link cannot end before it is published.
                    disabledDate={(d) => d.isBefore(new Date(), 'day')}
                  />
                </Form.Item>
                <Form.Item name="maxSubmissions" label={t('maxSubmissions', NS)}>
                  <InputNumber min={1} max={1_000_000} precision={0} />
                </Form.Item>
              </Space>
              <Form.Item>
                <Button type="primary" htmlType="submit" loading={busy} data-testid="publish-create">
                  {t('create', NS)}
                </Button>
              </Form.Item>
            </Form>
          )}
          <Typography.Title level={5}>{t('links', NS)}</Typography.Title>
          {links.data.links.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noLinks', NS)} />
          ) : (
            <List
              dataSource={links.data.links}
              renderItem={(link) => (
                <List.Item
                  data-testid="publish-link"
                  actions={[
                    <Switch
                      key="on"
                      checked={link.enabled}
                      checkedChildren={t('enabled', NS)}
                      disabled={busy}
                      onChange={(enabled) =>
                        void act(() => client.publicForms.update(ref, link.id, { enabled }))
                      }
                    />,
                    <Popconfirm
                      key="renew"
                      title={t('renewConfirm', NS)}
                      onConfirm={() =>
                        act(async () =>
                          setShown(publicUrl((await client.publicForms.renewToken(ref, link.id)).token)),
                        )
                      }
                    >
                      <Button type="link" size="small">
                        {t('renew', NS)}
                      </Button>
                    </Popconfirm>,
                    <Popconfirm
                      key="revoke"
                      title={t('revokeConfirm', NS)}
                      onConfirm={() =>
                        act(async () => {
                          await client.publicForms.revoke(ref, link.id);
                          void message.success(t('revoked', NS));
                        })
                      }
                    >
                      <Button type="link" size="small" danger data-testid="publish-revoke">
                        {t('revoke', NS)}
                      </Button>
                    </Popconfirm>,
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <Space wrap>
                        <span>{link.title || t('untitled', NS)}</span>
                        <Tag color={STATUS_COLOR[link.status]}>{t(`status_${link.status}`, NS)}</Tag>
                      </Space>
                    }
                    description={
                      <Space wrap size={12}>
                        <span data-testid="publish-count">
                          {t('submissions', { ...NS, count: link.submissions })}
                        </span>
                        <span>{t('fieldsCount', { ...NS, count: link.fields.length })}</span>
                        {link.maxSubmissions ? (
                          <span>{t('limit', { ...NS, max: link.maxSubmissions })}</span>
                        ) : null}
                        {link.expiresAt ? (
                          <span>
                            {t('expires', { ...NS, at: new Date(link.expiresAt).toLocaleString(lang) })}
                          </span>
                        ) : null}
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          )}
        </>
      )}
    </Drawer>
  );
}

/** A freshly issued address, with a copy button: the only time it is shown. */
function ShownLink({ url }: { url: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <div
      style={{
        background: '#f6ffed',
        border: '1px solid #b7eb8f',
        borderRadius: 6,
        padding: 12,
        marginBottom: 16,
      }}
      data-testid="publish-shown"
    >
      <Typography.Paragraph style={{ marginBottom: 8 }}>{t('created', NS)}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%' }}>
        <Input readOnly value={url} aria-label={t('url', NS)} data-testid="publish-url" />
        <Button
          icon={<CopyOutlined />}
          onClick={() =>
            void navigator.clipboard.writeText(url).then(
              () => message.success(t('copied', NS)),
              () => message.error(t('copyFailed', NS)),
            )
          }
        >
          {t('copy', NS)}
        </Button>
      </Space.Compact>
    </div>
  );
}
