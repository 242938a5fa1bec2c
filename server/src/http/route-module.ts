import type { Router } from 'express';
import type { Config } from '../config';
import type { Db } from '../db/db';

/** What every route module receives. Extend here (not via globals) when routes need more services. */
export interface RouteDeps {
  db: Db;
  config: Config;
}

/** A route module: adds its routes (relative to `/api/v1`) to the router. */
export type RouteModule = (router: Router, deps: RouteDeps) => void;
