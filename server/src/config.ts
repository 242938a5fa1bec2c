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
}

export const defaultConfig: Config = {
  port: 3000,
  host: '127.0.0.1',
  dataDir: './data',
  databaseUrl: undefined,
  bodyLimit: 1024 * 1024,
  fileLimit: 20 * 1024 * 1024,
  trustProxy: false,
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
  };
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
