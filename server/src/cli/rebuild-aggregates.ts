/**
 * `pnpm --filter @tangram/server rebuild-aggregates [--org O] [--app A] [--aggregate G] [--dry-run]`
 *
 * Recomputes aggregate balances from their source records for the operator (decision 0037), with
 * the same `rebuildAggregate` as `POST /apps/:app/aggregates/:aggregate/rebuild` (decision 0028),
 * and prints every difference between the stored and the computed balance. Without `--dry-run`
 * the differences are fixed (each aggregate in its own transaction, audited as
 * `aggregate.rebuild` with no actor). It opens the same database as the server (`DATABASE_URL`,
 * else `DATA_DIR/pglite`: stop the server first, the embedded database allows one process).
 * Exit code 0 when nothing differed (or everything was fixed), 1 when a dry run found
 * differences, 2 on bad arguments or errors.
 */
import type { AggregateDefinition } from '@tangram/schema';
import { loadApp } from '../apps/app-cache';
import { rebuildAggregate, type RebuildReport } from '../aggregates/rebuild';
import { loadConfig } from '../config';
import type { Db } from '../db/db';
import { runMigrations } from '../db/migrations/run-migrations';
import { openDb } from '../db/open-db';
import { writeAudit } from '../org/audit-log';
import { pgMetaStore } from '../storage/meta-store';

export interface RebuildArgs {
  org?: string;
  app?: string;
  aggregate?: string;
  dryRun: boolean;
}

const USAGE =
  'usage: rebuild-aggregates [--org <org id>] [--app <app id>] [--aggregate <aggregate id>] [--dry-run]';

/** Parses the command line (pure); throws a message naming the bad argument. */
export function parseRebuildArgs(argv: readonly string[]): RebuildArgs {
  const args: RebuildArgs = { dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue; // pnpm passes it through
    if (arg === '--dry-run') {
      args.dryRun = true;
      continue;
    }
    const [name, inline] = arg.split('=', 2) as [string, string | undefined];
    const key = ({ '--org': 'org', '--app': 'app', '--aggregate': 'aggregate' } as const)[
      name as '--org' | '--app' | '--aggregate'
    ];
    if (!key) throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (!value || value.startsWith('--')) throw new Error(`${name} needs a value\n${USAGE}`);
    args[key] = value;
  }
  return args;
}

export interface AggregateTarget {
  orgId: string;
  appId: string;
  aggregate: AggregateDefinition;
}

/** The aggregates the arguments name, in org, app and aggregate order. */
export async function rebuildTargets(db: Db, args: RebuildArgs): Promise<AggregateTarget[]> {
  const { rows: orgs } = await db.query<{ id: string }>(
    args.org ? `SELECT id FROM orgs WHERE id = $1` : `SELECT id FROM orgs ORDER BY id`,
    args.org ? [args.org] : [],
  );
  const targets: AggregateTarget[] = [];
  for (const org of orgs) {
    // The live apps of the org, through the meta store (deleted apps are not rebuilt).
    const apps = (await pgMetaStore.list(db, org.id))
      .filter((a) => !args.app || a.id === args.app)
      .sort((a, b) => a.id.localeCompare(b.id));
    for (const row of apps) {
      const app = (await loadApp(db, org.id, row.id)).definition;
      for (const aggregate of app.aggregates ?? [])
        if (!args.aggregate || aggregate.id === args.aggregate)
          targets.push({ orgId: org.id, appId: row.id, aggregate });
    }
  }
  return targets;
}

/** Rebuilds one aggregate in its own transaction (audited when it changed anything). */
export async function rebuildOne(db: Db, target: AggregateTarget, dryRun: boolean): Promise<RebuildReport> {
  const ref = { orgId: target.orgId, appId: target.appId, aggregateId: target.aggregate.id };
  return db.transaction(async (tx) => {
    const report = await rebuildAggregate(tx, ref, target.aggregate, { dryRun });
    if (!dryRun)
      await writeAudit(tx, {
        orgId: target.orgId,
        actorId: null,
        action: 'aggregate.rebuild',
        targetType: 'aggregate',
        targetId: target.aggregate.id,
        detail: {
          appId: target.appId,
          differences: report.differenceCount,
          records: report.records,
          via: 'cli',
        },
      });
    return report;
  });
}

const keyText = (key: Record<string, string>) =>
  Object.entries(key)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/** The report of one aggregate as lines of text. */
export function formatReport(target: AggregateTarget, report: RebuildReport): string[] {
  const head = `${target.orgId}/${target.appId}/${target.aggregate.id}: ${report.records} records, ${report.balances} balances, ${report.differenceCount} difference(s)`;
  const lines = [report.differenceCount && report.applied ? `${head}, fixed` : head];
  for (const d of report.differences)
    lines.push(`  [${keyText(d.key)}] ${d.measure}: stored ${d.stored}, computed ${d.computed}`);
  if (report.differenceCount > report.differences.length)
    lines.push(`  … and ${report.differenceCount - report.differences.length} more`);
  return lines;
}

async function main(): Promise<number> {
  let args: RebuildArgs;
  try {
    args = parseRebuildArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const config = loadConfig();
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await runMigrations(db);
    const targets = await rebuildTargets(db, args);
    if (targets.length === 0) {
      console.error('No aggregate matches these arguments.');
      return 2;
    }
    let differences = 0;
    for (const target of targets) {
      const report = await rebuildOne(db, target, args.dryRun);
      differences += report.differenceCount;
      for (const line of formatReport(target, report)) console.log(line);
    }
    console.log(
      args.dryRun
        ? `Dry run: ${differences} difference(s) in ${targets.length} aggregate(s); nothing was changed.`
        : `${differences} difference(s) fixed in ${targets.length} aggregate(s).`,
    );
    return args.dryRun && differences > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
}

// Run only as a command, not when a test imports the functions above.
if (process.argv[1] && /rebuild-aggregates\.[tj]s$/.test(process.argv[1]))
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(2);
    },
  );
