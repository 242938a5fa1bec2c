import {
  ApiOutlined,
  ArrowLeftOutlined,
  BarChartOutlined,
  DatabaseOutlined,
  FileTextOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { Button, Empty, Grid, Layout, Menu, Result, Select, Typography } from 'antd';
import { isApiError, type AppDefinition, type AppGrantSummary, type FormDefinition } from '@tangram/client';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { isGroup, navEntries, navMenu, type NavEntry, type NavGroupNode } from '../core/nav-menu';
import { appForNavigation, formForGrant, grantView } from '../core/grant-view';
import { AppIcon } from '../components/app-icon';
import { LoadError, Loading } from '../components/status-views';
import { pickText } from '../core/i18n-text';
import { useClient, useServices, useSession } from '../react/context';
import { useAsync } from '../react/use-async';
import { DataView, DataViewStyles } from '../views';
import { DashboardStyles, DashboardView } from '../dashboards';
import { BalancesNotFound, BalancesView } from '../aggregates/balances-view';

/** Layout-only field types: they hold no value and get no column. */
const LAYOUT_TYPES = new Set(['description', 'divider', 'tabs', 'section']);

/** An app: its forms and dashboards as navigation and the selected form's data view or dashboard. */
export function AppPage({
  appId,
  formId,
  dashboardId,
  aggregateId,
}: {
  appId: string;
  formId: string | undefined;
  dashboardId?: string | undefined;
  /** An aggregate table's balances (navigation kind `aggregate`). */
  aggregateId?: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const { router } = useServices();
  const isAdmin = useSession((s) => s.session?.user.isAdmin ?? false);
  const screens = Grid.useBreakpoint();
  const loaded = useAsync(() => client.apps.get(appId), [client, appId]);
  const me = loaded.data?.me;
  // Forms the caller cannot view are left out of the menu and cannot be selected (decision 0026).
  const app = { ...loaded, data: loaded.data ? appForNavigation(loaded.data.app, me) : undefined };
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
  const dashboards = app.data.dashboards ?? [];
  const dashboard = dashboardId === undefined ? undefined : dashboards.find((d) => d.id === dashboardId);
  const menu = navMenu(app.data);
  const firstForm = navEntries(menu).find((e) => e.kind === 'form')?.id;
  const aggregate =
    aggregateId === undefined ? undefined : (app.data.aggregates ?? []).find((a) => a.id === aggregateId);
  const selected =
    dashboardId !== undefined || aggregateId !== undefined
      ? undefined
      : (forms.find((f) => f.id === formId) ?? forms.find((f) => f.id === firstForm) ?? forms[0]);
  // Menu keys: `form:<id>` and `dashboard:<id>` (a form and a dashboard may share an id).
  const select = (key: string) => {
    const [kind, id = ''] = key.split(':');
    const segment = kind === 'dashboard' ? 'dashboards' : kind === 'aggregate' ? 'aggregates' : 'forms';
    router
      .getState()
      .navigate(`/apps/${encodeURIComponent(appId)}/${segment}/${encodeURIComponent(id)}`, { replace: true });
  };
  const selectedKey = dashboard
    ? `dashboard:${dashboard.id}`
    : aggregate
      ? `aggregate:${aggregate.id}`
      : selected
        ? `form:${selected.id}`
        : undefined;
  const menuEntry = (e: NavEntry) => ({
    key: e.key,
    icon:
      e.kind === 'dashboard' ? (
        <BarChartOutlined />
      ) : e.kind === 'aggregate' ? (
        <DatabaseOutlined />
      ) : (
        <FileTextOutlined />
      ),
    label: pickText(e.name, lang),
  });
  const groupLabel = (g: NavGroupNode) => (g.label ? pickText(g.label, lang) : t('app.dashboards'));
  const menuItems = menu.map((n) =>
    isGroup(n)
      ? {
          type: 'group' as const,
          key: `group:${n.group}`,
          label: groupLabel(n),
          children: n.items.map(menuEntry),
        }
      : menuEntry(n),
  );
  const selectOptions = menu.map((n) =>
    isGroup(n)
      ? {
          label: groupLabel(n),
          title: groupLabel(n),
          options: n.items.map((e) => ({ value: e.key, label: pickText(e.name, lang) })),
        }
      : { value: n.key, label: pickText(n.name, lang) },
  );
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
      {wide ? (
        // The app's API reference, generated for what this user may see (decision 0046).
        <Button
          type="link"
          icon={<ApiOutlined />}
          style={{ marginLeft: 'auto' }}
          data-testid="open-api-docs"
          onClick={() => router.getState().navigate(`/apps/${encodeURIComponent(appId)}/api`)}
        >
          {t('apiDocs.open')}
        </Button>
      ) : null}
    </div>
  );

  if (forms.length === 0 && dashboards.length === 0) {
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
            {dashboards.length || (app.data.aggregates ?? []).length ? t('app.menu') : t('app.forms')}
          </Typography.Text>
          <Menu
            mode="inline"
            selectedKeys={selectedKey ? [selectedKey] : []}
            items={menuItems}
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
            value={selectedKey}
            aria-label={t('app.selectForm')}
            options={selectOptions}
            onChange={select}
          />
        ) : null}
        {dashboard ? (
          <section>
            <Typography.Title level={5} style={{ marginBottom: 8 }} data-testid="dashboard-title">
              {pickText(dashboard.name, lang)}
            </Typography.Title>
            <DashboardStyles />
            <DashboardView
              key={dashboard.id}
              appId={appId}
              app={loaded.data?.app ?? app.data}
              dashboard={dashboard}
              me={me}
            />
          </section>
        ) : aggregate ? (
          <section>
            <Typography.Title level={5} style={{ marginBottom: 8 }} data-testid="balances-title">
              {pickText(aggregate.name, lang)}
            </Typography.Title>
            <BalancesView
              key={aggregate.id}
              appId={appId}
              app={loaded.data?.app ?? app.data}
              aggregate={aggregate}
            />
          </section>
        ) : aggregateId !== undefined ? (
          <BalancesNotFound />
        ) : dashboardId !== undefined ? (
          <div className="tg-empty">
            <Empty description={t('app.dashboardNotFound')} />
          </div>
        ) : selected ? (
          <RecordTable appId={appId} form={selected} me={me} app={loaded.data?.app} />
        ) : null}
      </Layout.Content>
    </Layout>
  );
}

