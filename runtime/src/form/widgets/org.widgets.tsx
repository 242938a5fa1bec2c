import { Select, TreeSelect } from 'antd';
import type { Department, Member, TangramClient } from '@tangram/client';
import { useEffect, useMemo, useState } from 'react';
import { useFormEnv } from '../react/form-context';
import type { WidgetProps } from './widget';

const directory = new WeakMap<
  TangramClient,
  { members?: Promise<Member[]>; departments?: Promise<Department[]> }
>();

/** The org directory, fetched once per client and shared by every picker on the page. */
function useDirectory<K extends 'members' | 'departments'>(kind: K) {
  const { client } = useFormEnv();
  type Item = K extends 'members' ? Member : Department;
  const [items, setItems] = useState<Item[] | null>(null);
  useEffect(() => {
    if (!client) return setItems([]);
    const cache = directory.get(client) ?? {};
    directory.set(client, cache);
    const load = (cache[kind] ??= (kind === 'members' ? client.org.members() : client.org.departments())
      .then((r) => r.items)
      .catch(() => {
        delete cache[kind];
        return [];
      }) as Promise<Member[] & Department[]>);
    let live = true;
    void load.then((list) => live && setItems(list as Item[]));
    return () => {
      live = false;
    };
  }, [client, kind]);
  return items;
}

function MemberPicker({
  field,
  value,
  onChange,
  id,
  disabled,
  invalid,
  multiple,
}: WidgetProps<'member' | 'members'> & { multiple: boolean }) {
  const members = useDirectory('members');
  const scope = field.config?.scope;
  const options = useMemo(
    () =>
      (members ?? [])
        .filter(
          (m) =>
            !scope ||
            (!scope.userIds?.length && !scope.departmentIds?.length) ||
            scope.userIds?.includes(m.id) ||
            m.departmentIds.some((d) => scope.departmentIds?.includes(d)),
        )
        .map((m) => ({ value: m.id, label: m.name, text: `${m.name} ${m.email}` })),
    [members, scope],
  );
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      allowClear
      showSearch={{ optionFilterProp: 'text' }}
      loading={members === null}
      style={{ width: '100%' }}
      value={multiple ? (Array.isArray(value) ? value : []) : typeof value === 'string' ? value : undefined}
      options={options}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      onChange={(v: string | string[] | undefined) =>
        onChange(Array.isArray(v) ? (v.length ? v : null) : (v ?? null))
      }
    />
  );
}

export const MemberWidget = (p: WidgetProps<'member'>) => <MemberPicker {...p} multiple={false} />;
export const MembersWidget = (p: WidgetProps<'members'>) => <MemberPicker {...p} multiple />;

interface TreeNode {
  value: string;
  title: string;
  children: TreeNode[];
}

function toTree(list: Department[], roots?: string[]): TreeNode[] {
  const nodes = new Map(list.map((d) => [d.id, { value: d.id, title: d.name, children: [] as TreeNode[] }]));
  const top: TreeNode[] = [];
  for (const d of list) {
    const node = nodes.get(d.id)!;
    const parent = d.parentId ? nodes.get(d.parentId) : undefined;
    if (parent) parent.children.push(node);
    else top.push(node);
  }
  return roots?.length ? roots.map((id) => nodes.get(id)).filter((n): n is TreeNode => !!n) : top;
}

function DepartmentPicker({
  field,
  value,
  onChange,
  id,
  disabled,
  invalid,
  multiple,
}: WidgetProps<'department' | 'departments'> & { multiple: boolean }) {
  const departments = useDirectory('departments');
  const tree = useMemo(
    () => toTree(departments ?? [], field.config?.rootDepartmentIds),
    [departments, field.config?.rootDepartmentIds],
  );
  return (
    <TreeSelect
      id={id}
      multiple={multiple}
      allowClear
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll
      loading={departments === null}
      style={{ width: '100%' }}
      value={multiple ? (Array.isArray(value) ? value : []) : typeof value === 'string' ? value : undefined}
      treeData={tree}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      onChange={(v: string | string[] | undefined) =>
        onChange(Array.isArray(v) ? (v.length ? v : null) : (v ?? null))
      }
    />
  );
}

export const DepartmentWidget = (p: WidgetProps<'department'>) => (
  <DepartmentPicker {...p} multiple={false} />
);
export const DepartmentsWidget = (p: WidgetProps<'departments'>) => <DepartmentPicker {...p} multiple />;
