import {
  ApartmentOutlined,
  ArrowLeftOutlined,
  DeleteOutlined,
  EditOutlined,
  ExportOutlined,
  FileTextOutlined,
  FormOutlined,
  PlusOutlined,
  SafetyOutlined,
  ShareAltOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Result,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { isApiError, type AppDefinition } from '@tangram/client';
import { AppIcon, LoadError, Loading, pickText, useAsync, useClient, useServices } from '@tangram/runtime';
import type { FormDefinition, I18NText } from '@tangram/schema';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withFormName, withNavToggled, withNewForm, withoutForm } from '../core/form-drafts';
import { AggregatesCard } from '../aggregates/aggregates-card';
import { AutomationsCard } from '../automations/automations-card';
import { DashboardsCard } from '../dashboards/dashboards-card';
import { NavigationEditor } from '../navigation/nav-editor';
import { PublishDrawer } from '../public-forms';

type NameDialog = { mode: 'create' } | { mode: 'rename'; form: FormDefinition } | null;

function FormNameDialog({
  dialog,
  busy,
  onOk,
  onCancel,
}: {
  dialog: NameDialog;
  busy: boolean;
  onOk(name: I18NText): void;
  onCancel(): void;
}) {
  const { t } = useTranslation('studio');
  const [form] = Form.useForm<{ zh: string; en: string }>();
  const initial =
    dialog?.mode === 'rename'
      ? { zh: dialog.form.name['zh-CN'] ?? '', en: dialog.form.name.en ?? '' }
      : { zh: '', en: '' };
  return (
    <Modal
      open={!!dialog}
      destroyOnHidden
      title={t(dialog?.mode === 'rename' ? 'forms.renameTitle' : 'forms.createTitle')}
      okText={t(dialog?.mode === 'rename' ? 'dialog.save' : 'dialog.create')}
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okButtonProps={{ id: 'form-dialog-ok' }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        preserve={false}
        onFinish={(v) => {
          const name: I18NText = {};
          if (v.zh.trim()) name['zh-CN'] = v.zh.trim();
          if (v.en.trim()) name.en = v.en.trim();
          onOk(name);
        }}
      >
        <Form.Item
          name="zh"
          label={t('dialog.nameZh')}
          rules={[
            {
              validator: (_, v: string) =>
                v?.trim() || form.getFieldValue('en')?.trim()
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('dialog.nameRequired'))),
            },
          ]}
        >
          <Input placeholder={t('forms.nameZhPlaceholder')} autoFocus data-testid="form-name-zh" />
        </Form.Item>
        <Form.Item name="en" label={t('dialog.nameEn')}>
          <Input placeholder={t('forms.nameEnPlaceholder')} data-testid="form-name-en" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One app in the studio: its forms (open in the designer, create, rename, delete) and its navigation. */
export function StudioAppPage({ appId }: { appId: string }) {
  const { t, i18n } = useTranslation('studio');
  const client = useClient();
  const { router } = useServices();
  const { message, modal } = App.useApp();
  const result = useAsync(() => client.apps.get(appId), [client, appId]);
  const [dialog, setDialog] = useState<NameDialog>(null);
  const [publishing, setPublishing] = useState<FormDefinition | null>(null);
  const [busy, setBusy] = useState(false);
  const lang = i18n.language;
  const back = () => router.getState().navigate('/');
  const design = (formId: string) =>
    router.getState().navigate(`/apps/${encodeURIComponent(appId)}/forms/${encodeURIComponent(formId)}`);

  const workflow = (formId: string) =>
    router
      .getState()
      .navigate(`/apps/${encodeURIComponent(appId)}/forms/${encodeURIComponent(formId)}/workflow`);

  const permissions = (formId: string) =>
    router
      .getState()
      .navigate(`/apps/${encodeURIComponent(appId)}/forms/${encodeURIComponent(formId)}/permissions`);

  /** Saves a change made from the latest version; a stale base reloads and asks to retry. */
  const change = async (make: (app: AppDefinition) => AppDefinition): Promise<AppDefinition | null> => {
    setBusy(true);
    try {
      const latest = await client.apps.get(appId);
      const next = make(latest.app);
      const saved = await client.apps.update(appId, { app: next, baseVersion: latest.version });
      result.reload();
      return saved.app;
    } catch (e) {
      if (isApiError(e) && e.status === 409) void message.warning(t('dialog.stale'));
      else
        void message.error(
          t('errors.generic', { ns: 'translation', message: e instanceof Error ? e.message : String(e) }),
        );
      result.reload();
      return null;
    } finally {
      setBusy(false);
    }
  };

  if (result.error) {
    if (isApiError(result.error) && result.error.status === 404) {
      return (
        <Result
          status="404"
          title={t('app.notFound', { ns: 'translation' })}
          extra={<Button onClick={back}>{t('common.back', { ns: 'translation' })}</Button>}
        />
      );
    }
    return <LoadError error={result.error} onRetry={result.reload} />;
  }
  if (!result.data) return <Loading />;
  const { app, version } = result.data;
  const nav = app.navigation ?? [];
  const inNav = new Set(nav.flatMap((i) => (i.kind === 'group' ? i.items.map((l) => l.target) : [i.target])));

  const onName = async (name: I18NText) => {
    if (dialog?.mode === 'rename') {
      const formId = dialog.form.id;
      if (await change((a) => withFormName(a, formId, name))) setDialog(null);
      return;
    }
    let created = '';
    const saved = await change((a) => {
      const next = withNewForm(a, name);
      created = next.form.id;
      return next.app;
    });
    if (saved) {
      setDialog(null);
      design(created);
    }
  };

  const confirmDelete = (form: FormDefinition) => {
    const name = pickText(form.name, lang);
    modal.confirm({
      title: t('forms.deleteTitle', { name }),
      content: t('forms.deleteText'),
      okText: t('apps.delete'),
      okButtonProps: { danger: true },
      onOk: async () => {
        if (await change((a) => withoutForm(a, form.id))) void message.success(t('apps.deleted', { name }));
      },
    });
  };

  return (
    <div className="tg-page">
      <div className="tg-page-head" style={{ flexWrap: 'nowrap' }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 10, minWidth: 0 }}>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={back} aria-label={t('apps.title')} />
          <AppIcon icon={app.icon} size={40} />
          <Typography.Title level={4} ellipsis style={{ minWidth: 0 }} data-testid="studio-app-title">
            {pickText(app.name, lang)}
          </Typography.Title>
          <Tag bordered={false} className="tg-hide-xs">
            {t('app.version', { version })}
          </Tag>
        </div>
        <Button href={`/apps/${encodeURIComponent(app.id)}`} icon={<ExportOutlined />}>
          <span className="tg-hide-xs">{t('app.openInPlayer')}</span>
        </Button>
      </div>
      <Card
        title={t('app.forms')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({ mode: 'create' })}
            data-testid="new-form"
          >
            {t('forms.create')}
          </Button>
        }
      >
        {app.forms.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              <>
                <Typography.Title level={5} style={{ marginTop: 0 }}>
                  {t('app.noForms')}
                </Typography.Title>
                <Typography.Text type="secondary">{t('app.noFormsText')}</Typography.Text>
              </>
            }
          />
        ) : (
          <List
            dataSource={app.forms}
            renderItem={(form) => (
              <List.Item
                data-testid="studio-form-item"
                actions={[
                  <Button
                    key="design"
                    type="link"
                    icon={<FormOutlined />}
                    onClick={() => design(form.id)}
                    data-testid={`design-${form.id}`}
                  >
                    <span className="tg-hide-xs">{t('forms.design')}</span>
                  </Button>,
                  <Button
                    key="workflow"
                    type="link"
                    icon={<ApartmentOutlined />}
                    onClick={() => workflow(form.id)}
                    data-testid={`workflow-${form.id}`}
                  >
                    <span className="tg-hide-xs">{t('forms.workflow')}</span>
                  </Button>,
                  <Button
                    key="permissions"
                    type="link"
                    icon={<SafetyOutlined />}
                    onClick={() => permissions(form.id)}
                    data-testid={`permissions-${form.id}`}
                  >
                    <span className="tg-hide-xs">{t('tab', { ns: 'permissions' })}</span>
                  </Button>,
                  <Button
                    key="publish"
                    type="link"
                    icon={<ShareAltOutlined />}
                    onClick={() => setPublishing(form)}
                    data-testid={`publish-${form.id}`}
                  >
                    <span className="tg-hide-xs">{t('button', { ns: 'publicForms' })}</span>
                  </Button>,
                  <Tooltip key="rename" title={t('forms.rename')}>
                    <Button
                      type="text"
                      icon={<EditOutlined />}
                      aria-label={t('forms.rename')}
                      onClick={() => setDialog({ mode: 'rename', form })}
                    />
                  </Tooltip>,
                  <Tooltip key="delete" title={t('apps.delete')}>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('apps.delete')}
                      onClick={() => confirmDelete(form)}
                    />
                  </Tooltip>,
                ]}
              >
                <List.Item.Meta
                  avatar={<FileTextOutlined style={{ fontSize: 20, color: '#4263eb', marginTop: 4 }} />}
                  title={
                    <Typography.Link onClick={() => design(form.id)} data-testid="studio-form-name">
                      {pickText(form.name, lang)}
                    </Typography.Link>
                  }
                  description={
                    <>
                      {t('app.fields', { count: form.fields.length })}
                      {form.workflowId ? (
                        <Tag color="orange" bordered={false} style={{ marginInlineStart: 8 }}>
                          {t('forms.hasWorkflow')}
                        </Tag>
                      ) : null}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      {app.forms.length ? (
        <Card title={t('nav.title')} style={{ marginTop: 16 }} data-testid="nav-editor">
          <Typography.Paragraph type="secondary">{t('nav.hint')}</Typography.Paragraph>
          <NavigationEditor app={app} busy={busy} change={change} />
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, marginTop: 12 }}>
            {app.forms.map((f) => (
              <label key={f.id} style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
                <Switch
                  size="small"
                  checked={inNav.has(f.id)}
                  disabled={busy}
                  onChange={(on) => void change((a) => withNavToggled(a, f.id, on))}
                />
                {pickText(f.name, lang)}
              </label>
            ))}
          </div>
        </Card>
      ) : null}
      <DashboardsCard app={app} busy={busy} change={change} />
      <AutomationsCard app={app} />
      <AggregatesCard app={app} />
      {publishing ? (
        <PublishDrawer appId={appId} form={publishing} open onClose={() => setPublishing(null)} />
      ) : null}
      <FormNameDialog
        dialog={dialog}
        busy={busy}
        onOk={(n) => void onName(n)}
        onCancel={() => setDialog(null)}
      />
    </div>
  );
}
