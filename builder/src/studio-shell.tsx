import { AppstoreOutlined, AuditOutlined, GiftOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Layout, Result, Tag } from 'antd';
import {
  AppHeader,
  Loading,
  LoadError,
  matchPath,
  useRouter,
  useServices,
  useSession,
} from '@tangram/runtime';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isOrgAdminSection, OrgAdminPage } from './admin/org-admin-page';
import { AuditPage } from './audit/audit-page';
import { AutomationDesignerPage } from './automations/automation-designer';
import { guardedNavigate } from './core/nav-guard';
import { FormDesignerPage } from './designer/form-designer';
import { DashboardEditorPage } from './dashboards/dashboard-editor';
import { PermissionDesignerPage } from './permissions/permission-designer';
import { PrintDesignerPage } from './print';
import { AggregateDesignerPage } from './aggregates/aggregate-designer';
import { StudioAppPage } from './pages/studio-app-page';
import { StudioAppsPage } from './pages/studio-apps-page';
import { TemplatesPage } from './templates/templates-page';
import { ViewsStudioPage } from './views';
import { WorkflowDesignerPage } from './workflow/workflow-designer';

/** The studio: admins only; without a session the player's login page takes over. */
export function StudioShell() {
  const { t } = useTranslation('studio');
  const { session, router } = useServices();
  const status = useSession((s) => s.status);
  const error = useSession((s) => s.error);
  const isAdmin = useSession((s) => s.session?.user.isAdmin ?? false);
  const path = useRouter((s) => s.path);

  useEffect(() => {
    void session.getState().init();
  }, [session]);

  useEffect(() => {
    // Setup and sign-in live in the player; come back here afterwards.
    if (status === 'anonymous' || status === 'setup') {
      const next = `${window.location.pathname}${window.location.search}`;
      window.location.replace(`/?next=${encodeURIComponent(next)}`);
    }
  }, [status]);

  if (status === 'error' && error)
    return <LoadError error={error} onRetry={() => void session.getState().init()} />;
  if (status !== 'authenticated') return <Loading />;

  const appRoute = matchPath('/apps/:appId', path);
  const formRoute = matchPath('/apps/:appId/forms/:formId', path);
  const workflowRoute = matchPath('/apps/:appId/forms/:formId/workflow', path);
  const permissionsRoute = matchPath('/apps/:appId/forms/:formId/permissions', path);
  const printRoute = matchPath('/apps/:appId/forms/:formId/print', path);
  const viewsRoute = matchPath('/apps/:appId/forms/:formId/views', path);
  const dashboardRoute = matchPath('/apps/:appId/dashboards/:dashboardId', path);
  const automationsRoute =
    matchPath('/apps/:appId/automations/:automationId', path) ?? matchPath('/apps/:appId/automations', path);
  const aggregatesRoute =
    matchPath('/apps/:appId/aggregates/:aggregateId', path) ?? matchPath('/apps/:appId/aggregates', path);
  const adminSection = path === '/admin' ? 'users' : matchPath('/admin/:section', path)?.section;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <AppHeader
        homeHref="/studio/"
        onHome={() => void guardedNavigate(() => router.getState().navigate('/'))}
        badge={
          <Tag color="blue" bordered={false} style={{ marginInlineEnd: 0 }}>
            {t('badge')}
          </Tag>
        }
        extra={
          <>
            {isAdmin ? (
              <Button
                type="text"
                href="/studio/admin/users"
                onClick={(e) => {
                  e.preventDefault();
                  void guardedNavigate(() => router.getState().navigate('/admin/users'));
                }}
                icon={<TeamOutlined />}
                data-testid="org-admin-link"
              >
                <span className="tg-hide-xs">{t('nav', { ns: 'orgAdmin' })}</span>
              </Button>
            ) : null}
            {isAdmin ? (
              <Button
                type="text"
                href="/studio/templates"
                onClick={(e) => {
                  e.preventDefault();
                  void guardedNavigate(() => router.getState().navigate('/templates'));
                }}
                icon={<GiftOutlined />}
                data-testid="templates-link"
                // Phones reach the gallery from the player's home page; the header has no room.
                className="tg-hide-xs"
              >
                <span className="tg-hide-xs">{t('nav', { ns: 'templates' })}</span>
              </Button>
            ) : null}
            {isAdmin ? (
              <Button
                type="text"
                href="/studio/audit"
                onClick={(e) => {
                  e.preventDefault();
                  void guardedNavigate(() => router.getState().navigate('/audit'));
                }}
                icon={<AuditOutlined />}
                data-testid="audit-link"
              >
                <span className="tg-hide-xs">{t('nav', { ns: 'audit' })}</span>
              </Button>
            ) : null}
            <Button type="text" href="/" icon={<AppstoreOutlined />} data-testid="player-link">
              <span className="tg-hide-xs">{t('openPlayer')}</span>
            </Button>
          </>
        }
      />
      <Layout.Content>
        {!isAdmin ? (
          <Result
            status="403"
            title={t('adminsOnly')}
            extra={
              <Button type="primary" href="/">
                {t('backToPlayer')}
              </Button>
            }
          />
        ) : path === '/audit' ? (
          <AuditPage />
        ) : path === '/templates' ? (
          <TemplatesPage />
        ) : isOrgAdminSection(adminSection) ? (
          <OrgAdminPage section={adminSection} />
        ) : aggregatesRoute?.appId ? (
          <AggregateDesignerPage
            key={aggregatesRoute.appId}
            appId={aggregatesRoute.appId}
            aggregateId={aggregatesRoute.aggregateId}
          />
        ) : viewsRoute?.appId && viewsRoute.formId ? (
          <ViewsStudioPage key={path} appId={viewsRoute.appId} formId={viewsRoute.formId} />
        ) : printRoute?.appId && printRoute.formId ? (
          <PrintDesignerPage key={path} appId={printRoute.appId} formId={printRoute.formId} />
        ) : permissionsRoute?.appId && permissionsRoute.formId ? (
          <PermissionDesignerPage
            key={path}
            appId={permissionsRoute.appId}
            formId={permissionsRoute.formId}
          />
        ) : workflowRoute?.appId && workflowRoute.formId ? (
          <WorkflowDesignerPage key={path} appId={workflowRoute.appId} formId={workflowRoute.formId} />
        ) : formRoute?.appId && formRoute.formId ? (
          <FormDesignerPage key={path} appId={formRoute.appId} formId={formRoute.formId} />
        ) : automationsRoute?.appId ? (
          <AutomationDesignerPage
            key={path}
            appId={automationsRoute.appId}
            automationId={automationsRoute.automationId}
          />
        ) : dashboardRoute?.appId && dashboardRoute.dashboardId ? (
          <DashboardEditorPage
            key={path}
            appId={dashboardRoute.appId}
            dashboardId={dashboardRoute.dashboardId}
          />
        ) : appRoute?.appId ? (
          <StudioAppPage key={appRoute.appId} appId={appRoute.appId} />
        ) : (
          <StudioAppsPage />
        )}
      </Layout.Content>
    </Layout>
  );
}
