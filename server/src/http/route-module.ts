import type { Router } from 'express';
import type { Config } from '../config';
import type { Db } from '../db/db';
import type { WritePipeline } from '../records/kernel/write-pipeline';

/** What every route module receives. Extend here (not via globals) when routes need more services. */
export interface RouteDeps {
  db: Db;
  config: Config;
  /** The records kernel's write door, with the hooks `createApp` registered (decision 0023). */
  writes: WritePipeline;
}

/** A route module: adds its routes (relative to `/api/v1`) to the router. */
export type RouteModule = (router: Router, deps: RouteDeps) => void;
