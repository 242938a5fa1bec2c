import type { Config } from '../config';
import type { Db } from '../db/db';
import type { RouteDeps } from '../http/route-module';
import { createMailer, type Mailer } from './mailer';

/** What the workflow services need from outside: the database, the clock and the mailer. */
export interface WorkflowDeps {
  db: Db;
  config: Config;
  /** Null when no SMTP is configured: notifications stay in-app only. */
  mailer: Mailer | null;
  /** The current time (the scheduler passes its own `now` so tests can move the clock). */
  now(): Date;
}

export function workflowDeps({ db, config }: RouteDeps | { db: Db; config: Config }): WorkflowDeps {
  return { db, config, mailer: createMailer(config), now: () => new Date() };
}
