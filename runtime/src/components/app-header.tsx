import { AppstoreAddOutlined, KeyOutlined, LogoutOutlined } from '@ant-design/icons';
import { App, Avatar, Button, Dropdown, Layout, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useRouter, useServices, useSession } from '../react/context';
import { LanguageSwitch } from './language-switch';
import { Logo } from './logo';

export interface AppHeaderProps {
  /** Shown after the org name (e.g. "Studio"). */
  badge?: ReactNode;
  /** Extra buttons before the language switch. */
  extra?: ReactNode;
  /** Where the logo leads (a full URL or path). */
  homeHref?: string;
  onHome?: () => void;
}

/** The top bar: logo and org name, extra actions, language switch, user menu with logout. */
export function AppHeader({ badge, extra, homeHref = '/', onHome }: AppHeaderProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { session } = useServices();
  const navigate = useRouter((s) => s.navigate);
  const current = useSession((s) => s.session);
  if (!current) return null;
  const { user, org } = current;
  const logout = async () => {
    try {
      await session.getState().logout();
    } catch (e) {
      void message.error(t('errors.generic', { message: e instanceof Error ? e.message : String(e) }));
    }
  };
  return (
    <Layout.Header className="tg-header">
      <a
        href={homeHref}
        className="tg-header-brand"
        onClick={(e) => {
          if (!onHome) return;
          e.preventDefault();
          onHome();
        }}
      >
        <Logo />
        <Typography.Text strong ellipsis className="tg-header-org" data-testid="org-name">
          {org.name}
        </Typography.Text>
        {badge}
      </a>
      <div className="tg-header-actions">
        {extra}
        <LanguageSwitch />
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              {
                key: 'who',
                disabled: true,
                label: (
                  <div className="tg-user-card">
                    <Typography.Text strong>{user.name}</Typography.Text>
                    <Typography.Text type="secondary">{user.email}</Typography.Text>
                    {user.isAdmin ? (
                      <Typography.Text type="secondary">{t('header.admin')}</Typography.Text>
                    ) : null}
                  </div>
                ),
              },
              { type: 'divider' },
              { key: 'api-keys', icon: <KeyOutlined />, label: t('apiKeys.menu') },
              { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
            ],
            onClick: ({ key }) => {
              if (key === 'logout') void logout();
              // The keys page lives in the player; from the studio it is a page load away.
              if (key === 'api-keys')
                if (homeHref === '/') navigate('/api-keys');
                else window.location.assign('/api-keys');
            },
          }}
        >
          <Button type="text" className="tg-user-button" data-testid="user-menu">
            <Avatar size={28} style={{ background: '#4263eb', flex: 'none' }}>
              {user.name.slice(0, 1).toUpperCase()}
            </Avatar>
            <span className="tg-hide-xs">{user.name}</span>
          </Button>
        </Dropdown>
      </div>
    </Layout.Header>
  );
}

/** A header button linking to the studio, for admins. */
export function StudioLink() {
  const { t } = useTranslation();
  const isAdmin = useSession((s) => s.session?.user.isAdmin ?? false);
  if (!isAdmin) return null;
  return (
    <Button type="text" href="/studio/" icon={<AppstoreAddOutlined />} data-testid="studio-link">
      <span className="tg-hide-xs">{t('header.studio')}</span>
    </Button>
  );
}
