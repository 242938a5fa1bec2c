/**
 * What an import may cost (issue 15; decision 0017's rule: every bound is checked before the
 * costly work, with an error naming it). One place, so the docs, the tests and the code agree.
 */
export const IMPORT_LIMITS = {
  /** Largest uploaded file. */
  fileBytes: 100 * 1024 * 1024,
  /** Data rows in the chosen sheet (after the header row). */
  rows: 1_000_000,
  /** Columns of any row. */
  columns: 500,
  /** Sheets in a workbook. */
  sheets: 50,
  /** Entries in the xlsx zip (a workbook has a few dozen). */
  zipEntries: 2_000,
  /** All entries inflated together: a 100 MB workbook inflates to well under this. */
  zipInflatedBytes: 2 * 1024 * 1024 * 1024,
  /** Inflated / compressed size of an entry above 1 MB: real sheets compress 5–30x, bombs 1000x. */
  zipRatio: 200,
  /** Characters of one cell (Excel's own limit). */
  cellChars: 32_767,
  /** Rows of each sheet kept for the preview where the header row is chosen. */
  previewRows: 20,
  /** Bad cells kept per job with their reasons (all are counted). */
  keptErrors: 10_000,
  /** Rows written per transaction (the checkpoint's unit). */
  batchRows: 500,
  /** Distinct key values remembered to find duplicates within the file. */
  trackedKeys: 2_000_000,
} as const;
