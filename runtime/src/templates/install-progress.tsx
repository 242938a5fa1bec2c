import { Alert, Progress, Typography } from 'antd';
import type { TemplateInstall } from '@tangram/client';
import { useTranslation } from 'react-i18next';

/** The progress of an install job, as the user reads it: the step, a bar, and the outcome. */
export function InstallProgress({
  install,
  name,
  error,
}: {
  install: TemplateInstall | null;
  name: string;
  error?: unknown;
}) {
  const { t } = useTranslation();
  if (error) {
    const message = error instanceof Error ? error.message : String(error);
    return (
      <Alert
        type="error"
        showIcon
        title={t('templates.failed', { message })}
        data-testid="template-install-error"
      />
    );
  }
  if (!install) return null;
  if (install.status === 'failed')
    return (
      <Alert
        type="error"
        showIcon
        title={t('templates.failed', { message: install.error?.message ?? '' })}
        data-testid="template-install-error"
      />
    );
  const { done = 0, total = 0, step = 'roles' } = install.progress;
  const percent =
    install.status === 'done' ? 100 : total ? Math.min(99, Math.floor((done / total) * 100)) : 0;
  return (
    <div data-testid="template-install-progress" aria-live="polite">
      <Typography.Text strong>
        {install.status === 'done'
          ? t('templates.done', { name })
          : t(`templates.step_${step}`, { defaultValue: step })}
      </Typography.Text>
      <Progress
        percent={percent}
        status={install.status === 'done' ? 'success' : 'active'}
        format={() => (total ? t('templates.progress', { done, total }) : `${percent}%`)}
      />
    </div>
  );
}
