import { EyeOutlined } from '@ant-design/icons';
import { canDo, computeGrant, type Grant } from '@tangram/acl';
import { createClient, type User } from '@tangram/client';
import {
  DataView,
  DataViewStyles,
  grantView,
  LoadError,
  pickText,
  ServicesContext,
  useAsync,
  useClient,
  useServices,
} from '@tangram/runtime';
import type { AppDefinition, FormDefinition } from '@tangram/schema';
import { Alert, Button, Modal, Result, Select, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgDirectory } from '../../workflow/directory';
import { principalOf } from '../core/principal';
import { actionsText } from './summary';

/** Picks the user to look through; the studio is admins only, so the full user list is there. */
export function ViewAsPicker({
  open,
  onClose,
  onPick,
}: {
  open: boolean;
  onClose(): void;
  onPick(user: User): void;
}) {
  const { t } = useTranslation('permissions');
  const client = useClient();
  const [q, setQ] = useState('');
  // The admin list is keyset-paged and searchable: the first page of matches is enough to pick from.
  const users = useAsync(
    () =>
      open
        ? client.admin.users.list({ q: q.trim() || undefined, active: true, limit: 50 })
        : Promise.resolve(null),
    [client, open, q],
  );
  const [userId, setUserId] = useState<string>();
  const [picked, setPicked] = useState<User>();
  const list = users.data?.items ?? [];
  const pick = () => {
    if (picked) onPick(picked);
  };
  return (
    <Modal
      open={open}
      title={t('viewAs.button')}
      okText={t('viewAs.open')}
      okButtonProps={{ disabled: !userId, id: 'view-as-open' }}
      onOk={pick}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('viewAs.pick')}</Typography.Paragraph>
      <Select
        showSearch
        style={{ width: '100%' }}
        loading={users.loading}
        value={userId}
        placeholder={t('viewAs.pickUser')}
        filterOption={false}
        onSearch={setQ}
        onChange={(id: string) => {
          setUserId(id);
          setPicked(list.find((u) => u.id === id));
        }}
        options={list.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
        data-testid="view-as-user"
        aria-label={t('viewAs.pickUser')}
      />
    </Modal>
  );
}

/**
 * The form as the user sees it in the player: a copy whose fields are those the grant shows. The
 * server leaves hidden fields out of every answer; without this the columns would still be there,
 * empty. The layout is dropped because it may place hidden fields.
 */
function formAsSeen(form: FormDefinition, grant: Grant): FormDefinition {
  const visible = new Set(grant.fields.visible);
  const { layout: _layout, titleField, ...rest } = form;
  return {
    ...rest,
    ...(titleField && visible.has(titleField) ? { titleField } : {}),
    fields: form.fields.filter((f) => visible.has(f.id)),
  };
}

/** What "view as" can do: read (writes are refused locally, `view_as_read_only`). */
const READ_ACTIONS = new Set(['view', 'export', 'print']);

/**
 * The player's offer for the user, from the same grant the server computes for them, narrowed to
 * reads: "view as" shows what they see, and offers none of the admin's own actions.
 */
function asPlayerGrant(grant: Grant) {
  return grantView(
    {
      appRole: grant.appRole,
      forms: {
        [grant.formId]: {
          actions: grant.actions.filter((a) => READ_ACTIONS.has(a)),
          visibleFields: [...grant.fields.visible],
          editableFields: [...grant.fields.editable],
        },
      },
    },
    grant.formId,
  );
}

/** Why the grant is what it is, in one line (decision 0022's basis). */
function basisText(
  t: TFunction<'permissions'>,
  grant: Grant,
  form: FormDefinition,
  name: string,
  lang: string,
): string {
  if (grant.basis !== 'groups') return t(`viewAs.basis.${grant.basis}`, { name });
  const names = (form.permissionGroups ?? [])
    .filter((g) => grant.groupIds.includes(g.id))
    .map((g) => pickText(g.name, lang));
  return t('viewAs.basis.groups', { groups: names.join(t('actions.joiner')) });
}

/**
 * "View as": the player's data view of the form, every read answered by the server as `user`
 * (`?viewAs=`, their Grant: rows in their scope, hidden fields absent). The client refuses writes
 * meanwhile. Above it a banner says whose eyes these are, why, and how to leave.
 */
export function ViewAsPanel({
  app,
  formId,
  user,
  directory,
  dirty,
  onExit,
}: {
  /** The saved definition: what the server enforces. */
  app: AppDefinition;
  formId: string;
  user: User;
  directory: OrgDirectory;
  dirty: boolean;
  onExit(): void;
}) {
  const { t, i18n } = useTranslation('permissions');
  const services = useServices();
  const lang = i18n.language;
  const viewServices = useMemo(
    // Same session as the studio's client (its CSRF token for reads sent as POST), reading as `user`.
    () => ({
      ...services,
      client: createClient({ viewAs: user.id, csrfToken: services.client.csrfToken() }),
    }),
    [services, user.id],
  );
  const form = app.forms.find((f) => f.id === formId);
  const grant = useMemo(
    () => computeGrant(principalOf(user, directory.departments), app, formId),
    [user, directory.departments, app, formId],
  );
  if (!form) return <LoadError error={new Error(t('notFound'))} onRetry={onExit} />;
  const seen = formAsSeen(form, grant);
  const hidden = form.fields.filter((f) => !grant.fields.visible.includes(f.id));
  return (
    <div className="tg-pd-viewas" data-testid="view-as">
      <Alert
        type="warning"
        showIcon
        icon={<EyeOutlined />}
        className="tg-pd-viewas-banner"
        data-testid="view-as-banner"
        title={<strong>{t('viewAs.banner', { name: user.name })}</strong>}
        description={
          <div className="tg-pd-viewas-facts">
            <span>{basisText(t, grant, form, user.name, lang)}</span>
            {grant.actions.length ? (
              <span>{t('viewAs.can', { actions: actionsText(t, grant.actions) })}</span>
            ) : null}
            {hidden.length && canDo(grant, 'view') ? (
              <span data-testid="view-as-hidden">
                {t('viewAs.hidden', {
                  fields: hidden.map((f) => pickText(f.label, lang) || f.id).join(t('actions.joiner')),
                })}
              </span>
            ) : null}
            {dirty ? <Typography.Text type="warning">{t('viewAs.unsaved')}</Typography.Text> : null}
          </div>
        }
        action={
          <Button onClick={onExit} data-testid="view-as-exit">
            {t('viewAs.exit')}
          </Button>
        }
      />
      {canDo(grant, 'view') ? (
        <ServicesContext.Provider value={viewServices}>
          <DataViewStyles />
          <div className="tg-pd-viewas-data">
            <DataView appId={app.id} form={seen} grant={asPlayerGrant(grant)} />
          </div>
        </ServicesContext.Provider>
      ) : (
        <Result status="403" title={t('viewAs.cannotView', { name: user.name })} />
      )}
    </div>
  );
}
