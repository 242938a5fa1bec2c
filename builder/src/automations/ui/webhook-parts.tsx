import { CopyOutlined, KeyOutlined, LinkOutlined, ReloadOutlined } from '@ant-design/icons';
import { useAsync, useClient } from '@tangram/runtime';
import { Alert, App, Button, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAutomations } from '../store/context';
import { Labeled } from './controls';

/** Copies text and says so. */
function useCopy() {
  const { t } = useTranslation('automations');
  const { message } = App.useApp();
  return (text: string) =>
    void navigator.clipboard.writeText(text).then(
      () => message.success(t('copied')),
      () => message.error(t('copyFailed')),
    );
}

/**
 * The incoming webhook's secret URL (decision 0030): the server keeps only its hash, so it is shown
 * once, right after it was generated; generating again replaces it (the old URL stops working).
 */
export function IncomingUrl({ automationId, saved }: { automationId: string; saved: boolean }) {
  const { t } = useTranslation('automations');
  const client = useClient();
  const { message, modal } = App.useApp();
  const appId = useAutomations((s) => s.app.id);
  const copy = useCopy();
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const info = useAsync(
    () => (saved ? client.automations.webhookSecret(appId, automationId) : Promise.resolve(null)),
    [client, appId, automationId, saved],
  );
  const rotatedAt = info.data?.incoming.rotatedAt ?? null;
  const generate = async () => {
    setBusy(true);
    try {
      const { path } = await client.automations.newIncomingUrl(appId, automationId);
      setUrl(`${window.location.origin}${path}`);
      info.reload();
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const ask = () =>
    rotatedAt
      ? modal.confirm({
          title: t('incoming.regenerateTitle'),
          content: t('incoming.regenerateText'),
          okText: t('incoming.regenerate'),
          cancelText: t('cancel'),
          onOk: generate,
        })
      : void generate();
  return (
    <Labeled label={t('incoming.title')} hint={saved ? t('incoming.hint') : undefined}>
      {!saved ? (
        <Typography.Text type="secondary">{t('saveFirst')}</Typography.Text>
      ) : url ? (
        <Alert
          type="success"
          showIcon
          title={t('incoming.onlyOnce')}
          description={
            <Space.Compact style={{ width: '100%' }}>
              <Input readOnly value={url} data-testid="incoming-url" />
              <Button icon={<CopyOutlined />} onClick={() => copy(url)} aria-label={t('copy')} />
            </Space.Compact>
          }
        />
      ) : (
        <Space wrap>
          <Button icon={<LinkOutlined />} loading={busy} onClick={ask} data-testid="incoming-generate">
            {rotatedAt ? t('incoming.regenerate') : t('incoming.generate')}
          </Button>
          {rotatedAt ? (
            <Typography.Text type="secondary">
              {t('incoming.since', { at: new Date(rotatedAt).toLocaleString() })}
            </Typography.Text>
          ) : null}
        </Space>
      )}
    </Labeled>
  );
}

/**
 * The signing secret of outgoing calls (X-Tangram-Signature): hidden until asked for, then shown
 * with a copy button; regenerating asks first, since receivers must be given the new one.
 */
export function SigningSecret({ automationId, saved }: { automationId: string; saved: boolean }) {
  const { t } = useTranslation('automations');
  const client = useClient();
  const { message, modal } = App.useApp();
  const appId = useAutomations((s) => s.app.id);
  const copy = useCopy();
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fetch: () => Promise<{ signingSecret: string }>) => {
    setBusy(true);
    try {
      setSecret((await fetch()).signingSecret);
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Labeled label={t('webhook.secret')} hint={t('webhook.secretHint')}>
      {!saved ? (
        <Typography.Text type="secondary">{t('saveFirst')}</Typography.Text>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {secret ? (
            <Space.Compact style={{ width: '100%' }}>
              <Input readOnly value={secret} data-testid="webhook-secret" />
              <Button icon={<CopyOutlined />} onClick={() => copy(secret)} aria-label={t('copy')} />
            </Space.Compact>
          ) : null}
          <Space wrap>
            {secret ? (
              <Button onClick={() => setSecret(null)}>{t('webhook.hideSecret')}</Button>
            ) : (
              <Button
                icon={<KeyOutlined />}
                loading={busy}
                onClick={() => void run(() => client.automations.webhookSecret(appId, automationId))}
                data-testid="webhook-secret-show"
              >
                {t('webhook.showSecret')}
              </Button>
            )}
            <Button
              icon={<ReloadOutlined />}
              loading={busy}
              onClick={() =>
                modal.confirm({
                  title: t('webhook.rotateTitle'),
                  content: t('webhook.rotateText'),
                  okText: t('webhook.rotate'),
                  cancelText: t('cancel'),
                  onOk: () => run(() => client.automations.rotateWebhookSecret(appId, automationId)),
                })
              }
              data-testid="webhook-secret-rotate"
            >
              {t('webhook.rotate')}
            </Button>
          </Space>
        </Space>
      )}
    </Labeled>
  );
}
