import { Alert, App, Button, Card, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import type {
  TemplateChoices,
  TemplateListing,
  TemplateMergeConflict,
  TemplateUpgradePreview,
} from '@tangram/client';
import {
  LoadError,
  Loading,
  pickText,
  TemplateGallery,
  useAsync,
  useClient,
  useServices,
} from '@tangram/runtime';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The studio's template gallery (decision 0043): installs like the player's, plus upgrades of
 * installed templates by three-way merge with a side-by-side view of the conflicts to settle.
 */
export function TemplatesPage() {
  const { t } = useTranslation('templates');
  const { router } = useServices();
  const client = useClient();
  const [reloadKey, setReloadKey] = useState(0);
  const list = useAsync(() => client.templates.list().then((r) => r.items), [client, reloadKey]);
  const [upgrading, setUpgrading] = useState<TemplateListing | null>(null);
  const upgradable = (list.data ?? []).filter(
    (p) => p.installed?.status === 'done' && p.installed.version !== p.version,
  );

  return (
    <div className="tg-page" data-testid="studio-templates">
      <div className="tg-page-head">
        <div>
          <Typography.Title level={3}>{t('title')}</Typography.Title>
          <Typography.Text type="secondary">{t('subtitle')}</Typography.Text>
        </div>
      </div>
      {upgradable.length ? (
        <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
          {upgradable.map((p) => (
            <UpgradeBanner key={p.key} pkg={p} onUpgrade={() => setUpgrading(p)} />
          ))}
        </Space>
      ) : null}
      <TemplateGallery
        key={reloadKey}
        onInstalled={() => setReloadKey((k) => k + 1)}
        onOpen={(id) => router.getState().navigate(`/apps/${encodeURIComponent(id)}`)}
      />
      {upgrading ? (
        <UpgradeDialog
          pkg={upgrading}
          onClose={(done) => {
            setUpgrading(null);
            if (done) setReloadKey((k) => k + 1);
          }}
        />
      ) : null}
    </div>
  );
}

function UpgradeBanner({ pkg, onUpgrade }: { pkg: TemplateListing; onUpgrade: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Alert
      type="info"
      showIcon
      data-testid={`template-upgrade-${pkg.key}`}
      title={`${pickText(pkg.name, i18n.language)} ${pkg.installed!.version} → ${pkg.version}`}
      action={
        <Button type="primary" size="small" onClick={onUpgrade}>
          {t('templates.upgrade', { version: pkg.version })}
        </Button>
      }
    />
  );
}

/** Shows a definition part briefly: text as is, i18n labels in the UI language, the rest as JSON. */
function Shown({ value, present }: { value: unknown; present: boolean }) {
  const { t, i18n } = useTranslation('templates');
  if (!present) return <Typography.Text type="secondary">{t('absent')}</Typography.Text>;
  if (typeof value === 'string') return <Typography.Text>{value}</Typography.Text>;
  const label =
    typeof value === 'object' && value !== null && 'en' in value
      ? pickText(value as Record<string, string>, i18n.language)
      : null;
  const text = label ?? JSON.stringify(value, null, 1);
  return (
    <Typography.Paragraph
      style={{ margin: 0, whiteSpace: 'pre-wrap', fontFamily: label ? undefined : 'monospace', fontSize: 12 }}
      ellipsis={{ rows: 6, expandable: true }}
    >
      {text}
    </Typography.Paragraph>
  );
}

function UpgradeDialog({ pkg, onClose }: { pkg: TemplateListing; onClose: (done: boolean) => void }) {
  const { t, i18n } = useTranslation('templates');
  const client = useClient();
  const { message } = App.useApp();
  const preview = useAsync<TemplateUpgradePreview>(
    () => client.templates.previewUpgrade(pkg.key),
    [client, pkg.key],
  );
  const [choices, setChoices] = useState<TemplateChoices>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = pickText(pkg.name, i18n.language);

  const choose = (appId: string, path: string, side: 'ours' | 'theirs') =>
    setChoices((c) => ({ ...c, [appId]: { ...c[appId], [path]: side } }));

  const apply = async () => {
    if (!preview.data) return;
    setBusy(true);
    setError(null);
    try {
      const baseVersions = Object.fromEntries(
        preview.data.apps.filter((a) => a.currentVersion !== null).map((a) => [a.appId, a.currentVersion!]),
      );
      const done = await client.templates.upgrade(pkg.key, {
        choices,
        baseVersions,
        locale: i18n.language === 'en' ? 'en' : 'zh-CN',
      });
      void message.success(t('applied', { version: done.version }));
      onClose(true);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={1000}
      title={t('upgradeTitle', { name, from: pkg.installed!.version, to: pkg.version })}
      onCancel={() => onClose(false)}
      data-testid="template-upgrade-dialog"
      footer={
        <Space>
          <Button onClick={() => onClose(false)}>{t('cancel')}</Button>
          <Button
            type="primary"
            loading={busy}
            disabled={!preview.data}
            onClick={() => void apply()}
            data-testid="template-upgrade-apply"
          >
            {t('apply')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('upgradeIntro')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      {preview.error ? (
        <LoadError error={preview.error} onRetry={preview.reload} />
      ) : !preview.data ? (
        <Loading />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {preview.data.apps.map((app) => (
            <Card
              key={app.appId}
              size="small"
              title={
                <Space>
                  {pickText(app.merged.name as Record<string, string>, i18n.language)}
                  <Tag>{app.kind === 'added' ? t('appAdded') : t('appMerged')}</Tag>
                </Space>
              }
            >
              {app.conflicts.length === 0 ? (
                <Typography.Text type="success">{t('noConflicts')}</Typography.Text>
              ) : (
                <>
                  <Typography.Paragraph>
                    {t('conflicts', { count: app.conflicts.length })}
                  </Typography.Paragraph>
                  <Table<TemplateMergeConflict>
                    size="small"
                    rowKey="path"
                    pagination={false}
                    scroll={{ x: 860 }}
                    dataSource={app.conflicts}
                    data-testid="template-conflicts"
                    columns={[
                      {
                        title: t('path'),
                        dataIndex: 'path',
                        width: 200,
                        render: (p: string) => <Typography.Text code>{p}</Typography.Text>,
                      },
                      { title: t('base'), render: (_, c) => <Shown value={c.base} present={'base' in c} /> },
                      { title: t('ours'), render: (_, c) => <Shown value={c.ours} present={'ours' in c} /> },
                      {
                        title: t('theirs'),
                        render: (_, c) => <Shown value={c.theirs} present={'theirs' in c} />,
                      },
                      {
                        title: '',
                        width: 250,
                        render: (_, c) => (
                          <Radio.Group
                            size="small"
                            value={choices[app.appId]?.[c.path] ?? 'ours'}
                            onChange={(e) => choose(app.appId, c.path, e.target.value as 'ours' | 'theirs')}
                            options={[
                              { value: 'ours', label: t('keepOurs') },
                              { value: 'theirs', label: t('takeTheirs') },
                            ]}
                            optionType="button"
                            style={{ whiteSpace: 'nowrap' }}
                          />
                        ),
                      },
                    ]}
                  />
                </>
              )}
            </Card>
          ))}
        </Space>
      )}
    </Modal>
  );
}
