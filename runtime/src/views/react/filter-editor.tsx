import type { Filter, FormDefinition } from '@tangram/schema';
import { useEffect, useMemo, useRef, useState } from 'react';
import { fromFilter, toFilter, type GroupDraft } from '../core/filter-draft';
import { FilterBuilder } from './filter-builder';
import { useDirectory } from './use-directory';

export interface FilterEditorProps {
  /** The form whose fields the conditions read. */
  form: FormDefinition;
  value: Filter | undefined;
  /** Called with the well-formed filter (incomplete conditions left out), undefined when empty. */
  onChange(filter: Filter | undefined): void;
  /** Field refs offered (default: every filterable field and the system columns). */
  fields?: readonly string[];
  testId?: string;
}

/**
 * The data views' filter builder as a controlled editor of a stored filter, narrow enough for a
 * property panel (the studio edits relation filters and visibility conditions with it). The draft
 * keeps incomplete conditions while the user types; only complete ones reach `onChange`, and a
 * new `value` from outside (undo, another field) rebuilds the draft.
 */
export function FilterEditor({ form, value, onChange, fields, testId }: FilterEditorProps) {
  const directory = useDirectory();
  // Compared as the editor would write it: an empty group the owner stores for "no condition"
  // (a rule needs some `when`) is the same as nothing, and must not wipe a condition being typed.
  const valueKey = useMemo(() => JSON.stringify(toFilter(form, fromFilter(value)) ?? null), [form, value]);
  const [draft, setDraft] = useState<GroupDraft>(() => fromFilter(value));
  const applied = useRef(valueKey);
  useEffect(() => {
    if (valueKey === applied.current) return;
    applied.current = valueKey;
    setDraft(fromFilter(value));
    // `value` is read through its key: a new object with the same content changes nothing.
  }, [valueKey]);
  const onDraft = (next: GroupDraft) => {
    setDraft(next);
    const filter = toFilter(form, next);
    const key = JSON.stringify(filter ?? null);
    if (key === applied.current) return;
    applied.current = key;
    onChange(filter);
  };
  return (
    <div className="tg-filter-compact" data-testid={testId}>
      <style>{COMPACT_CSS}</style>
      <FilterBuilder form={form} draft={draft} onChange={onDraft} directory={directory} fields={fields} />
    </div>
  );
}

/** Two lines per condition (field and operator, then the value) in a column about 300px wide. */
const COMPACT_CSS = `
.tg-filter-compact .tg-filter-builder { width: auto; max-height: none; overflow: visible; }
.tg-filter-compact .tg-filter-group { display: flex; flex-direction: column; gap: 6px; }
.tg-filter-compact .tg-filter-group-head { display: flex; justify-content: space-between; align-items: center; gap: 4px; min-width: 0; }
.tg-filter-compact .tg-filter-group-head .ant-segmented { min-width: 0; max-width: 100%; }
.tg-filter-compact .tg-filter-nested > .tg-filter-group-head .ant-segmented { max-width: calc(100% - 28px); }
.tg-filter-compact .tg-filter-group-head .ant-segmented-group { display: flex; min-width: 0; }
.tg-filter-compact .tg-filter-group-head .ant-segmented-item { min-width: 0; flex: 0 1 auto; }
.tg-filter-compact .tg-filter-group-head .ant-segmented-item-label { padding-inline: 6px; overflow: hidden; text-overflow: ellipsis; }
.tg-filter-compact .tg-filter-nested { border-left: 3px solid #dbe4ff; padding: 6px 6px 4px 8px; background: #f8f9fc; border-radius: 8px; }
.tg-filter-compact .tg-filter-row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) 24px; gap: 4px;
  align-items: center; padding: 6px; border: 1px solid #eef0f4; border-radius: 8px; background: #fff; }
.tg-filter-compact .tg-filter-field, .tg-filter-compact .tg-filter-op { width: auto; min-width: 0; }
.tg-filter-compact .tg-filter-value { grid-column: 1 / -1; min-width: 0; display: flex; gap: 4px; }
.tg-filter-compact .tg-filter-value > * { flex: 1; min-width: 0; }
.tg-filter-compact .tg-filter-dynamic { flex: none; width: 96px; }
.tg-filter-compact .tg-filter-row > .ant-btn { grid-column: 3; grid-row: 1; }
`;
