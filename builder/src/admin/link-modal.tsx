import { CopyOutlined } from '@ant-design/icons';
import type { PasswordLink } from '@tangram/client';
import { App, Button, Input, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export interface ShownLink {
  link: PasswordLink;
  name: string;
}

/** Shows a one-time password link once, with a copy button (the server never shows it again). */
export function LinkModal({ shown, onClose }: { shown: ShownLink | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('orgAdmin');
  const { message } = App.useApp();
  const copy = async () => {
    if (!shown) return;
    await navigator.clipboard.writeText(shown.link.url);
    void message.success(t('link.copied'));
  };
  const expires = shown
    ? new Date(shown.link.expiresAt).toLocaleString(i18n.language, {
        dateStyle: 'medium',
        timeStyle: 'short',
      })
    : '';
  return (
    <Modal
      open={shown !== null}
      title={shown?.link.purpose === 'reset' ? t('link.resetTitle') : t('link.inviteTitle')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('link.done')}
        </Button>
      }
      destroyOnHidden
    >
      <Typography.Paragraph>{t('link.text', { name: shown?.name ?? '', expires })}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          readOnly
          value={shown?.link.url ?? ''}
          data-testid="password-link"
          onFocus={(e) => e.target.select()}
        />
        <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="copy-link">
          {t('link.copy')}
        </Button>
      </Space.Compact>
    </Modal>
  );
}
