import type { FieldDefinition } from '@tangram/schema';
import { Tag } from 'antd';
import { pickText } from '../../core/i18n-text';
import { formatCell, type Directory } from '../core/format-cell';
import { subformDiff, type CellChange, type RowChange } from '../core/history-diff';
import { fill, useViewTexts, type ViewTexts } from './texts';

export interface HistoryChangeProps {
  /** The changed field (undefined when it was removed from the form since). */
  field: FieldDefinition | undefined;
  fieldId: string;
  from: unknown;
  to: unknown;
  directory: Directory;
}

/** Cells of an added or removed row shown inline; more are summed up as "+N". */
const CELLS_SHOWN = 4;

/**
 * One field's change in the record history: "label  old → new", and for a subform the rows
 * added, removed and changed (only the cells that changed), with column labels and formatted
 * values instead of row counts and ids.
 */
export function HistoryChange({ field, fieldId, from, to, directory }: HistoryChangeProps) {
  const { tx, lang } = useViewTexts();
  const label = field ? pickText(field.label, lang) : fieldId;
  const fmt = (f: FieldDefinition | undefined, value: unknown) => {
    const text = f
      ? formatCell(f, value, lang, directory)
      : value == null
        ? ''
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
    return text || tx.empty;
  };
  if (field?.type === 'subform') {
    const columns = field.config.fields;
    const diff = subformDiff(columns, from, to);
    return (
      <div className="tg-history-change tg-history-sub" data-testid={`history-${fieldId}`}>
        <span className="tg-history-field">{label}</span>
        <ul className="tg-history-rows">
          {diff.rows.map((row) => (
            <RowLine
              key={`${row.kind}-${row.index}`}
              row={row}
              columns={columns}
              fmt={fmt}
              tx={tx}
              lang={lang}
            />
          ))}
          {diff.reordered ? <li className="tg-history-row">{tx.rowsReordered}</li> : null}
        </ul>
      </div>
    );
  }
  return (
    <div className="tg-history-change" data-testid={`history-${fieldId}`}>
      <span className="tg-history-field">{label}</span>
      <span className="tg-history-from">{fmt(field, from)}</span>
      <span className="tg-history-arrow">→</span>
      <span className="tg-history-to">{fmt(field, to)}</span>
    </div>
  );
}

const TAG = { added: 'green', removed: 'red', changed: 'blue' } as const;

function RowLine({
  row,
  columns,
  fmt,
  tx,
  lang,
}: {
  row: RowChange;
  columns: readonly FieldDefinition[];
  fmt(f: FieldDefinition | undefined, v: unknown): string;
  tx: ViewTexts;
  lang: string;
}) {
  const column = (c: CellChange) => columns.find((f) => f.id === c.field);
  const name = (c: CellChange) => {
    const f = column(c);
    return f ? pickText(f.label, lang) : c.field;
  };
  const title = fill(tx.row[row.kind], { n: row.index });
  if (row.kind === 'changed') {
    return (
      <li className="tg-history-row" data-kind={row.kind}>
        <Tag color={TAG[row.kind]}>{title}</Tag>
        {row.cells.map((c) => (
          <span key={c.field} className="tg-history-cell">
            <span className="tg-history-field">{name(c)}</span>
            <span className="tg-history-from">{fmt(column(c), c.from)}</span>
            <span className="tg-history-arrow">→</span>
            <span className="tg-history-to">{fmt(column(c), c.to)}</span>
          </span>
        ))}
      </li>
    );
  }
  const shown = row.cells.slice(0, CELLS_SHOWN);
  const value = (c: CellChange) => (row.kind === 'added' ? c.to : c.from);
  return (
    <li className="tg-history-row" data-kind={row.kind}>
      <Tag color={TAG[row.kind]}>{title}</Tag>
      {shown.map((c) => (
        <span key={c.field} className="tg-history-cell">
          <span className="tg-history-field">{name(c)}</span>
          <span className={row.kind === 'added' ? 'tg-history-to' : 'tg-history-from'}>
            {fmt(column(c), value(c))}
          </span>
        </span>
      ))}
      {row.cells.length > shown.length ? (
        <span className="tg-history-field">+{row.cells.length - shown.length}</span>
      ) : null}
    </li>
  );
}
