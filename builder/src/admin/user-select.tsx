import type { AdminUser } from '@tangram/client';
import { useClient } from '@tangram/runtime';
import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';

export interface UserSelectProps {
  value?: string | string[] | null;
  onChange?: (value: string | string[] | null) => void;
  multiple?: boolean;
  placeholder?: string;
  /** Users to leave out of the options (e.g. current members). */
  exclude?: string[];
  /** Labels for values already chosen, when they are not in the current search result. */
  known?: AdminUser[];
  'data-testid'?: string;
}

/** Picks users by searching the server (the org may be too large to load every user). */
export function UserSelect({
  value,
  onChange,
  multiple,
  placeholder,
  exclude,
  known,
  ...rest
}: UserSelectProps) {
  const client = useClient();
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<AdminUser[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    // Only the newest search's answer is shown (typing fires several).
    void client.admin.users
      .list({ q: q || undefined, active: true, limit: 20 })
      .then((page) => mine === seq.current && setOptions(page.items))
      .finally(() => mine === seq.current && setLoading(false));
  }, [client, q]);

  const byId = new Map([...(known ?? []), ...options].map((u) => [u.id, u]));
  const hidden = new Set(exclude ?? []);
  return (
    <Select
      {...rest}
      mode={multiple ? 'multiple' : undefined}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v: string | string[] | undefined) => onChange?.(v ?? null)}
      placeholder={placeholder}
      notFoundContent={loading ? <Spin size="small" /> : undefined}
      options={[...byId.values()]
        .filter((u) => !hidden.has(u.id))
        .map((u) => ({ value: u.id, label: `${u.name} · ${u.email}` }))}
      style={{ width: '100%' }}
    />
  );
}
