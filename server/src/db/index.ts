export type { Db, QueryResult } from './db';
export { openDb, type OpenDbOptions } from './open-db';
export { runMigrations } from './migrations/run-migrations';
export type { Migration } from './migrations/migration';
export { newId } from './ids';
export {
  decideRead,
  parseLsn,
  classifyReplicaError,
  readRoutingStats,
  replicaReads,
  defaultReadRoutingOptions,
  type ReadRoutingOptions,
  type ReadRoutingStats,
  type ReplicaStatus,
} from './read-routing';
export { quoteIdent } from './sql/ident';
export {
  statisticsRefresher,
  defaultStatisticsOptions,
  type StatisticsOptions,
  type StatisticsRefresher,
} from './statistics';
