import { parseAllowlist } from './automations/http/address-policy';
import type { Resolver } from './automations/http/resolve-target';
import type { StatisticsOptions } from './db/statistics';
export interface Config {
  port: number;
  host: string;
  /** Folder for local data (PGlite files under `<dataDir>/pglite`). */
  dataDir: string;
  /** PostgreSQL server URL; when undefined the embedded PGlite is used. */
  databaseUrl: string | undefined;
  /**
   * A streaming replica of `databaseUrl` (`READ_DATABASE_URL`): list pages, counts, report queries
   * and export reads go there, each user's own writes still read back (decision 0055). Ignored on PGlite.
   */
  readDatabaseUrl: string | undefined;
  /** Reads fall back to the primary while the replica lags more than this (`READ_REPLICA_MAX_LAG_MS`, default 10000). */
  readReplicaMaxLagMs: number;
  /** Maximum JSON request body, in bytes. */
  bodyLimit: number;
  /** Maximum size of one uploaded file, in bytes (`FILE_LIMIT`, default 20 MB). */
  fileLimit: number;
  /**
   * How many reverse proxies in front of the server to trust (`TRUST_PROXY`, 0 = none): express's
   * `trust proxy` hop count, so `req.ip` is the address the nearest trusted proxy saw (never a
   * left-most `X-Forwarded-For` entry a client wrote) and `req.secure` follows `X-Forwarded-Proto`.
   */
  trustProxy: number;
  /**
   * How often this process polls the jobs table (workflow reminders and timeouts, session cleanup),
   * in ms; 0 turns the poller off (tests call `runDueJobs` instead). `SCHEDULER_INTERVAL_MS`.
   */
  schedulerIntervalMs: number;
  /** `smtp://user:pass@host:587` or `smtps://…`: notifications are also emailed when set. Never logged. */
  smtpUrl: string | undefined;
  /** The From address of notification emails (`SMTP_FROM`). */
  smtpFrom: string;
  /** A session ends after this long without a request (`SESSION_IDLE_HOURS`, default 14 days). */
  sessionIdleSeconds: number;
  /** A session ends this long after sign-in however active (`SESSION_MAX_HOURS`, default 30 days). */
  sessionMaxSeconds: number;
  /**
   * Whether forms may carry permission groups (`PERMISSION_GROUPS`): `refused` (default) refuses
   * saving non-empty groups, as before the records kernel existed; `enforced` accepts them and the
   * kernel enforces them. Groups already stored are enforced either way (fail closed).
   */
  permissionGroups: PermissionGroupsMode;
  /** Audit rows older than this many days are deleted by the scheduler (`AUDIT_RETENTION_DAYS`, default 365). */
  auditRetentionDays: number;
  /** A mail transport to use instead of SMTP (tests inject a stub; never set from the environment). */
  mailTransport?: MailTransport;
  /**
   * Addresses, CIDR ranges and host names (`*.corp.example`) that outgoing webhooks may reach although
   * the SSRF guard refuses them by default (loopback, private, link-local...). `WEBHOOK_ALLOWLIST`,
   * comma-separated; decision 0030.
   */
  webhookAllowlist: string[];
  /** A host name resolver for outgoing webhooks instead of DNS (tests only; never from the environment). */
  webhookResolver?: Resolver;
  /**
   * How often this process polls the outbox for automation events, in ms; 0 turns the worker off
   * (tests call `processAutomationEvents`). `AUTOMATION_INTERVAL_MS`, default 1000. Decision 0029.
   */
  automationIntervalMs: number;
  /**
   * How long a claimed outbox event stays with the process that claimed it; after that (the process
   * died) another takes it over. `AUTOMATION_LEASE_MS`, default 120000.
   */
  automationLeaseMs: number;
  /** How many automations may follow each other (A's write fires B...) before a run fails. `AUTOMATION_CHAIN_DEPTH`, default 5. */
  automationChainDepth: number;
  /** Processed outbox events and automation runs older than this are pruned. `AUTOMATION_RETENTION_DAYS`, default 30. */
  automationRetentionDays: number;
  /** Requests one API key may make per minute (`API_KEY_RATE_PER_MINUTE`, default 600). Decision 0046. */
  apiKeyRequestsPerMinute: number;
  /**
   * When big writes refresh a form table's planner statistics (ANALYZE in the background, decision
   * 0050); defaults in db/statistics.ts. Tests lower the thresholds; never from the environment.
   */
  statistics?: Partial<StatisticsOptions>;
}

