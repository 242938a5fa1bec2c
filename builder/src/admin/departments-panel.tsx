import { ApartmentOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { isApiError, type AdminUser, type Department } from '@tangram/client';
import { useClient } from '@tangram/runtime';
import { App, Button, Card, Empty, Form, Input, Modal, Select, Space, Tree, Typography } from 'antd';
import type { ButtonProps, TreeProps } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserSelect } from './user-select';
import { departmentTree, type OrgDirectory } from './use-org-directory';

/** Where a tree drop puts the dragged department: onto a node = under it, between = beside it. */
export function dropParent(departments: Department[], target: string, dropToGap: boolean): string | null {
  if (!dropToGap) return target;
  return departments.find((d) => d.id === target)?.parentId ?? null;
}

/** The department tree: create, rename, move by dragging, leader, delete. */
export function DepartmentsPanel({ directory }: { directory: OrgDirectory }) {
  const { t } = useTranslation('orgAdmin');
  const client = useClient();
  const { message, modal } = App.useApp();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState<{ parentId: string | null } | null>(null);
  const tree = useMemo(() => departmentTree(directory.departments), [directory.departments]);
  const current = directory.departments.find((d) => d.id === selected);
  // Everything starts expanded, new parents included; only what the admin folds stays folded.
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const expandedKeys = directory.departments.map((d) => d.id).filter((id) => !collapsed.has(id));

  const fail = (e: unknown) => {
    if (isApiError(e, 'department_cycle')) void message.error(t('departments.cycle'));
    else if (isApiError(e, 'department_not_empty')) void message.error(t('departments.notEmpty'));
    else
      void message.error(
        t('errors.generic', { ns: 'translation', message: e instanceof Error ? e.message : String(e) }),
      );
  };

  const onDrop: TreeProps['onDrop'] = (info) => {
    const moving = String(info.dragNode.key);
    const parentId = dropParent(directory.departments, String(info.node.key), info.dropToGap);
    const dep = directory.departments.find((d) => d.id === moving);
    if (!dep || dep.parentId === parentId) return;
    void client.admin.departments
      .update(moving, { parentId })
      .then(() => {
        void message.success(t('departments.moved', { name: dep.name }));
        directory.reload();
      })
      .catch(fail);
  };

  const create = async (name: string) => {
    try {
      const { department } = await client.admin.departments.create({
        name,
        parentId: creating?.parentId ?? null,
      });
      setCreating(null);
      setSelected(department.id);
      directory.reload();
    } catch (e) {
      fail(e);
    }
  };

  const remove = (dep: Department) =>
    modal.confirm({
      title: t('departments.deleteTitle', { name: dep.name }),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await client.admin.departments.remove(dep.id);
          void message.success(t('departments.deleted', { name: dep.name }));
          setSelected(null);
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
        title={t('tabs.departments')}
        extra={
          <Button
            type="primary"
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setCreating({ parentId: null })}
            data-testid="department-create"
          >
            {t('departments.create')}
          </Button>
        }
      >
        {tree.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('departments.empty')} />
        ) : (
          <>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('departments.dragHint')}
            </Typography.Paragraph>
            <Tree
              draggable={{ icon: false }}
              blockNode
              expandedKeys={expandedKeys}
              onExpand={(keys) => {
                const open = new Set(keys.map(String));
                setCollapsed(new Set(directory.departments.map((d) => d.id).filter((id) => !open.has(id))));
              }}
              showIcon
              icon={<ApartmentOutlined />}
              treeData={tree}
              selectedKeys={selected ? [selected] : []}
              onSelect={(keys) => setSelected(keys[0] ? String(keys[0]) : null)}
              onDrop={onDrop}
              data-testid="department-tree"
            />
          </>
        )}
      </Card>
      <div className="tg-admin-main">
        {current ? (
          <DepartmentDetail
            key={current.id}
            department={current}
            departments={directory.departments}
            onSaved={directory.reload}
            onFail={fail}
            onCreateChild={() => setCreating({ parentId: current.id })}
            onDelete={() => remove(current)}
          />
        ) : (
          <Card size="small">
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('departments.select')} />
          </Card>
        )}
      </div>
      <NameModal
        open={creating !== null}
        title={creating?.parentId ? t('departments.createChild') : t('departments.create')}
        label={t('departments.name')}
        onSubmit={create}
        onCancel={() => setCreating(null)}
      />
    </div>
  );
}

