import { Select } from 'antd';
import type { Members } from './use-members';

/** Picks org members by name or email (transfer: one; add approver: several). */
export function UserPicker({
  members,
  multiple,
  value,
  exclude,
  placeholder,
  onChange,
}: {
  members: Members;
  multiple: boolean;
  value: string[];
  /** Users who may not be picked (the actor). */
  exclude: readonly string[];
  placeholder: string;
  onChange(ids: string[]): void;
}) {
  const options = members.list
    .filter((m) => !exclude.includes(m.id))
    .map((m) => ({ value: m.id, label: m.name, email: m.email }));
  return (
    <Select
      data-testid="workflow-user-picker"
      style={{ width: '100%' }}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{
        filterOption: (input, option) =>
          `${option?.label ?? ''} ${(option as { email?: string } | undefined)?.email ?? ''}`
            .toLowerCase()
            .includes(input.toLowerCase()),
      }}
      placeholder={placeholder}
      value={multiple ? value : value[0]}
      options={options}
      optionRender={(o) => (
        <span>
          {o.label}{' '}
          <span style={{ color: '#98a2b3', fontSize: 12 }}>{(o.data as { email: string }).email}</span>
        </span>
      )}
      onChange={(v: string | string[] | undefined) =>
        onChange(v === undefined ? [] : Array.isArray(v) ? v : [v])
      }
    />
  );
}
