import { Input, InputNumber, Select, Tooltip } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { FieldDefinition, RecordDto } from '@tangram/client';
import { pickText } from '../../core/i18n-text';
import { refusalText } from '../core/view-kinds';

/** The field types a grid cell edits in place (decision 0048); others open the record drawer. */
export const INLINE_TYPES: ReadonlySet<string> = new Set(['text', 'number', 'money', 'date', 'select']);

/**
 * How long a click waits for a second one before it counts as a click: a single click opens the
 * record like any other cell, a double click edits in place instead.
 */
const DOUBLE_CLICK_MS = 250;

export const canEditInline = (field: FieldDefinition | undefined): field is FieldDefinition =>
  field !== undefined && INLINE_TYPES.has(field.type) && field.readOnly !== true;

/**
 * A grid cell that edits its value in place: a double click (or Enter) opens the editor, Enter or
 * leaving the cell saves through the records API with the record's version (`save`), Escape
 * cancels. A refusal (validation, permission, a stale version) keeps the editor open with the
 * server's message in the cell, and the stored value is unchanged.
 */
export function InlineCell(props: {
  field: FieldDefinition;
  record: RecordDto;
  lang: string;
  display: ReactNode;
  save(record: RecordDto, patch: Record<string, unknown>): Promise<void>;
  editLabel: string;
  /** A failed validation rule's message in the user's language (`ruleMessageOf`). */
  ruleMessage?: (index: number) => string | undefined;
  /** Opens the record (the row's click), for a single click that no second click follows. */
  onOpen?(): void;
}) {
  const { field, record } = props;
  const pendingOpen = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(pendingOpen.current), []);
  const [draft, setDraft] = useState<unknown>(undefined);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = () => {
    setDraft(record.data[field.id] ?? null);
    setError(null);
    setEditing(true);
  };
  const cancel = () => {
    setEditing(false);
    setError(null);
  };
  const commit = async (value: unknown) => {
    if (busy) return;
    const current = record.data[field.id] ?? null;
    const next = value === '' || value === undefined ? null : value;
    if (JSON.stringify(next) === JSON.stringify(current)) return cancel();
    setBusy(true);
    try {
      await props.save(record, { [field.id]: next });
      setEditing(false);
      setError(null);
    } catch (e) {
      setError(refusalText(e, props.ruleMessage));
    } finally {
      setBusy(false);
    }
  };
  if (!editing)
    return (
      <div
        className="tg-inline"
        data-testid="inline-cell"
        data-field={field.id}
        tabIndex={0}
        title={props.editLabel}
        // A click opens the record as on any cell, unless a second click makes it a double click,
        // which edits in place.
        onClick={(e) => {
          e.stopPropagation();
          clearTimeout(pendingOpen.current);
          if (props.onOpen) pendingOpen.current = setTimeout(props.onOpen, DOUBLE_CLICK_MS);
        }}
        onDoubleClick={(e) => {
          e.stopPropagation();
          clearTimeout(pendingOpen.current);
          start();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === 'F2') {
            e.preventDefault();
            e.stopPropagation();
            start();
          }
        }}
      >
        {props.display}
      </div>
    );
  const keys = (e: React.KeyboardEvent) => {
    e.stopPropagation();
    if (e.key === 'Escape') cancel();
    else if (e.key === 'Enter' && field.type !== 'select') {
      e.preventDefault();
      void commit(draft);
    }
  };
  const common = {
    autoFocus: true,
    size: 'small' as const,
    // Read-only while saving (not disabled): the editor keeps the focus, so Escape still cancels.
    readOnly: busy,
    status: error ? ('error' as const) : undefined,
    'aria-label': props.editLabel,
    'aria-invalid': error ? true : undefined,
  };
  let editor: ReactNode;
  if (field.type === 'number' || field.type === 'money')
    editor = (
      <InputNumber
        {...common}
        style={{ width: '100%' }}
        value={typeof draft === 'number' ? draft : draft === null ? null : Number(draft)}
        onChange={(v) => setDraft(v)}
        onBlur={() => void commit(draft)}
        onKeyDown={keys}
      />
    );
  else if (field.type === 'select')
    editor = (
      <Select
        {...common}
        disabled={busy}
        style={{ width: '100%' }}
        defaultOpen
        allowClear
        value={typeof draft === 'string' ? draft : undefined}
        options={field.config.options.map((o) => ({ value: o.value, label: pickText(o.label, props.lang) }))}
        onChange={(v: string | undefined) => {
          setDraft(v ?? null);
          void commit(v ?? null);
        }}
        onKeyDown={keys}
        onBlur={() => !error && cancel()}
      />
    );
  else
    editor = (
      <Input
        {...common}
        type={field.type === 'date' ? 'date' : 'text'}
        value={typeof draft === 'string' ? draft : ''}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => void commit(draft)}
        onKeyDown={keys}
      />
    );
  return (
    <div
      className={`tg-inline tg-inline-editing${error ? ' tg-inline-error' : ''}`}
      data-testid="inline-editor"
      onClick={(e) => e.stopPropagation()}
    >
      {/* The message floats above the row (rows clip their content), next to the cell it is about. */}
      <Tooltip
        open={error !== null}
        color="#d92d20"
        placement="bottomLeft"
        title={
          <span role="alert" data-testid="inline-error">
            {error}
          </span>
        }
      >
        <div>{editor}</div>
      </Tooltip>
    </div>
  );
}
