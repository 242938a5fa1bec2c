import { ArrowLeftOutlined, FileTextOutlined } from '@ant-design/icons';
import { Button, Empty, Grid, Layout, Menu, Result, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { isApiError, type FormDefinition, type RecordDto } from '@tangram/client';
import { useTranslation } from 'react-i18next';
import { AppIcon } from '../components/app-icon';
import { LoadError, Loading } from '../components/status-views';
import { formatFieldValue } from '../core/format-value';
import { pickText } from '../core/i18n-text';
import { useClient, useServices, useSession } from '../react/context';
import { useAsync } from '../react/use-async';

/** Layout-only field types: they hold no value and get no column. */
const LAYOUT_TYPES = new Set(['description', 'divider', 'tabs', 'section']);
const RECORD_LIMIT = 50;

/** An app: its forms as navigation and, for the selected form, a read-only table of records. */
export function AppPage({ appId, formId }: { appId: string; formId: string | undefined }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const { router } = useServices();
  const isAdmin = useSession((s) => s.session?.user.isAdmin ?? false);
  const screens = Grid.useBreakpoint();
  const app = useAsync(() => client.apps.get(appId).then((r) => r.app), [client, appId]);
  const lang = i18n.language;

  if (app.error) {
    if (isApiError(app.error) && app.error.status === 404) {
      return (
        <Result
          status="404"
          title={t('app.notFound')}
          extra={
            <Button type="primary" onClick={() => router.getState().navigate('/')}>
              {t('app.backToApps')}
            </Button>
          }
        />
      );
    }
    return <LoadError error={app.error} onRetry={app.reload} />;
  }
  if (!app.data) return <Loading />;

  const forms = app.data.forms ?? [];
  const selected = forms.find((f) => f.id === formId) ?? forms[0];
  const select = (id: string) =>
    router
      .getState()
      .navigate(`/apps/${encodeURIComponent(appId)}/forms/${encodeURIComponent(id)}`, { replace: true });
  const wide = screens.md ?? true;

  const title = (
    <div
      className="tg-page-head"
      style={{ marginBottom: 16, justifyContent: 'flex-start', flexWrap: 'nowrap' }}
    >
      <Button
        type="text"
        icon={<ArrowLeftOutlined />}
        aria-label={t('app.backToApps')}
        onClick={() => router.getState().navigate('/')}
      />
      <AppIcon icon={app.data.icon} size={36} />
      <Typography.Title level={4} ellipsis style={{ minWidth: 0 }} data-testid="app-title">
        {pickText(app.data.name, lang)}
      </Typography.Title>
    </div>
  );

  if (forms.length === 0) {
    return (
      <div className="tg-page">
        {title}
        <div className="tg-empty">
          <Empty description={isAdmin ? `${t('app.noForms')} ${t('app.noFormsAdmin')}` : t('app.noForms')} />
        </div>
      </div>
    );
  }

  return (
    <Layout className="tg-app-layout">
      {wide ? (
        <Layout.Sider width={232} className="tg-form-sider" theme="light">
          <Typography.Text type="secondary" className="tg-sider-title" style={{ display: 'block' }}>
            {t('app.forms')}
          </Typography.Text>
          <Menu
            mode="inline"
            selectedKeys={selected ? [selected.id] : []}
            items={forms.map((f) => ({
              key: f.id,
              icon: <FileTextOutlined />,
              label: pickText(f.name, lang),
            }))}
            onClick={({ key }) => select(key)}
            data-testid="form-menu"
          />
        </Layout.Sider>
      ) : null}
      <Layout.Content className="tg-content">
        {title}
        {!wide ? (
          <Select
            style={{ width: '100%', marginBottom: 16 }}
            value={selected?.id}
            aria-label={t('app.selectForm')}
            options={forms.map((f) => ({ value: f.id, label: pickText(f.name, lang) }))}
            onChange={select}
          />
        ) : null}
        {selected ? <RecordTable appId={appId} form={selected} /> : null}
      </Layout.Content>
    </Layout>
  );
}

function RecordTable({ appId, form }: { appId: string; form: FormDefinition }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const page = useAsync(
    () => client.records.list({ appId, formId: form.id }, { limit: RECORD_LIMIT }),
    [client, appId, form.id],
  );
  const yesNo = { yes: t('common.yes'), no: t('common.no') };
  const fields = (form.fields ?? []).filter((f) => !LAYOUT_TYPES.has(f.type) && f.hidden !== true);
  const columns: ColumnsType<RecordDto> = fields.map((field) => ({
    key: field.id,
    title: pickText(field.label, i18n.language),
    ellipsis: true,
    width: 180,
    render: (_: unknown, record: RecordDto) =>
      formatFieldValue(field, record.data[field.id], i18n.language, yesNo),
  }));

  return (
    <section data-testid="record-table">
      <div className="tg-page-head" style={{ marginBottom: 12 }}>
        <Typography.Title level={5}>{pickText(form.name, i18n.language)}</Typography.Title>
        {page.data ? (
          <Typography.Text type="secondary">
            {t('app.firstRecords', { count: page.data.items.length })}
          </Typography.Text>
        ) : null}
      </div>
      {page.error ? (
        <LoadError error={page.error} onRetry={page.reload} />
      ) : fields.length === 0 ? (
        <div className="tg-empty">
          <Empty description={t('app.noFields')} />
        </div>
      ) : (
        <Table<RecordDto>
          rowKey="id"
          size="middle"
          loading={page.loading}
          columns={columns}
          dataSource={page.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('app.noRecords')} />,
          }}
        />
      )}
    </section>
  );
}
