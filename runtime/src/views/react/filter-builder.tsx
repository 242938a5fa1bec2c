import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, InputNumber, Segmented, Select, Space } from 'antd';
import type { FormDefinition, Operator } from '@tangram/schema';
import { pickText } from '../../core/i18n-text';
import {
  dynamicChoices,
  emptyCondition,
  emptyGroup,
  filterFields,
  workflowStatusField,
  isDynamic,
  operatorsFor,
  updateDraft,
  valueEditor,
  type ConditionDraft,
  type FilterDraft,
  type GroupDraft,
} from '../core/filter-draft';
import type { Directory } from '../core/format-cell';
import { useViewTexts, type ViewTexts } from './texts';
import { ValueInput } from './value-input';

export interface FilterBuilderProps {
  form: FormDefinition;
  draft: GroupDraft;
  onChange(draft: GroupDraft): void;
  directory: Directory;
  /** Field refs offered (default: every filterable field of the form and the system columns). */
  fields?: readonly string[];
}

const MAX_DEPTH = 3;

/** Conditions and nested and/or groups; field -> operators the registry offers -> value editor. */
export function FilterBuilder({ form, draft, onChange, directory, fields }: FilterBuilderProps) {
  const edit = (key: string, change: (node: FilterDraft) => FilterDraft | null) =>
    onChange(updateDraft(draft, key, change) as GroupDraft);
  return (
    <div className="tg-filter-builder" data-testid="filter-builder">
      <Group form={form} group={draft} depth={1} edit={edit} directory={directory} offered={fields} />
    </div>
  );
}

interface NodeProps {
  form: FormDefinition;
  depth: number;
  edit(key: string, change: (node: FilterDraft) => FilterDraft | null): void;
  directory: Directory;
  offered: readonly string[] | undefined;
}

function Group({ group, ...p }: NodeProps & { group: GroupDraft }) {
  const { tx } = useViewTexts();
  const add = (node: FilterDraft) =>
    p.edit(group.key, (g) => ({ ...(g as GroupDraft), items: [...(g as GroupDraft).items, node] }));
  return (
    <div className={p.depth > 1 ? 'tg-filter-group tg-filter-nested' : 'tg-filter-group'}>
      <div className="tg-filter-group-head">
        <Segmented
          size="small"
          value={group.op}
          options={[
            { value: 'and', label: tx.matchAll },
            { value: 'or', label: tx.matchAny },
          ]}
          onChange={(op) => p.edit(group.key, (g) => ({ ...(g as GroupDraft), op: op as 'and' | 'or' }))}
        />
        {p.depth > 1 ? (
          <Button
            size="small"
            type="text"
            icon={<DeleteOutlined />}
            aria-label={tx.delete}
            onClick={() => p.edit(group.key, () => null)}
          />
        ) : null}
      </div>
      {group.items.map((item) =>
        item.kind === 'group' ? (
          <Group key={item.key} {...p} depth={p.depth + 1} group={item} />
        ) : (
          <Condition key={item.key} {...p} cond={item} />
        ),
      )}
      <Space size={4}>
        <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => add(emptyCondition())}>
          {tx.addCondition}
        </Button>
        {p.depth < MAX_DEPTH ? (
          <Button
            size="small"
            type="link"
            icon={<PlusOutlined />}
            onClick={() =>
              add({ ...emptyGroup(group.op === 'and' ? 'or' : 'and'), items: [emptyCondition()] })
            }
          >
            {tx.addGroup}
          </Button>
        ) : null}
      </Space>
    </div>
  );
}

export function fieldLabel(form: FormDefinition, ref: string, lang: string, tx: ViewTexts): string {
  const field = form.fields?.find((f) => f.id === ref);
  if (field) return pickText(field.label, lang);
  return (tx.system as Record<string, string>)[ref] ?? ref;
}

function Condition({ cond, form, edit, directory, offered }: NodeProps & { cond: ConditionDraft }) {
  const { tx, lang } = useViewTexts();
  const fields = filterFields(form).filter((f) => !offered || offered.includes(f.ref));
  const ops = operatorsFor(form, cond.field);
  const editor = valueEditor(form, cond.field, cond.op);
  const dynamics = dynamicChoices(form, cond.field, cond.op);
  const field =
    cond.field === 'workflowStatus'
      ? workflowStatusField(tx.workflowStatus)
      : (form.fields?.find((f) => f.id === cond.field) ?? null);
  const set = (patch: Partial<ConditionDraft>) =>
    edit(cond.key, (c) => ({ ...(c as ConditionDraft), ...patch }));
  const dyn = isDynamic(cond.value) ? cond.value : undefined;
  return (
    <div className="tg-filter-row" data-testid="filter-condition">
      <Select
        className="tg-filter-field"
        aria-label={tx.field}
        placeholder={tx.selectField}
        showSearch={{ optionFilterProp: 'label' }}
        value={cond.field}
        options={fields.map((f) => ({ value: f.ref, label: fieldLabel(form, f.ref, lang, tx) }))}
        onChange={(ref: string) => {
          const first = operatorsFor(form, ref)[0];
          set({ field: ref, op: first, value: undefined });
        }}
      />
      <Select
        className="tg-filter-op"
        aria-label={tx.operator}
        value={cond.op}
        disabled={!cond.field}
        options={ops.map((op) => ({ value: op, label: tx.ops[op] }))}
        onChange={(op: Operator) =>
          set({ op, value: valueEditor(form, cond.field, op) === editor ? cond.value : undefined })
        }
      />
      <div className="tg-filter-value">
        {dynamics.length > 0 && editor !== 'none' ? (
          <Select
            className="tg-filter-dynamic"
            aria-label={tx.value}
            value={dyn?.dynamic ?? ''}
            options={[
              { value: '', label: tx.fixedValue },
              ...dynamics.map((d) => ({ value: d, label: tx.dynamic[d] })),
            ]}
            onChange={(d: string) =>
              set({ value: d ? { dynamic: d, ...(d === 'lastNDays' ? { n: 7 } : {}) } : undefined })
            }
          />
        ) : null}
        {dyn?.dynamic === 'lastNDays' ? (
          <InputNumber
            aria-label={tx.days}
            min={1}
            max={3660}
            value={dyn.n ?? 7}
            onChange={(n) => set({ value: { dynamic: 'lastNDays', n: n ?? 7 } })}
          />
        ) : dyn ? null : (
          <ValueInput
            editor={editor}
            field={field}
            value={cond.value}
            onChange={(value) => set({ value })}
            directory={directory}
            ariaLabel={tx.value}
          />
        )}
      </div>
      <Button
        type="text"
        icon={<DeleteOutlined />}
        aria-label={tx.delete}
        onClick={() => edit(cond.key, () => null)}
      />
    </div>
  );
}
