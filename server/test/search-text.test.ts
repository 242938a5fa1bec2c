/**
 * The one search index per form (decision 0052, storage/search-text.ts): which columns it covers,
 * its expression, and when a search may use the joined text alone (exactly the per-field search)
 * or only as a pre-filter before it.
 */
import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '@tangram/schema';
import { indexedSearch, SEARCH_SEPARATOR, searchColumns, searchTextSql } from '../src/storage/search-text';
import type { ColumnState, TableState } from '../src/storage/table-state';

const l = (en: string) => ({ en, 'zh-CN': en });
const fields = [
  { id: 'title', type: 'text', label: l('Title') },
  { id: 'region', type: 'select', label: l('Region'), config: { options: [{ value: 'e', label: l('E') }] } },
  { id: 'note', type: 'textarea', label: l('Note') },
  { id: 'amount', type: 'number', label: l('Amount'), config: { precision: 2 } },
  { id: 'customer', type: 'text', label: l('Customer') },
  { id: 'gone', type: 'text', label: l('Gone') },
] as FieldDefinition[];

const column = (fieldId: string, storage: ColumnState['storage'], archived = false): ColumnState => ({
  fieldId,
  column: `c_${fieldId}`,
  storage,
  unique: false,
  archived,
});
const table: TableState = {
  formId: 'orders',
  table: 'r_test',
  parentTable: null,
  columns: new Map(
    [
      column('title', 'text'),
      column('region', 'text'),
      column('note', 'text'),
      column('amount', 'numeric'),
      column('customer', 'text'),
      column('gone', 'text', true),
    ].map((c) => [c.fieldId, c]),
  ),
};

describe('search columns', () => {
  it('covers live text columns of searchable fields, in column-name order', () => {
    expect(searchColumns(fields, table)).toEqual([
      { fieldId: 'customer', column: 'c_customer' },
      { fieldId: 'note', column: 'c_note' },
      { fieldId: 'title', column: 'c_title' },
    ]);
  });

  it('joins the columns with the separator, folded as q folds; one column keeps the old expression', () => {
    expect(searchTextSql(['"a"'])).toBe('lower("a" COLLATE "C")');
    expect(searchTextSql(['"a"', '"b"'])).toBe(
      `lower((coalesce("a", '') || E'\\x1f' || coalesce("b", '')) COLLATE "C")`,
    );
    expect(SEARCH_SEPARATOR).toBe('\x1f');
  });
});

describe('indexed search', () => {
  const covered = searchColumns(fields, table);
  const columns = ['c_customer', 'c_note', 'c_title'];

  it('uses the joined text alone when the reader searches exactly the covered fields', () => {
    expect(indexedSearch(covered, ['title', 'note', 'customer'], 'abc')).toEqual({ kind: 'exact', columns });
  });

  it('only pre-filters when a covered field is hidden from the reader or the needle holds the separator', () => {
    expect(indexedSearch(covered, ['title', 'customer'], 'abc')).toEqual({ kind: 'prefilter', columns });
    expect(indexedSearch(covered, ['title', 'note', 'customer'], `a${SEARCH_SEPARATOR}b`)).toEqual({
      kind: 'prefilter',
      columns,
    });
  });

  it('is not used when a searched field is not covered (a lookup, an address) or for one column', () => {
    expect(indexedSearch(covered, ['title', 'note', 'customer', 'lookup1'], 'abc')).toEqual({ kind: 'none' });
    expect(indexedSearch(covered.slice(0, 1), ['customer'], 'abc')).toEqual({ kind: 'none' });
    expect(indexedSearch(covered, [], 'abc')).toEqual({ kind: 'none' });
  });
});