export type PermissionGroupsMode = 'refused' | 'enforced';

/** The part of a nodemailer transport the mailer uses. */
export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

export const defaultConfig: Config = {
  port: 3000,
  host: '127.0.0.1',
  dataDir: './data',
  databaseUrl: undefined,
  readDatabaseUrl: undefined,
  readReplicaMaxLagMs: 10_000,
  bodyLimit: 1024 * 1024,
  fileLimit: 20 * 1024 * 1024,
  trustProxy: 0,
  schedulerIntervalMs: 0,
  smtpUrl: undefined,
  smtpFrom: 'Tangram <no-reply@localhost>',
  sessionIdleSeconds: 14 * 24 * 3600,
  sessionMaxSeconds: 30 * 24 * 3600,
  permissionGroups: 'enforced',
  auditRetentionDays: 365,
  webhookAllowlist: [],
  automationIntervalMs: 0,
  automationLeaseMs: 120_000,
  automationChainDepth: 5,
  automationRetentionDays: 30,
  apiKeyRequestsPerMinute: 600,
};

/** Reads the configuration from environment variables; throws a clear message for bad values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: env.PORT ? parsePort(env.PORT) : defaultConfig.port,
    host: env.HOST || defaultConfig.host,
    dataDir: env.DATA_DIR || defaultConfig.dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    readDatabaseUrl: env.READ_DATABASE_URL || undefined,
    readReplicaMaxLagMs: env.READ_REPLICA_MAX_LAG_MS
      ? parseMaxLag(env.READ_REPLICA_MAX_LAG_MS)
      : defaultConfig.readReplicaMaxLagMs,
    bodyLimit: env.BODY_LIMIT ? parseSize(env.BODY_LIMIT) : defaultConfig.bodyLimit,
    fileLimit: env.FILE_LIMIT ? parseSize(env.FILE_LIMIT) : defaultConfig.fileLimit,
    trustProxy: env.TRUST_PROXY ? parseTrustProxy(env.TRUST_PROXY) : defaultConfig.trustProxy,
    schedulerIntervalMs: env.SCHEDULER_INTERVAL_MS ? parseInterval(env.SCHEDULER_INTERVAL_MS) : 10_000,
    smtpUrl: env.SMTP_URL || undefined,
    smtpFrom: env.SMTP_FROM || defaultConfig.smtpFrom,
    sessionIdleSeconds: env.SESSION_IDLE_HOURS
      ? parseHours('SESSION_IDLE_HOURS', env.SESSION_IDLE_HOURS)
      : defaultConfig.sessionIdleSeconds,
    sessionMaxSeconds: env.SESSION_MAX_HOURS
      ? parseHours('SESSION_MAX_HOURS', env.SESSION_MAX_HOURS)
      : defaultConfig.sessionMaxSeconds,
    permissionGroups: env.PERMISSION_GROUPS
      ? parsePermissionGroups(env.PERMISSION_GROUPS)
      : defaultConfig.permissionGroups,
    auditRetentionDays: env.AUDIT_RETENTION_DAYS
      ? parseDays('AUDIT_RETENTION_DAYS', env.AUDIT_RETENTION_DAYS)
      : defaultConfig.auditRetentionDays,
    webhookAllowlist: env.WEBHOOK_ALLOWLIST
      ? parseWebhookAllowlist(env.WEBHOOK_ALLOWLIST)
      : defaultConfig.webhookAllowlist,
    automationIntervalMs: env.AUTOMATION_INTERVAL_MS ? parseInterval(env.AUTOMATION_INTERVAL_MS) : 1_000,
    automationLeaseMs: env.AUTOMATION_LEASE_MS
      ? parseLease(env.AUTOMATION_LEASE_MS)
      : defaultConfig.automationLeaseMs,
    automationChainDepth: env.AUTOMATION_CHAIN_DEPTH
      ? parseChainDepth(env.AUTOMATION_CHAIN_DEPTH)
      : defaultConfig.automationChainDepth,
    automationRetentionDays: env.AUTOMATION_RETENTION_DAYS
      ? parseDays('AUTOMATION_RETENTION_DAYS', env.AUTOMATION_RETENTION_DAYS)
      : defaultConfig.automationRetentionDays,
    apiKeyRequestsPerMinute: env.API_KEY_RATE_PER_MINUTE
      ? parseKeyRate(env.API_KEY_RATE_PER_MINUTE)
      : defaultConfig.apiKeyRequestsPerMinute,
  };
}

/** 1-100000 requests per minute per API key. */
function parseKeyRate(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 100_000)
    throw new Error(
      `API_KEY_RATE_PER_MINUTE must be a whole number from 1 to 100000, got ${JSON.stringify(text)}`,
    );
  return n;
}

