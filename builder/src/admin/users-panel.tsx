import { MoreOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { AdminUser, NewUserInput, UserListOptions } from '@tangram/client';
import { useClient } from '@tangram/runtime';
import { App, Button, Dropdown, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LinkModal, type ShownLink } from './link-modal';
import { ResetPasswordDialog } from './reset-password-dialog';
import { UserDialog } from './user-dialog';
import type { OrgDirectory } from './use-org-directory';

const PAGE = 50;
type StateFilter = 'all' | 'active' | 'inactive';

interface Filters {
  q: string;
  departmentId?: string;
  state: StateFilter;
}

/** The keyset-paged user list: filters reset the list, "load more" appends the next page. */
function useUserPages(filters: Filters) {
  const client = useClient();
  const [items, setItems] = useState<AdminUser[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | undefined>();
  const seq = useRef(0);

  const fetchPage = useCallback(
    async (after: string | null, replace: boolean) => {
      const mine = ++seq.current;
      setLoading(true);
      setError(undefined);
      const opts: UserListOptions = { limit: PAGE, q: filters.q.trim() || undefined };
      if (filters.departmentId) opts.departmentId = filters.departmentId;
      if (filters.state !== 'all') opts.active = filters.state === 'active';
      if (after) opts.cursor = after;
      try {
        const page = await client.admin.users.list(opts);
        if (mine !== seq.current) return; // a newer search replaced this one
        setItems((prev) => (replace ? page.items : [...prev, ...page.items]));
        setCursor(page.nextCursor);
      } catch (e) {
        if (mine === seq.current) setError(e instanceof Error ? e : new Error(String(e)));
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    },
    [client, filters.q, filters.departmentId, filters.state],
  );

  useEffect(() => {
    void fetchPage(null, true);
  }, [fetchPage]);

  /** Puts a changed user in place (or first, when new) without reloading every page. */
  const upsert = (user: AdminUser) =>
    setItems((prev) =>
      prev.some((u) => u.id === user.id) ? prev.map((u) => (u.id === user.id ? user : u)) : [user, ...prev],
    );
  return {
    items,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => void fetchPage(cursor, false),
    reload: () => void fetchPage(null, true),
    upsert,
  };
}

/** Users: search, filter, create (invite or password), edit, deactivate, reset password. */
export function UsersPanel({ directory }: { directory: OrgDirectory }) {
  const { t } = useTranslation('orgAdmin');
  const client = useClient();
  const { message, modal } = App.useApp();
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<Filters>({ q: '', state: 'all' });
  const pages = useUserPages(filters);
  const [editing, setEditing] = useState<{ user?: AdminUser } | null>(null);
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const [shown, setShown] = useState<ShownLink | null>(null);

  // Search as the admin types, once they pause (one request per pause, not per key).
  useEffect(() => {
    const id = setTimeout(() => setFilters((f) => (f.q === search ? f : { ...f, q: search })), 250);
    return () => clearTimeout(id);
  }, [search]);

  const fail = (e: unknown) =>
    void message.error(
      t('errors.generic', { ns: 'translation', message: e instanceof Error ? e.message : String(e) }),
    );

  const save = async (input: NewUserInput) => {
    if (editing?.user) {
      const { password: _never, ...patch } = input;
      const { user } = await client.admin.users.update(editing.user.id, patch);
      pages.upsert(user);
      void message.success(t('common.saved'));
    } else {
      const { user, link } = await client.admin.users.create(input);
      pages.upsert(user);
      void message.success(t('users.created', { name: user.name }));
      if (link) setShown({ link, name: user.name });
    }
    setEditing(null);
  };

  const deactivate = (user: AdminUser) =>
    modal.confirm({
      title: t('users.deactivateTitle', { name: user.name }),
      content: t('users.deactivateText'),
      okText: t('users.deactivate'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await client.admin.users.remove(user.id);
          pages.upsert({ ...user, active: false });
          void message.success(t('users.deactivated', { name: user.name }));
        } catch (e) {
          fail(e);
        }
      },
    });

  const reactivate = async (user: AdminUser) => {
    try {
      pages.upsert((await client.admin.users.reactivate(user.id)).user);
      void message.success(t('users.reactivated', { name: user.name }));
    } catch (e) {
      fail(e);
    }
  };

  const columns: ColumnsType<AdminUser> = [
    {
      title: t('users.name'),
      dataIndex: 'name',
      render: (_: unknown, u) => (
        <Space direction="vertical" size={0}>
          <Space size={4} wrap>
            <Typography.Text strong>{u.name}</Typography.Text>
            {u.isAdmin ? <Tag color="gold">{t('users.admin')}</Tag> : null}
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {u.email}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('users.departments'),
      dataIndex: 'departmentIds',
      responsive: ['md'],
      render: (ids: string[]) => ids.map((id) => <Tag key={id}>{directory.departmentName(id)}</Tag>),
    },
    {
      title: t('users.roles'),
      dataIndex: 'roleIds',
      responsive: ['lg'],
      render: (ids: string[]) =>
        ids.map((id) => (
          <Tag key={id} color="blue" bordered={false}>
            {directory.roleName(id)}
          </Tag>
        )),
    },
    {
      title: t('users.state'),
      key: 'state',
      width: 120,
      render: (_: unknown, u) =>
        !u.active ? (
          <Tag>{t('users.inactive')}</Tag>
        ) : u.passwordPending ? (
          <Tag color="orange">{t('users.pending')}</Tag>
        ) : (
          <Tag color="green">{t('users.active')}</Tag>
        ),
    },
    {
      key: 'actions',
      width: 56,
      align: 'right',
      render: (_: unknown, u) => (
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'edit', label: t('common.edit') },
              ...(u.active
                ? [
                    {
                      key: 'reset',
                      label: u.passwordPending ? t('users.resendInvite') : t('users.resetPassword'),
                    },
                    { type: 'divider' as const },
                    { key: 'deactivate', label: t('users.deactivate'), danger: true },
                  ]
                : [{ key: 'reactivate', label: t('users.reactivate') }]),
            ],
            onClick: ({ key }) => {
              if (key === 'edit') setEditing({ user: u });
              if (key === 'reset') setResetting(u);
              if (key === 'deactivate') deactivate(u);
              if (key === 'reactivate') void reactivate(u);
            },
          }}
        >
          <Button
            type="text"
            icon={<MoreOutlined />}
            aria-label={t('common.more')}
            data-testid="user-actions"
          />
        </Dropdown>
      ),
    },
  ];

  return (
    <>
      <div className="tg-admin-toolbar">
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('users.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="user-search"
          className="tg-admin-search"
        />
        <Select
          allowClear
          placeholder={t('users.allDepartments')}
          value={filters.departmentId}
          onChange={(departmentId?: string) => setFilters((f) => ({ ...f, departmentId }))}
          options={directory.departments.map((d) => ({ value: d.id, label: d.name }))}
          showSearch={{ optionFilterProp: 'label' }}
          className="tg-admin-filter"
        />
        <Select<StateFilter>
          value={filters.state}
          onChange={(state) => setFilters((f) => ({ ...f, state }))}
          options={[
            { value: 'all', label: t('users.allStates') },
            { value: 'active', label: t('users.active') },
            { value: 'inactive', label: t('users.inactive') },
          ]}
          className="tg-admin-filter"
        />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing({})}
          data-testid="user-create"
        >
          {t('users.create')}
        </Button>
      </div>
      {pages.error ? <Typography.Text type="danger">{pages.error.message}</Typography.Text> : null}
      <Table<AdminUser>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={pages.items}
        loading={pages.loading}
        pagination={false}
        locale={{ emptyText: t('users.empty') }}
        data-testid="user-table"
      />
      <div className="tg-admin-more">
        <Typography.Text type="secondary">{t('users.count', { count: pages.items.length })}</Typography.Text>
        {pages.hasMore ? (
          <Button onClick={pages.loadMore} loading={pages.loading} data-testid="users-load-more">
            {t('common.loadMore')}
          </Button>
        ) : null}
      </div>
      <UserDialog
        open={editing !== null}
        user={editing?.user}
        directory={directory}
        onSubmit={save}
        onCancel={() => setEditing(null)}
      />
      <ResetPasswordDialog
        user={resetting}
        onDone={(user, link) => {
          pages.upsert(user);
          setResetting(null);
          if (link) setShown({ link, name: user.name });
          else void message.success(t('users.resetDone'));
        }}
        onCancel={() => setResetting(null)}
      />
      <LinkModal shown={shown} onClose={() => setShown(null)} />
    </>
  );
}
