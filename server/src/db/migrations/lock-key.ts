// Arbitrary constant key for pg_advisory_xact_lock: all Tangram processes on one database agree on it.
export const MIGRATION_LOCK_KEY = 7_216_001;
