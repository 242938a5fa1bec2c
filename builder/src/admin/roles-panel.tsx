import { DeleteOutlined, EditOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { isApiError, type AdminRole, type AdminUser } from '@tangram/client';
import { useClient } from '@tangram/runtime';
import { App, Button, Card, Empty, List, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NameModal } from './departments-panel';
import { UserSelect } from './user-select';
import type { OrgDirectory } from './use-org-directory';

/** Roles: create, rename, delete, and their members. */
export function RolesPanel({ directory }: { directory: OrgDirectory }) {
  const { t } = useTranslation('orgAdmin');
  const client = useClient();
  const { message, modal } = App.useApp();
  const [selected, setSelected] = useState<string | null>(null);
  const [naming, setNaming] = useState<{ role?: AdminRole } | null>(null);
  const current = directory.roles.find((r) => r.id === selected);

  const fail = (e: unknown) =>
    void message.error(
      isApiError(e, 'role_name_taken')
        ? t('roles.nameTaken')
        : t('errors.generic', { ns: 'translation', message: e instanceof Error ? e.message : String(e) }),
    );

  const saveName = async (name: string) => {
    try {
      if (naming?.role) await client.admin.roles.update(naming.role.id, { name });
      else setSelected((await client.admin.roles.create({ name })).role.id);
      setNaming(null);
      directory.reload();
    } catch (e) {
      fail(e);
    }
  };

  const remove = (role: AdminRole) =>
    modal.confirm({
      title: t('roles.deleteTitle', { name: role.name }),
      content: t('roles.deleteText'),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await client.admin.roles.remove(role.id);
          void message.success(t('roles.deleted', { name: role.name }));
          if (selected === role.id) setSelected(null);
          directory.reload();
        } catch (e) {
          fail(e);
        }
      },
    });

  return (
    <div className="tg-admin-split">
      <Card
        size="small"
        className="tg-admin-side"
        title={t('tabs.roles')}
        extra={
          <Button
            type="primary"
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setNaming({})}
            data-testid="role-create"
          >
            {t('roles.create')}
          </Button>
        }
      >
        <List<AdminRole>
          dataSource={directory.roles}
          locale={{ emptyText: t('roles.empty') }}
          data-testid="role-list"
          renderItem={(role) => (
            <List.Item
              className={role.id === selected ? 'tg-admin-row is-selected' : 'tg-admin-row'}
              onClick={() => setSelected(role.id)}
              actions={[
                <Button
                  key="rename"
                  type="text"
                  size="small"
                  icon={<EditOutlined />}
                  aria-label={t('roles.rename')}
                  onClick={(e) => {
                    e.stopPropagation();
                    setNaming({ role });
                  }}
                />,
                <Button
                  key="delete"
                  type="text"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('common.delete')}
                  onClick={(e) => {
                    e.stopPropagation();
                    remove(role);
                  }}
                />,
              ]}
            >
              <List.Item.Meta
                title={role.name}
                description={t('roles.memberCount', { count: role.memberCount })}
              />
            </List.Item>
          )}
        />
      </Card>
      <div className="tg-admin-main">
        {current ? (
          <RoleMembers key={current.id} role={current} onChanged={directory.reload} onFail={fail} />
        ) : (
          <Card size="small">
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('roles.select')} />
          </Card>
        )}
      </div>
      <NameModal
        open={naming !== null}
        title={naming?.role ? t('roles.rename') : t('roles.create')}
        label={t('roles.name')}
        initial={naming?.role?.name}
        onSubmit={saveName}
        onCancel={() => setNaming(null)}
      />
    </div>
  );
}

function RoleMembers({
  role,
  onChanged,
  onFail,
}: {
  role: AdminRole;
  onChanged: () => void;
  onFail: (e: unknown) => void;
}) {
  const { t } = useTranslation('orgAdmin');
  const client = useClient();
  const [members, setMembers] = useState<AdminUser[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [adding, setAdding] = useState<string[]>([]);

  const load = useCallback(
    async (after: string | null) => {
      setLoading(true);
      try {
        const page = await client.admin.users.list({
          roleId: role.id,
          limit: 50,
          ...(after ? { cursor: after } : {}),
        });
        setMembers((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        onFail(e);
      } finally {
        setLoading(false);
      }
    },
    [client, role.id, onFail],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  const add = async () => {
    if (adding.length === 0) return;
    try {
      await client.admin.roles.addMembers(role.id, adding);
      setAdding([]);
      await load(null);
      onChanged();
    } catch (e) {
      onFail(e);
    }
  };
  const removeMember = async (user: AdminUser) => {
    try {
      await client.admin.roles.removeMember(role.id, user.id);
      setMembers((prev) => prev.filter((u) => u.id !== user.id));
      onChanged();
    } catch (e) {
      onFail(e);
    }
  };

  return (
    <Card size="small" title={`${role.name} · ${t('roles.members')}`}>
      <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
        <UserSelect
          multiple
          value={adding}
          onChange={(v) => setAdding(Array.isArray(v) ? v : [])}
          exclude={members.map((m) => m.id)}
          placeholder={t('roles.addPlaceholder')}
          data-testid="role-add-members"
        />
        <Button
          type="primary"
          icon={<UserAddOutlined />}
          onClick={() => void add()}
          disabled={adding.length === 0}
        >
          <span className="tg-hide-xs">{t('roles.addMembers')}</span>
        </Button>
      </Space.Compact>
      <List<AdminUser>
        loading={loading}
        dataSource={members}
        locale={{ emptyText: t('roles.noMembers') }}
        data-testid="role-members"
        renderItem={(u) => (
          <List.Item
            actions={[
              <Button key="remove" type="link" size="small" danger onClick={() => void removeMember(u)}>
                {t('roles.removeMember')}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={u.name}
              description={<Typography.Text type="secondary">{u.email}</Typography.Text>}
            />
          </List.Item>
        )}
      />
      {cursor ? (
        <Button block onClick={() => void load(cursor)} loading={loading}>
          {t('common.loadMore')}
        </Button>
      ) : null}
    </Card>
  );
}
