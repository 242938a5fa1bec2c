import { DEFAULT_COUNTRY } from '@tangram/fields';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { conflict } from '../http/app-error';
import { writeAudit } from '../org/audit-log';
import { hashNewPassword } from './password-policy';

// Advisory lock key serialising first-run setup across requests and processes.
const SETUP_LOCK_KEY = 7_216_002;

export interface NewOrgInput {
  orgName: string;
  name: string;
  email: string;
  password: string;
  timeZone?: string;
  country?: string;
}

export async function isSetupNeeded(db: Db): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM orgs LIMIT 1');
  return rows.length === 0;
}

/**
 * First-run setup: creates the first org and its admin, exactly once. The advisory lock makes
 * concurrent setups queue; each re-checks inside the lock (READ COMMITTED sees the winner's commit),
 * so the losers get 409 `already_set_up` rather than a second org.
 */
export async function setupFirstOrg(db: Db, input: NewOrgInput): Promise<{ orgId: string; userId: string }> {
  const passwordHash = await hashNewPassword(input.password); // slow: outside the lock
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SETUP_LOCK_KEY]);
    if (!(await isSetupNeeded(tx))) throw conflict('already_set_up', 'Tangram is already set up.');
    return insertOrgWithAdmin(tx, input, passwordHash);
  });
}

/**
 * Creates an org with one admin, without the first-run check. Used by setup and by tests that need
 * a second org (there is no public endpoint to create more orgs yet).
 */
export async function createOrgWithAdmin(
  db: Db,
  input: NewOrgInput,
): Promise<{ orgId: string; userId: string }> {
  const passwordHash = await hashNewPassword(input.password);
  return db.transaction((tx) => insertOrgWithAdmin(tx, input, passwordHash));
}

async function insertOrgWithAdmin(tx: Db, input: NewOrgInput, passwordHash: string) {
  const orgId = newId('org');
  const userId = newId('usr');
  await tx.query('INSERT INTO orgs (id, name, time_zone, country) VALUES ($1, $2, $3, $4)', [
    orgId,
    input.orgName,
    input.timeZone ?? 'UTC',
    input.country ?? DEFAULT_COUNTRY,
  ]);
  await tx.query(
    `INSERT INTO users (id, org_id, name, email, password_hash, is_admin) VALUES ($1, $2, $3, $4, $5, true)`,
    [userId, orgId, input.name, input.email, passwordHash],
  );
  await writeAudit(tx, {
    orgId,
    actorId: userId,
    action: 'org.setup',
    targetType: 'org',
    targetId: orgId,
    detail: { orgName: input.orgName, adminEmail: input.email },
  });
  return { orgId, userId };
}
