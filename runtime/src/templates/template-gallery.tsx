import { CheckCircleFilled, CloudDownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Modal, Row, Select, Space, Tag, Typography } from 'antd';
import type { TemplateInstall, TemplateListing } from '@tangram/client';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppIcon } from '../components/app-icon';
import { LoadError, Loading } from '../components/status-views';
import { pickText } from '../core/i18n-text';
import { useClient } from '../react/context';
import { useAsync } from '../react/use-async';
import { InstallProgress } from './install-progress';
import { TemplateStyles } from './template-styles';
import { useInstallJob } from './use-install-job';

export interface TemplateGalleryProps {
  /** Called once an install finished (the caller reloads its app list). */
  onInstalled?: (install: TemplateInstall) => void;
  /** Opens an installed app (the player navigates to it, the studio to its designer). */
  onOpen?: (appId: string) => void;
}

const CREATE = '__create__';

/**
 * The template gallery (decision 0043): a card per listed package with its description and
 * screenshot, installed with or without sample data after a role-mapping step, with the job's
 * progress while it runs. Used on the player's empty home page and in the studio.
 */
export function TemplateGallery({ onInstalled, onOpen }: TemplateGalleryProps) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const list = useAsync(() => client.templates.list().then((r) => r.items), [client]);
  const [chosen, setChosen] = useState<{ pkg: TemplateListing; sample: boolean } | null>(null);

  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  if (list.data.length === 0) return <Empty description={t('templates.noTemplates')} />;
  return (
    <>
      <TemplateStyles />
      <Row gutter={[16, 16]} data-testid="template-gallery">
        {list.data.map((pkg) => (
          <Col key={pkg.key} xs={24} sm={12} lg={8}>
            <Card
              className="tg-template-card"
              data-testid={`template-card-${pkg.key}`}
              cover={
                pkg.screenshotUrl ? (
                  <img
                    className="tg-template-shot"
                    src={pkg.screenshotUrl}
                    alt={t('templates.screenshotAlt', { name: pickText(pkg.name, i18n.language) })}
                    loading="lazy"
                  />
                ) : undefined
              }
            >
              <div className="tg-template-head">
                <AppIcon icon={pkg.icon} size={40} />
                <div style={{ minWidth: 0 }}>
                  <Typography.Text strong style={{ fontSize: 16 }}>
                    {pickText(pkg.name, i18n.language)}
                  </Typography.Text>
                  <div>
                    {pkg.installed?.status === 'done' ? (
                      <Tag color="success" icon={<CheckCircleFilled />}>
                        {t('templates.installed', { version: pkg.installed.version })}
                      </Tag>
                    ) : pkg.installed?.status === 'running' ? (
                      <Tag color="processing">{t('templates.installing')}</Tag>
                    ) : (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('templates.version', { version: pkg.version })}
                      </Typography.Text>
                    )}
                  </div>
                </div>
              </div>
              <Typography.Paragraph type="secondary" className="tg-template-desc">
                {pickText(pkg.description, i18n.language)}
              </Typography.Paragraph>
              {pkg.installed?.status === 'done' ? (
                onOpen && pkg.installed.appIds[0] ? (
                  <Button onClick={() => onOpen(pkg.installed!.appIds.at(-1)!)} data-testid="template-open">
                    {t('templates.open')}
                  </Button>
                ) : null
              ) : (
                <Space wrap>
                  {pkg.hasSample ? (
                    <Button
                      type="primary"
                      icon={<CloudDownloadOutlined />}
                      onClick={() => setChosen({ pkg, sample: true })}
                      disabled={!!pkg.installed}
                      data-testid="template-install-sample"
                    >
                      {t('templates.installSample')}
                    </Button>
                  ) : null}
                  <Button
                    onClick={() => setChosen({ pkg, sample: false })}
                    disabled={!!pkg.installed}
                    data-testid="template-install-empty"
                  >
                    {t('templates.installEmpty')}
                  </Button>
                </Space>
              )}
            </Card>
          </Col>
        ))}
      </Row>
      {chosen ? (
        <InstallDialog
          pkg={chosen.pkg}
          sample={chosen.sample}
          onClose={(install) => {
            setChosen(null);
            list.reload();
            if (install?.status === 'done') onInstalled?.(install);
          }}
          onOpen={onOpen}
        />
      ) : null}
    </>
  );
}

/** The role mapping step, then the install's progress, in one dialog. */
function InstallDialog({
  pkg,
  sample,
  onClose,
  onOpen,
}: {
  pkg: TemplateListing;
  sample: boolean;
  onClose: (install: TemplateInstall | null) => void;
  onOpen?: (appId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const roles = useAsync(() => client.admin.roles.list().then((r) => r.items), [client]);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const job = useInstallJob(client);
  const name = pickText(pkg.name, i18n.language);
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const roleOptions = useMemo(
    () => (roles.data ?? []).map((r) => ({ value: r.id, label: r.name })),
    [roles.data],
  );
  const started = job.install !== null || job.error !== null;
  const running = job.install?.status === 'running';
  const finished = job.install?.status === 'done';

  const start = () => {
    const roleMap = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v !== CREATE));
    void job.run([pkg.key], { sample, roleMap, locale });
  };

  return (
    <Modal
      open
      title={started ? t('templates.progressTitle', { name }) : name}
      onCancel={() => !running && onClose(job.install)}
      closable={!running}
      maskClosable={false}
      data-testid="template-install-dialog"
      footer={
        started ? (
          <Space>
            {finished && onOpen && Object.values(job.install!.appIds)[0] ? (
              <Button type="primary" onClick={() => onOpen(Object.values(job.install!.appIds).at(-1)!)}>
                {t('templates.open')}
              </Button>
            ) : null}
            <Button
              disabled={running}
              onClick={() => onClose(job.install)}
              data-testid="template-install-close"
            >
              {t('templates.close')}
            </Button>
          </Space>
        ) : (
          <Space>
            <Button onClick={() => onClose(null)}>{t('common.cancel')}</Button>
            <Button type="primary" onClick={start} data-testid="template-install-start">
              {t('templates.startInstall')}
            </Button>
          </Space>
        )
      }
    >
      {started ? (
        <InstallProgress install={job.install} name={name} error={job.error} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Typography.Text type="secondary">
            {sample ? t('templates.withSample') : t('templates.withoutSample')}
          </Typography.Text>
          {pkg.roles.length ? (
            <div data-testid="template-role-step">
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {t('templates.roleStep')}
              </Typography.Title>
              <Typography.Paragraph type="secondary">{t('templates.roleStepHint')}</Typography.Paragraph>
              {pkg.roles.map((role) => {
                const roleName = pickText(role.name, i18n.language);
                return (
                  <div key={role.key} className="tg-template-role">
                    <Typography.Text style={{ flex: '0 0 38%' }}>{roleName}</Typography.Text>
                    <Select
                      style={{ flex: 1, minWidth: 0 }}
                      value={mapping[role.key] ?? CREATE}
                      onChange={(v) => setMapping((m) => ({ ...m, [role.key]: v }))}
                      options={[
                        { value: CREATE, label: t('templates.createRole', { name: roleName }) },
                        ...roleOptions,
                      ]}
                      aria-label={roleName}
                    />
                  </div>
                );
              })}
            </div>
          ) : null}
        </Space>
      )}
    </Modal>
  );
}
