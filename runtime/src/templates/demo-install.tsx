import { Card, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../react/context';
import { InstallProgress } from './install-progress';
import { useInstallJob } from './use-install-job';

/** Set by the first-run setup page when the admin asked for the demo; read once by the home page. */
export const DEMO_FLAG = 'tangram.demoInstall';

/** The demo's packages in install order: ERP first, since the CRM's won deals create ERP orders. */
const DEMO_PACKAGES = ['erp', 'crm'];

export function demoRequested(): boolean {
  try {
    return sessionStorage.getItem(DEMO_FLAG) === '1';
  } catch {
    return false;
  }
}

/**
 * Installs the CRM and ERP demo with sample data right after the first-run setup, showing the
 * progress on the home page, then hands over (`onDone`) so the page lists the apps.
 */
export function DemoInstall({ onDone }: { onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const job = useInstallJob(client);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    sessionStorage.removeItem(DEMO_FLAG);
    void (async () => {
      const offered = new Set((await client.templates.list()).items.map((p) => p.key));
      const keys = DEMO_PACKAGES.filter((k) => offered.has(k));
      const last = await job.run(keys, { sample: true, locale: i18n.language === 'en' ? 'en' : 'zh-CN' });
      // A failure stays on screen (the error says what went wrong); success shows the apps.
      if (!keys.length || last?.status === 'done') onDone();
    })();
  }, []);

  return (
    <Card data-testid="demo-install" style={{ marginBottom: 16 }}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('templates.demoTitle')}
      </Typography.Title>
      <InstallProgress install={job.install} name="CRM + ERP" error={job.error} />
    </Card>
  );
}
