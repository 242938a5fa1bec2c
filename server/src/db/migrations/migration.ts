import type { Db } from '../db';

/** One schema change. `up` runs inside its own transaction; ids sort in apply order. */
export interface Migration {
  id: string;
  up: (tx: Db) => Promise<void>;
}
