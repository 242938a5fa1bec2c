import {
  ApartmentOutlined,
  ArrowLeftOutlined,
  EyeOutlined,
  FormOutlined,
  SafetyOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import { isApiError, type User } from '@tangram/client';
import { LoadError, Loading, pickText, useAsync, useClient, useServices } from '@tangram/runtime';
import { withImplied } from '@tangram/acl';
import { LEGACY_OPEN_ACCESS } from '@tangram/schema';
import { Alert, Badge, Button, Result, Segmented, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { guardedNavigate } from '../core/nav-guard';
import { mixedGroups } from './core/mixed-groups';
import { useOrgDirectory } from '../workflow/directory';
import {
  PermissionStoreProvider,
  selectForm,
  selectGroups,
  usePermissions,
  usePermissionStore,
} from './store/context';
import { AppAccessEditor } from './ui/app-access';
import { GROUP_NAME_INPUT_ID, GroupEditor } from './ui/group-editor';
import { GroupList } from './ui/group-list';
import { SaveProblem } from './ui/save-problem';
import { actionsText } from './ui/summary';
import { ViewAsPanel, ViewAsPicker } from './ui/view-as';
import { useSavePermissions } from './use-save';
import './permissions.css';
import { useDesignerShortcuts, useLeaveGuard } from '../core/designer-guards';
import { UndoRedoButtons } from '../core/undo-redo-buttons';

type Section = 'groups' | 'access';
type Tab = 'form' | 'workflow' | 'permissions';

function TopBar({ onBack, onTab, onViewAs }: { onBack(): void; onTab(tab: Tab): void; onViewAs(): void }) {
  const { t, i18n } = useTranslation('permissions');
  const store = usePermissionStore();
  const appName = usePermissions((s) => pickText(s.app.name, i18n.language));
  const formName = usePermissions((s) => pickText(selectForm(s).name, i18n.language));
  const dirty = usePermissions((s) => s.dirty);
  const { save, saving } = useSavePermissions();
  useDesignerShortcuts(store, () => void save());
  useLeaveGuard(store, 'permissions');
  return (
    <div className="tg-pd-topbar">
      <div className="tg-pd-topbar-left">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={t('back')} />
        <div className="tg-pd-titles tg-hide-xs">
          <Typography.Text type="secondary" ellipsis>
            {appName}
          </Typography.Text>
          <Typography.Text strong ellipsis data-testid="permissions-form-name">
            {formName}
          </Typography.Text>
        </div>
      </div>
      <Segmented<Tab>
        value="permissions"
        onChange={(v) => v !== 'permissions' && onTab(v)}
        options={[
          {
            value: 'form',
            icon: <FormOutlined />,
            label: <span className="tg-hide-xs">{t('formTab')}</span>,
          },
          {
            value: 'workflow',
            icon: <ApartmentOutlined />,
            label: <span className="tg-hide-xs">{t('workflowTab')}</span>,
          },
          {
            value: 'permissions',
            icon: <SafetyOutlined />,
            label: <span className="tg-hide-xs">{t('tab')}</span>,
          },
        ]}
        data-testid="permissions-tabs"
      />
      <Space size={4} className="tg-pd-topbar-right">
        <UndoRedoButtons store={store} namespace="permissions" testIdPrefix="permissions-" />
        <Button icon={<EyeOutlined />} onClick={onViewAs} data-testid="view-as-button">
          <span className="tg-hide-xs">{t('viewAs.button')}</span>
        </Button>
        <Badge dot={dirty} offset={[-4, 4]}>
          <Button
            type="primary"
            icon={<SaveOutlined />}
            loading={saving}
            onClick={() => void save()}
            data-testid="permissions-save"
          >
            {t('save')}
          </Button>
        </Badge>
      </Space>
    </div>
  );
}

/** How groups combine, and a warning for the pairs whose union widens what a member sees. */
function UnionNotice() {
  const { t, i18n } = useTranslation('permissions');
  const groups = usePermissions(selectGroups);
  const mixed = useMemo(() => mixedGroups(groups), [groups]);
  return (
    <>
      <Typography.Paragraph type="secondary" className="tg-pd-hint">
        {t('groups.unionHint')}
      </Typography.Paragraph>
      {mixed.length ? (
        <Alert
          type="warning"
          showIcon
          data-testid="mixed-groups"
          title={mixed
            .map(([a, b]) =>
              t('groups.mixed', { a: pickText(a.name, i18n.language), b: pickText(b.name, i18n.language) }),
            )
            .join(' ')}
        />
      ) : null}
    </>
  );
}

/** Says plainly what a form without groups means: today's behaviour, the app's default actions. */
function LegacyNotice() {
  const { t } = useTranslation('permissions');
  const hasGroups = usePermissions((s) => selectGroups(s).length > 0);
  const defaults = usePermissions((s) => (s.app.access ?? LEGACY_OPEN_ACCESS).defaultFormActions);
  if (hasGroups) return <UnionNotice />;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="groups-legacy"
      title={
        withImplied(defaults).length
          ? t('groups.legacy', { actions: actionsText(t, defaults) })
          : t('groups.legacyNoActions')
      }
    />
  );
}

function Designer({ onBack, onTab }: { onBack(): void; onTab(tab: Tab): void }) {
  const { t } = useTranslation('permissions');
  const directory = useOrgDirectory();
  const [section, setSection] = useState<Section>('groups');
  const [picking, setPicking] = useState(false);
  const [viewAs, setViewAs] = useState<User | null>(null);
  const saved = usePermissions((s) => s.saved);
  const formId = usePermissions((s) => s.formId);
  const dirty = usePermissions((s) => s.dirty);
  const focusName = () => {
    setSection('groups');
    // The editor re-renders for the selected group first; focus once it is on screen.
    requestAnimationFrame(() => document.getElementById(GROUP_NAME_INPUT_ID)?.focus());
  };
  return (
    <div className="tg-pd" data-testid="permission-designer">
      <TopBar onBack={onBack} onTab={onTab} onViewAs={() => setPicking(true)} />
      {viewAs ? (
        <ViewAsPanel
          app={saved}
          formId={formId}
          user={viewAs}
          directory={directory}
          dirty={dirty}
          onExit={() => setViewAs(null)}
        />
      ) : (
        <div className="tg-pd-body">
          <Segmented<Section>
            className="tg-pd-sections"
            value={section}
            onChange={setSection}
            options={[
              { value: 'groups', label: t('sections.groups') },
              { value: 'access', label: t('sections.access') },
            ]}
            data-testid="permissions-section"
          />
          {section === 'groups' ? (
            <>
              <SaveProblem />
              <LegacyNotice />
              <div className="tg-pd-columns">
                <GroupList directory={directory} onRename={focusName} />
                <GroupEditor directory={directory} />
              </div>
            </>
          ) : (
            <>
              <SaveProblem />
              <AppAccessEditor directory={directory} />
            </>
          )}
        </div>
      )}
      <ViewAsPicker
        open={picking}
        onClose={() => setPicking(false)}
        onPick={(user) => {
          setPicking(false);
          setViewAs(user);
        }}
      />
    </div>
  );
}

/** `/studio/apps/:appId/forms/:formId/permissions`: the form's permission groups and the app's access. */
export function PermissionDesignerPage({ appId, formId }: { appId: string; formId: string }) {
  const { t } = useTranslation('permissions');
  const client = useClient();
  const { router } = useServices();
  const result = useAsync(() => client.apps.get(appId), [client, appId]);
  const appPath = `/apps/${encodeURIComponent(appId)}`;
  const formPath = `${appPath}/forms/${encodeURIComponent(formId)}`;
  const back = () => void guardedNavigate(() => router.getState().navigate(appPath));
  const onTab = (tab: Tab) =>
    void guardedNavigate(() =>
      router.getState().navigate(tab === 'workflow' ? `${formPath}/workflow` : formPath),
    );
  if (result.error) {
    if (isApiError(result.error) && result.error.status === 404)
      return (
        <Result status="404" title={t('notFound')} extra={<Button onClick={back}>{t('back')}</Button>} />
      );
    return <LoadError error={result.error} onRetry={result.reload} />;
  }
  if (!result.data) return <Loading />;
  const { app, version } = result.data;
  if (!app.forms.some((f) => f.id === formId))
    return <Result status="404" title={t('notFound')} extra={<Button onClick={back}>{t('back')}</Button>} />;
  return (
    <PermissionStoreProvider app={app} version={version} formId={formId}>
      <Designer onBack={back} onTab={onTab} />
    </PermissionStoreProvider>
  );
}
