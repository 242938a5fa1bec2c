import type { FormDefinition } from '@tangram/client';
import { LoadError, Loading } from '../../components/status-views';
import { useClient } from '../../react/context';
import { Link } from '../../react/link';
import { useAsync } from '../../react/use-async';
import { processPath } from '../core/inbox-format';
import { useWorkflowTexts } from '../texts';
import { ProcessPanel } from './process-panel';
import { WorkflowStyles } from './styles';

/** The record drawer's "Process" tab: the process panel in one column, with a link to the full page. */
export function RecordProcessTab({
  appId,
  form,
  recordId,
}: {
  appId: string;
  form: FormDefinition;
  recordId: string;
}) {
  const { tx } = useWorkflowTexts();
  const client = useClient();
  const app = useAsync(() => client.apps.get(appId).then((r) => r.app), [client, appId]);
  if (app.error) return <LoadError error={app.error} onRetry={app.reload} />;
  if (!app.data) return <Loading />;
  return (
    <div data-testid="record-process-tab">
      <WorkflowStyles />
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
        <Link to={processPath({ appId, formId: form.id, recordId })} data-testid="record-process-open">
          {tx.openProcess}
        </Link>
      </div>
      <ProcessPanel app={app.data} form={form} recordId={recordId} narrow />
    </div>
  );
}
