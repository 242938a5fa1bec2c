import { LoadError, Loading, useServices } from '@tangram/runtime';
import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DepartmentsPanel } from './departments-panel';
import { OrgSettingsPanel } from './org-settings-panel';
import { RolesPanel } from './roles-panel';
import { UsersPanel } from './users-panel';
import { useOrgDirectory, type OrgDirectory } from './use-org-directory';
import './org-admin.css';

/** The sections of the page, one panel each, keyed by the last part of `/admin/<section>`. */
const SECTIONS = {
  users: UsersPanel,
  departments: DepartmentsPanel,
  roles: RolesPanel,
  settings: OrgSettingsPanel,
} satisfies Record<string, (props: { directory: OrgDirectory }) => React.ReactNode>;

export type OrgAdminSection = keyof typeof SECTIONS;

export const isOrgAdminSection = (s: string | undefined): s is OrgAdminSection =>
  s !== undefined && Object.hasOwn(SECTIONS, s);

/** Org administration in the studio (admins only, like the whole studio). */
export function OrgAdminPage({ section }: { section: OrgAdminSection }) {
  const { t } = useTranslation('orgAdmin');
  const { router } = useServices();
  const directory = useOrgDirectory();
  const Panel = SECTIONS[section];
  return (
    <div className="tg-page" data-testid="org-admin">
      <div className="tg-page-head">
        <div>
          <Typography.Title level={3}>{t('title')}</Typography.Title>
          <Typography.Text type="secondary">{t('subtitle')}</Typography.Text>
        </div>
      </div>
      <Tabs
        activeKey={section}
        onChange={(key) => router.getState().navigate(`/admin/${key}`)}
        items={(Object.keys(SECTIONS) as OrgAdminSection[]).map((key) => ({ key, label: t(`tabs.${key}`) }))}
      />
      {directory.error ? (
        <LoadError error={directory.error} onRetry={directory.reload} />
      ) : directory.loading && directory.departments.length === 0 && directory.roles.length === 0 ? (
        <Loading />
      ) : (
        <Panel directory={directory} />
      )}
    </div>
  );
}
