import type { Config } from '../config';
import type { Db } from '../db/db';
import type { RouteDeps } from '../http/route-module';
import { createWritePipeline, type WritePipeline } from '../records/kernel/write-pipeline';
import { createMailer, type Mailer } from './mailer';

/** What the workflow services need from outside: the database, the clock, the mailer, the write door. */
export interface WorkflowDeps {
  db: Db;
  config: Config;
  /** Null when no SMTP is configured: notifications stay in-app only. */
  mailer: Mailer | null;
  /** The current time (the scheduler passes its own `now` so tests can move the clock). */
  now(): Date;
  /** The records kernel's write pipeline (task actions write field values through it). */
  writes: WritePipeline;
}

/**
 * The workflow's dependencies. Routes pass the app's write pipeline; the scheduler's jobs write no
 * record values, so without one they get a pipeline with no hooks.
 */
export function workflowDeps({
  db,
  config,
  writes,
}: RouteDeps | { db: Db; config: Config; writes?: WritePipeline }): WorkflowDeps {
  return {
    db,
    config,
    mailer: createMailer(config),
    now: () => new Date(),
    writes: writes ?? createWritePipeline(),
  };
}
