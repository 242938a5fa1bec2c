import { isPhoneCountry } from '@tangram/fields';
import type { Principal } from '../access/principal';
import { isTimeZone, nameSchema } from '../auth/auth.schemas';
import type { Db } from '../db/db';
import { notFound, validationFailed } from '../http/app-error';
import { writeAudit } from './audit-log';

/** What an org admin sets for the whole organisation. */
export interface OrgSettings {
  name: string;
  /** IANA time zone: "today", dates of timestamps, schedules. */
  timeZone: string;
  /** ISO 3166-1 alpha-2: phone fields check numbers against its numbering plan (decision 0038). */
  country: string;
}

export type OrgSettingsPatch = Partial<OrgSettings>;

export const orgSettingsPatchSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: nameSchema,
    timeZone: { type: 'string', minLength: 1, maxLength: 64 },
    country: { type: 'string', pattern: '^[A-Z]{2}$' },
  },
} as const;

/** Refuses a time zone or country the server cannot use, with the path of the bad value. */
export function checkOrgSettings(patch: OrgSettingsPatch): void {
  const issues = [];
  if (patch.timeZone !== undefined && !isTimeZone(patch.timeZone))
    issues.push({ path: '/timeZone', code: 'time_zone', message: 'is not a known time zone' });
  if (patch.country !== undefined && !isPhoneCountry(patch.country))
    issues.push({
      path: '/country',
      code: 'country',
      message: 'is not a known country code (ISO 3166-1 alpha-2)',
    });
  if (issues.length) throw validationFailed(issues);
}

export async function loadOrgSettings(db: Db, orgId: string): Promise<OrgSettings> {
  const { rows } = await db.query<OrgSettings>(
    'SELECT name, time_zone AS "timeZone", country FROM orgs WHERE id = $1',
    [orgId],
  );
  if (!rows[0]) throw notFound('Organisation');
  return rows[0];
}

/** Changes the settings in one transaction with an audit row naming what changed. */
export async function updateOrgSettings(
  db: Db,
  actor: Principal,
  patch: OrgSettingsPatch,
): Promise<OrgSettings> {
  checkOrgSettings(patch);
  return db.transaction(async (tx) => {
    const before = await loadOrgSettings(tx, actor.orgId);
    const after = { ...before, ...patch };
    await tx.query('UPDATE orgs SET name = $2, time_zone = $3, country = $4 WHERE id = $1', [
      actor.orgId,
      after.name,
      after.timeZone,
      after.country,
    ]);
    const changed = Object.fromEntries(
      (Object.keys(patch) as (keyof OrgSettings)[])
        .filter((k) => before[k] !== after[k])
        .map((k) => [k, { from: before[k], to: after[k] }]),
    );
    await writeAudit(tx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'org.settings',
      targetType: 'org',
      targetId: actor.orgId,
      detail: changed,
    });
    return after;
  });
}
