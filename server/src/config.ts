export interface Config {
  port: number;
  host: string;
  /** Folder for local data (PGlite files under `<dataDir>/pglite`). */
  dataDir: string;
  /** PostgreSQL server URL; when undefined the embedded PGlite is used. */
  databaseUrl: string | undefined;
  /** Maximum JSON request body, in bytes. */
  bodyLimit: number;
  /** Maximum size of one uploaded file, in bytes (`FILE_LIMIT`, default 20 MB). */
  fileLimit: number;
  /** Express `trust proxy` setting: set when behind a reverse proxy so `req.secure`/`req.ip` are right. */
  trustProxy: boolean;
  /**
   * How often this process polls the jobs table (workflow reminders and timeouts, session cleanup),
   * in ms; 0 turns the poller off (tests call `runDueJobs` instead). `SCHEDULER_INTERVAL_MS`.
   */
  schedulerIntervalMs: number;
  /** `smtp://user:pass@host:587` or `smtps://…`: notifications are also emailed when set. Never logged. */
  smtpUrl: string | undefined;
  /** The From address of notification emails (`SMTP_FROM`). */
  smtpFrom: string;
  /** A mail transport to use instead of SMTP (tests inject a stub; never set from the environment). */
  mailTransport?: MailTransport;
}

/** The part of a nodemailer transport the mailer uses. */
export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

export const defaultConfig: Config = {
  port: 3000,
  host: '127.0.0.1',
  dataDir: './data',
  databaseUrl: undefined,
  bodyLimit: 1024 * 1024,
  fileLimit: 20 * 1024 * 1024,
  trustProxy: false,
  schedulerIntervalMs: 0,
  smtpUrl: undefined,
  smtpFrom: 'Tangram <no-reply@localhost>',
};

/** Reads the configuration from environment variables; throws a clear message for bad values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: env.PORT ? parsePort(env.PORT) : defaultConfig.port,
    host: env.HOST || defaultConfig.host,
    dataDir: env.DATA_DIR || defaultConfig.dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    bodyLimit: env.BODY_LIMIT ? parseSize(env.BODY_LIMIT) : defaultConfig.bodyLimit,
    fileLimit: env.FILE_LIMIT ? parseSize(env.FILE_LIMIT) : defaultConfig.fileLimit,
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    schedulerIntervalMs: env.SCHEDULER_INTERVAL_MS ? parseInterval(env.SCHEDULER_INTERVAL_MS) : 10_000,
    smtpUrl: env.SMTP_URL || undefined,
    smtpFrom: env.SMTP_FROM || defaultConfig.smtpFrom,
  };
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