function RecordTable({
  appId,
  form: defined,
  me,
  app,
}: {
  appId: string;
  form: FormDefinition;
  me: AppGrantSummary | undefined;
  /** The loaded definition (stable between renders): lookups sort and format through it. */
  app: AppDefinition | undefined;
}) {
  const { t, i18n } = useTranslation();
  // Memoized: the data view rebuilds its store when the form object changes.
  const { grant, form } = useMemo(() => {
    const g = grantView(me, defined.id);
    return { grant: g, form: formForGrant(defined, g) };
  }, [me, defined]);
  const fields = (form.fields ?? []).filter((f) => !LAYOUT_TYPES.has(f.type));
  return (
    <section>
      <div className="tg-page-head" style={{ marginBottom: 8 }}>
        <Typography.Title level={5}>{pickText(form.name, i18n.language)}</Typography.Title>
        {grant.canCreate ? <NewRecordButton appId={appId} formId={form.id} /> : null}
      </div>
      {fields.length === 0 ? (
        <div className="tg-empty">
          <Empty description={t('app.noFields')} />
        </div>
      ) : (
        <>
          <DataViewStyles />
          <DataView appId={appId} form={form} grant={grant} app={app} />
        </>
      )}
    </section>
  );
}

/** Opens the form renderer for a new record (pages/record-form.page.tsx). */
function NewRecordButton({ appId, formId }: { appId: string; formId: string }) {
  const { i18n } = useTranslation();
  const { router } = useServices();
  return (
    <Button
      type="primary"
      icon={<PlusOutlined />}
      data-testid="new-record"
      onClick={() =>
        router
          .getState()
          .navigate(`/apps/${encodeURIComponent(appId)}/forms/${encodeURIComponent(formId)}/new`)
      }
    >
      {i18n.language.startsWith('en') ? 'New record' : '新建记录'}
    </Button>
  );
}