/** 0 ms (only a caught-up replica) to 1 hour: past that, a replica read is no longer a list page. */
function parseMaxLag(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 3_600_000)
    throw new Error(
      `READ_REPLICA_MAX_LAG_MS must be a whole number of ms from 0 to 3600000, got ${JSON.stringify(text)}`,
    );
  return n;
}

/** 1 s to 1 day: shorter than a run takes would hand events over while they run. */
function parseLease(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1_000 || n > 86_400_000)
    throw new Error(
      `AUTOMATION_LEASE_MS must be a whole number of ms from 1000 to 86400000, got ${JSON.stringify(text)}`,
    );
  return n;
}

/** 1-50: a chain longer than that is a loop, not a design. */
function parseChainDepth(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 50)
    throw new Error(
      `AUTOMATION_CHAIN_DEPTH must be a whole number from 1 to 50, got ${JSON.stringify(text)}`,
    );
  return n;
}

/** Comma-separated entries, each checked now so a typo stops the start instead of opening a hole. */
function parseWebhookAllowlist(text: string): string[] {
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  parseAllowlist(entries);
  return entries;
}

function parsePermissionGroups(text: string): PermissionGroupsMode {
  if (text === 'refused' || text === 'enforced') return text;
  throw new Error(`PERMISSION_GROUPS must be refused or enforced, got ${JSON.stringify(text)}`);
}

/** A whole number of days, at least 1 (keeping nothing would defeat an audit log), at most 100 years. */
function parseDays(name: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 36_500)
    throw new Error(`${name} must be a whole number of days (1-36500), got ${JSON.stringify(text)}`);
  return n;
}

/** `2` -> 2 hops; `true` is one hop (a boolean would trust every hop: the client's own header). */
function parseTrustProxy(text: string): number {
  if (text === 'true') return 1;
  if (text === 'false') return 0;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 10)
    throw new Error(`TRUST_PROXY must be the number of proxy hops (0-10), got ${JSON.stringify(text)}`);
  return n;
}

/** A positive number of hours (fractions allowed) -> seconds. */
function parseHours(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > 24 * 366)
    throw new Error(
      `${name} must be a number of hours (above 0, at most a year), got ${JSON.stringify(text)}`,
    );
  return Math.round(n * 3600);
}

function parseInterval(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(
      `SCHEDULER_INTERVAL_MS must be a whole number of ms (0 = off), got ${JSON.stringify(text)}`,
    );
  return n;
}

function parsePort(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`PORT must be 0-65535, got ${JSON.stringify(text)}`);
  return n;
}

/** `1048576`, `512kb`, `1mb` -> bytes. */
export function parseSize(text: string): number {
  const m = /^(\d+)\s*(b|kb|mb)?$/i.exec(text.trim());
  if (!m || !m[1])
    throw new Error(`BODY_LIMIT must look like 1048576, 512kb or 1mb, got ${JSON.stringify(text)}`);
  const unit = (m[2] ?? 'b').toLowerCase();
  return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}
