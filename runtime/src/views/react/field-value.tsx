import { LockOutlined, TableOutlined } from '@ant-design/icons';
import { Button, Popover, Table, Tag, Typography } from 'antd';
import type { FieldDefinition, RecordDto } from '@tangram/client';
import type { ReactNode } from 'react';
import { pickText } from '../../core/i18n-text';
import { summableColumns, sumColumn } from '../../form/core/subform-summary';
import { formatCell, type Directory } from '../core/format-cell';
import { fill, useViewTexts } from './texts';

type Row = Record<string, unknown>;
type Subform = Extract<FieldDefinition, { type: 'subform' }>;
type Relation = Extract<FieldDefinition, { type: 'relation' }>;

/** Columns a compact subform table shows; the drawer's full page shows every one. */
const PREVIEW_COLUMNS = 4;
/** Rows a compact table shows before "N rows" says the rest is in the record. */
const PREVIEW_ROWS = 20;

interface FieldValueProps {
  field: FieldDefinition;
  record: RecordDto;
  directory: Directory;
  related?: ReadonlyMap<string, FieldDefinition>;
  /** `cell`: one line for a table cell or a card (subforms open in a popover); `full`: the drawer. */
  mode: 'cell' | 'full';
}

/**
 * A record's value as people read it: relations by the linked records' titles (the server's
 * `display`, decision 0035; "no access" where the reader may not see the record), subforms as a
 * compact table with row count and totals, everything else as the table formats it.
 */
export function FieldValue({ field, record, directory, related, mode }: FieldValueProps): ReactNode {
  const { lang } = useViewTexts();
  const value = record.data[field.id];
  if (field.type === 'relation') return <RelationTitles field={field} record={record} />;
  if (field.type === 'subform') {
    const rows = Array.isArray(value) ? (value as Row[]) : [];
    if (rows.length === 0) return '';
    return mode === 'full' ? (
      <SubformPreview field={field} rows={rows} directory={directory} display={record.display} />
    ) : (
      <SubformCell field={field} rows={rows} directory={directory} display={record.display} />
    );
  }
  return formatCell(field, value, lang, directory, related);
}

/** The titles of a relation's linked records, from the answer's `display`. */
export function RelationTitles({ field, record }: { field: Relation; record: RecordDto }) {
  return (
    <LinkedTitles
      value={record.data[field.id]}
      shown={record.display?.[field.id]}
      testId={`rel-${field.id}`}
    />
  );
}

/**
 * Linked records by their titles (`shown`: the answer's `display` entry of the relation, or of a
 * subform's relation column as `"subform.column"`), "no access" where the reader may not see one.
 */
function LinkedTitles({
  value,
  shown = {},
  testId,
}: {
  value: unknown;
  shown?: Record<string, string | null>;
  testId: string;
}) {
  const { tx } = useViewTexts();
  const ids = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  if (ids.length === 0) return '';
  return (
    <span className="tg-rel" data-testid={testId}>
      {ids.map((id, i) => {
        const title = shown[id];
        return (
          <span key={id}>
            {i > 0 ? '、' : null}
            {title === null ? (
              <Typography.Text type="secondary" className="tg-rel-noaccess">
                <LockOutlined /> {tx.noAccess}
              </Typography.Text>
            ) : title === undefined ? (
              // An answer without `display` (an older server) names the link, never by its raw id.
              <Typography.Text type="secondary">{tx.unnamedLink}</Typography.Text>
            ) : (
              title
            )}
          </span>
        );
      })}
    </span>
  );
}

/** A table cell: "3 行" that opens the compact table without opening the record. */
function SubformCell({
  field,
  rows,
  directory,
  display,
}: {
  field: Subform;
  rows: Row[];
  directory: Directory;
  display?: RecordDto['display'];
}) {
  const { tx, lang } = useViewTexts();
  return (
    <Popover
      trigger="click"
      placement="bottomLeft"
      title={pickText(field.label, lang)}
      content={
        <div style={{ maxWidth: 'min(640px, 90vw)' }}>
          <SubformPreview field={field} rows={rows} directory={directory} display={display} />
        </div>
      }
    >
      <Button
        size="small"
        type="link"
        icon={<TableOutlined />}
        style={{ paddingInline: 0 }}
        data-testid={`subform-cell-${field.id}`}
        onClick={(e) => e.stopPropagation()}
      >
        {fill(tx.rowCount, { count: rows.length })}
      </Button>
    </Popover>
  );
}

/** The first columns of the rows, the row count and the totals of columns where a sum means something. */
export function SubformPreview({
  field,
  rows,
  directory,
  display,
}: {
  field: Subform;
  rows: Row[];
  directory: Directory;
  /** The record's `display`: relation columns are named by their titles. */
  display?: RecordDto['display'];
}) {
  const { tx, lang } = useViewTexts();
  const all = field.config.fields.filter((c) => c.type !== 'description' && c.type !== 'divider');
  const columns = all.slice(0, PREVIEW_COLUMNS);
  const summed = new Set(summableColumns(columns).map((c) => c.id));
  const numeric = (c: FieldDefinition) => summed.has(c.id) || c.type === 'money' || c.type === 'number';
  return (
    <div className="tg-subform-preview" data-testid={`subform-preview-${field.id}`}>
      <Table
        size="small"
        bordered
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowKey={(r) => r.key}
        dataSource={rows.slice(0, PREVIEW_ROWS).map((r, i) => ({ key: String(r.id ?? i), row: r, index: i }))}
        columns={[
          { key: '#', title: '#', width: 36, render: (_: unknown, r) => r.index + 1 },
          ...columns.map((c) => ({
            key: c.id,
            title: pickText(c.label, lang),
            align: numeric(c) ? ('right' as const) : undefined,
            render: (_: unknown, r: { row: Row }) =>
              c.type === 'relation' ? (
                <LinkedTitles
                  value={r.row[c.id]}
                  shown={display?.[`${field.id}.${c.id}`]}
                  testId={`rel-${field.id}-${c.id}`}
                />
              ) : (
                formatCell(c, r.row[c.id], lang, directory)
              ),
          })),
        ]}
        summary={() =>
          summed.size ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <span style={{ whiteSpace: 'nowrap' }}>{tx.total}</span>
              </Table.Summary.Cell>
              {columns.map((c, i) => (
                <Table.Summary.Cell key={c.id} index={i + 1} align="right">
                  {summed.has(c.id) ? (
                    <b data-testid={`preview-total-${field.id}-${c.id}`}>
                      {formatCell(c, sumColumn(rows, c.id), lang, directory)}
                    </b>
                  ) : null}
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          ) : null
        }
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        <Tag bordered={false}>{fill(tx.rowCount, { count: rows.length })}</Tag>
        {all.length > columns.length ? fill(tx.moreColumns, { count: all.length - columns.length }) : null}
      </Typography.Text>
    </div>
  );
}