interface DetailProps {
  department: Department;
  departments: Department[];
  onSaved: () => void;
  onFail: (e: unknown) => void;
  onCreateChild: () => void;
  onDelete: () => void;
}

/** Ids of `id` and everything below it: not allowed as its new parent. */
function selfAndBelow(departments: Department[], id: string): Set<string> {
  const out = new Set([id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const d of departments)
      if (d.parentId && out.has(d.parentId) && !out.has(d.id)) {
        out.add(d.id);
        grew = true;
      }
  }
  return out;
}

const TOP = '';

interface DetailValues {
  name: string;
  parentId: string;
  leaderId: string | null;
}

function DepartmentDetail({
  department,
  departments,
  onSaved,
  onFail,
  onCreateChild,
  onDelete,
}: DetailProps) {
  const { t } = useTranslation('orgAdmin');
  const client = useClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<DetailValues>();
  const [leader, setLeader] = useState<AdminUser[]>([]);
  const [busy, setBusy] = useState(false);
  const excluded = useMemo(() => selfAndBelow(departments, department.id), [departments, department.id]);

  useEffect(() => {
    form.setFieldsValue({
      name: department.name,
      parentId: department.parentId ?? TOP,
      leaderId: department.leaderId,
    });
  }, [department, form]);

  const save = async (v: DetailValues) => {
    setBusy(true);
    try {
      await client.admin.departments.update(department.id, {
        name: v.name,
        parentId: v.parentId === TOP ? null : v.parentId,
        leaderId: v.leaderId ?? null,
      });
      void message.success(t('common.saved'));
      onSaved();
    } catch (e) {
      onFail(e);
    } finally {
      setBusy(false);
    }
  };

  // The leader's label, when they are not among the first search results.
  useEffect(() => {
    if (!department.leaderId) return;
    void client.admin.users
      .list({ q: undefined, limit: 200 })
      .then((p) => setLeader(p.items.filter((u) => u.id === department.leaderId)));
  }, [client, department.leaderId]);

  return (
    <Card
      size="small"
      title={department.name}
      extra={
        <Space wrap>
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={onCreateChild}
            data-testid="department-create-child"
          >
            {t('departments.createChild')}
          </Button>
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            onClick={onDelete}
            aria-label={t('common.delete')}
          />
        </Space>
      }
    >
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void save(v)}
        data-testid="department-form"
      >
        <Form.Item
          name="name"
          label={t('departments.name')}
          rules={[{ required: true, message: t('common.required', { field: t('departments.name') }) }]}
        >
          <Input data-testid="department-name" />
        </Form.Item>
        {/* Moving without dragging (phones, keyboards); cycles are not offered (and refused by the server). */}
        <Form.Item name="parentId" label={t('departments.parent')}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="department-parent"
            options={[
              { value: TOP, label: t('departments.noParent') },
              ...departments.filter((d) => !excluded.has(d.id)).map((d) => ({ value: d.id, label: d.name })),
            ]}
          />
        </Form.Item>
        <Form.Item name="leaderId" label={t('departments.leader')}>
          <UserSelect
            placeholder={t('departments.leaderPlaceholder')}
            known={leader}
            data-testid="department-leader"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="department-save">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

export interface NameModalProps {
  open: boolean;
  title: string;
  label: string;
  initial?: string;
  onSubmit: (name: string) => Promise<void>;
  onCancel: () => void;
}

/** A small modal asking for one name (departments, roles). */
export function NameModal({ open, title, label, initial, onSubmit, onCancel }: NameModalProps) {
  const { t } = useTranslation('orgAdmin');
  const [form] = Form.useForm<{ name: string }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) form.setFieldsValue({ name: initial ?? '' });
  }, [open, initial, form]);
  return (
    <Modal
      open={open}
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onCancel}
      forceRender
      okButtonProps={{ 'data-testid': 'name-ok' } as ButtonProps}
    >
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => {
          setBusy(true);
          void onSubmit(v.name.trim()).finally(() => setBusy(false));
        }}
      >
        <Form.Item
          name="name"
          label={label}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: label }) }]}
        >
          <Input autoFocus data-testid="name-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
