import { ExperimentOutlined } from '@ant-design/icons';
import { isApiError, type AutomationTestRun } from '@tangram/client';
import { useClient } from '@tangram/runtime';
import type { AutomationDefinition } from '@tangram/schema';
import { Alert, Button, Drawer, Empty, Grid, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgDirectory } from '../../workflow/directory';
import { triggerFormId } from '../core/kinds';
import { actionSummary, namesIn } from '../core/summary';
import { useAutomations } from '../store/context';
import { ActionOutcome } from './outcome-view';
import { RecordPicker } from './record-picker';

/**
 * The test run (decision 0029): the saved automation's actions run against a chosen record in a
 * transaction the server rolls back, and the answer shows what they would have written.
 */
export function TestRunDrawer({
  automation,
  open,
  onClose,
  directory,
}: {
  automation: AutomationDefinition;
  open: boolean;
  onClose(): void;
  directory: OrgDirectory;
}) {
  const { t, i18n } = useTranslation('automations');
  const client = useClient();
  const screens = Grid.useBreakpoint();
  const app = useAutomations((s) => s.saved);
  const formId = triggerFormId(automation.trigger, app);
  const form = app.forms.find((f) => f.id === formId) ?? null;
  const [recordId, setRecordId] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [answer, setAnswer] = useState<AutomationTestRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const names = namesIn(app, i18n.language);
  const run = async () => {
    setRunning(true);
    setError(null);
    setAnswer(null);
    try {
      setAnswer(await client.automations.testRun(app.id, automation.id, recordId));
    } catch (e) {
      setError(isApiError(e) || e instanceof Error ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.md ? 620 : '100%'}
      title={t('test.title')}
      destroyOnHidden
      data-testid="test-run-drawer"
    >
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('test.intro')}
        </Typography.Paragraph>
        {form ? <RecordPicker appId={app.id} form={form} value={recordId} onChange={setRecordId} /> : null}
        <Button
          type="primary"
          icon={<ExperimentOutlined />}
          loading={running}
          disabled={!!form && !recordId}
          onClick={() => void run()}
          data-testid="test-run-go"
        >
          {t('test.run')}
        </Button>
        {error ? <Alert type="error" showIcon title={error} data-testid="test-run-error" /> : null}
        {answer ? (
          <div data-testid="test-run-answer">
            <Alert
              type={answer.conditionHolds ? 'success' : 'warning'}
              showIcon
              title={answer.conditionHolds ? t('test.conditionHolds') : t('test.conditionFails')}
              description={t('test.nothingWritten')}
              style={{ marginBottom: 12 }}
            />
            {answer.actions.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('test.noActions')} />
            ) : (
              answer.actions.map((o) => {
                const action = automation.actions[o.index];
                return (
                  <ActionOutcome
                    key={o.index}
                    app={app}
                    outcome={o}
                    label={`${o.index + 1}. ${action ? actionSummary(action, t, names) : o.type}`}
                    directory={directory}
                    testId={`test-outcome-${o.index}`}
                  />
                );
              })
            )}
          </div>
        ) : null}
      </Space>
    </Drawer>
  );
}
