/**
 * What an export may cost (issue 15; decision 0017's rule), in one place so the docs, the tests
 * and the code agree.
 */
export const EXPORT_LIMITS = {
  /** Records read per page through the read door: one statement per page, so round trips set the pace. */
  pageRows: 1000,
  /** A job records its progress (and renews its lease) at most this often. */
  progressMs: 1000,
  /** Records in one export: the spreadsheet limit is 1,048,575 data rows. */
  rows: 1_000_000,
  /** Requested columns (a view has at most 300). */
  columns: 300,
  /** Over this many records an export runs as a job (`EXPORT_JOB_ROWS` overrides it). */
  jobRows: 5_000,
  /** How long a job's file can be downloaded. */
  keepMs: 24 * 60 * 60 * 1000,
  /** A running job renews its lease every page; one not renewed for this long died with its process. */
  leaseMs: 120_000,
  /** Export jobs one user may have queued or running at once. */
  activeJobsPerUser: 3,
  /** Bytes of attached files in one zip export (`EXPORT_ZIP_MAX_BYTES` lowers it): a zip past 2 GB is
   * slow to write, to download and to open, and a day of them fills the disk. */
  zipBytes: 2 * 1024 * 1024 * 1024,
  /** Files in one zip export: their paths are kept in memory while the sheet is written. */
  zipFiles: 50_000,
} as const;

/** The rows above which an export is a job: `EXPORT_JOB_ROWS` (tests and small servers), else the default. */
export function jobThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.EXPORT_JOB_ROWS;
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : EXPORT_LIMITS.jobRows;
}
