import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../../components/status-views';
import { pickText } from '../../core/i18n-text';
import { useClient, useServices } from '../../react/context';
import { useAsync } from '../../react/use-async';
import { inboxPath } from '../core/inbox-format';
import { useWorkflowTexts } from '../texts';
import { ProcessPanel } from './process-panel';
import { WorkflowStyles } from './styles';

/** `/apps/:app/forms/:form/records/:id/process`: one record's approval, full page. */
export function ProcessPage({
  appId,
  formId,
  recordId,
}: {
  appId: string;
  formId: string;
  recordId: string;
}) {
  const { tx, lang } = useWorkflowTexts();
  const { t } = useTranslation();
  const client = useClient();
  const { router } = useServices();
  const app = useAsync(() => client.apps.get(appId).then((r) => r.app), [client, appId]);
  const back = () => {
    // Back to where the user came from (inbox, notification, data view); the inbox on a fresh tab.
    if (window.history.length > 1) window.history.back();
    else router.getState().navigate(inboxPath());
  };
  if (app.error) return <LoadError error={app.error} onRetry={app.reload} />;
  if (!app.data) return <Loading />;
  const form = (app.data.forms ?? []).find((f) => f.id === formId);
  if (!form)
    return (
      <Result status="404" title={tx.noInstance} extra={<Button onClick={back}>{t('common.back')}</Button>} />
    );
  return (
    <div className="tg-wf-page" data-testid="process-page">
      <WorkflowStyles />
      <div className="tg-wf-head">
        <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} onClick={back} />
        <Typography.Title level={4} ellipsis>
          {pickText(form.name, lang)} · {tx.processPage}
        </Typography.Title>
      </div>
      <ProcessPanel app={app.data} form={form} recordId={recordId} />
    </div>
  );
}
