import type { AppAccess, Audience } from '@tangram/schema';
import { LEGACY_OPEN_ACCESS } from '@tangram/schema';
import { Alert, Radio, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgDirectory } from '../../workflow/directory';
import { usePermissions, usePermissionStore } from '../store/context';
import { ActionChecks } from './action-checks';
import { AudiencePicker } from './audience-picker';

const isEveryone = (members: readonly Audience[]) => members.some((a) => a.kind === 'everyone');

function Block({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <section className="tg-pd-section">
      <Typography.Title level={5} className="tg-pd-section-title">
        {title}
      </Typography.Title>
      {hint ? (
        <Typography.Paragraph type="secondary" className="tg-pd-hint">
          {hint}
        </Typography.Paragraph>
      ) : null}
      {children}
    </section>
  );
}

/**
 * The app's access (app.access): who sees the app, who administers it, and what members may do on
 * a form without groups. An app without `access` behaves as the legacy-open default, shown as such.
 */
export function AppAccessEditor({ directory }: { directory: OrgDirectory }) {
  const { t } = useTranslation('permissions');
  const store = usePermissionStore();
  const access = usePermissions((s) => s.app.access) ?? LEGACY_OPEN_ACCESS;
  const set = (patch: Partial<AppAccess>) =>
    store.getState().dispatch({ type: 'setAccess', access: { ...access, ...patch } });
  const everyone = isEveryone(access.members);
  return (
    <div className="tg-pd-access" data-testid="app-access">
      <Alert type="info" showIcon title={t('access.legacy')} data-testid="access-legacy" />
      <Block title={t('access.members')}>
        <Radio.Group
          value={everyone ? 'everyone' : 'chosen'}
          onChange={(e) => set({ members: e.target.value === 'everyone' ? [{ kind: 'everyone' }] : [] })}
        >
          <Space direction="vertical" size={6}>
            <Radio value="everyone" data-testid="access-members-everyone">
              {t('access.membersEveryone')}
            </Radio>
            <Radio value="chosen" data-testid="access-members-chosen">
              {t('access.membersChosen')}
            </Radio>
          </Space>
        </Radio.Group>
        {everyone ? null : (
          <AudiencePicker
            value={access.members}
            directory={directory}
            offerEveryone={false}
            onChange={(members) => set({ members })}
            testId="access-members"
          />
        )}
      </Block>
      <Block title={t('access.admins')} hint={t('access.adminsHint')}>
        <AudiencePicker
          value={access.admins}
          directory={directory}
          offerEveryone={false}
          onChange={(admins) => set({ admins })}
          testId="access-admins"
        />
      </Block>
      <Block title={t('access.defaults')}>
        <ActionChecks
          value={access.defaultFormActions}
          onToggle={(action, on) =>
            set({
              defaultFormActions: on
                ? [...new Set([...access.defaultFormActions, action])]
                : access.defaultFormActions.filter((a) => a !== action),
            })
          }
          testId="access-defaults"
        />
      </Block>
    </div>
  );
}
