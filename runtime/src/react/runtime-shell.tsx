import { Layout } from 'antd';
import { useEffect } from 'react';
import { AppHeader, StudioLink } from '../components/app-header';
import { LoadError, Loading } from '../components/status-views';
import { matchPath, safeNext } from '../core/router';
import { AppListPage } from '../pages/app-list-page';
import { AppPage } from '../pages/app-page';
import { InvitePage } from '../pages/invite-page';
import { LoginPage } from '../pages/login-page';
import { RecordFormPage } from '../pages/record-form.page';
import { SetupPage } from '../pages/setup-page';
import { InboxPage, ProcessPage, WorkflowHeaderItems } from '../workflow';
import { PublicFormPage } from '../public-forms';
import { ApiKeysPage } from '../api-keys';
import { ApiDocsPage } from '../api-docs';
import { useRouter, useServices, useSession } from './context';

/** The player: setup or login when needed, then the routes of the signed-in user. */
export function RuntimeShell() {
  const { session, router } = useServices();
  const status = useSession((s) => s.status);
  const error = useSession((s) => s.error);
  const path = useRouter((s) => s.path);

  useEffect(() => {
    void session.getState().init();
  }, [session]);

  // A public form link (decision 0047): no sign-in, no app shell, whoever opens it.
  const publicForm = matchPath('/p/:token', path);
  if (publicForm?.token) return <PublicFormPage key={publicForm.token} token={publicForm.token} />;
  // An invite or reset link works whoever is signed in here (it signs in as its own user).
  if (path === '/invite') return <InvitePage />;
  if (status === 'loading') return <Loading />;
  if (status === 'error' && error)
    return <LoadError error={error} onRetry={() => void session.getState().init()} />;
  if (status === 'setup') return <SetupPage />;
  if (status === 'anonymous') {
    const afterLogin = () => {
      // `next` may point into another web app (the studio sends users here to sign in).
      const next = safeNext(router.getState().search);
      if (next) window.location.assign(next);
      else if (router.getState().search) router.getState().navigate(path, { replace: true });
    };
    return <LoginPage onSignedIn={afterLogin} />;
  }

  const appRoute =
    matchPath('/apps/:appId', path) ??
    matchPath('/apps/:appId/forms/:formId', path) ??
    matchPath('/apps/:appId/dashboards/:dashboardId', path) ??
    matchPath('/apps/:appId/aggregates/:aggregateId', path);
  const recordRoute =
    matchPath('/apps/:appId/forms/:formId/new', path) ??
    matchPath('/apps/:appId/forms/:formId/records/:recordId/edit', path);
  const inboxRoute = matchPath('/tasks', path);
  const processRoute = matchPath('/apps/:appId/forms/:formId/records/:recordId/process', path);
  const apiDocsRoute = matchPath('/apps/:appId/api', path);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <AppHeader
        extra={
          <>
            <WorkflowHeaderItems />
            <StudioLink />
          </>
        }
        onHome={() => router.getState().navigate('/')}
      />
      <Layout.Content>
        {inboxRoute ? (
          <InboxPage />
        ) : path === '/api-keys' ? (
          <ApiKeysPage />
        ) : apiDocsRoute?.appId ? (
          <ApiDocsPage key={apiDocsRoute.appId} appId={apiDocsRoute.appId} />
        ) : processRoute?.appId && processRoute.formId && processRoute.recordId ? (
          <ProcessPage
            key={path}
            appId={processRoute.appId}
            formId={processRoute.formId}
            recordId={processRoute.recordId}
          />
        ) : recordRoute?.appId && recordRoute.formId ? (
          <RecordFormPage
            key={path}
            appId={recordRoute.appId}
            formId={recordRoute.formId}
            recordId={recordRoute.recordId}
          />
        ) : appRoute?.appId ? (
          <AppPage
            key={appRoute.appId}
            appId={appRoute.appId}
            formId={appRoute.formId}
            dashboardId={appRoute.dashboardId}
            aggregateId={appRoute.aggregateId}
          />
        ) : (
          <AppListPage />
        )}
      </Layout.Content>
    </Layout>
  );
}
