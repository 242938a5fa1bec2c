import type { Request } from 'express';
import type { AppDefinition } from '@tangram/schema';
import type { Principal } from '../access/principal';
import type { Db } from '../db/db';
import { writeAudit } from '../org/audit-log';
import { compactSummary, diffDefinitions, hasPermissionChanges } from './definition-diff';

/**
 * The audited events outside the org directory, one helper each, so every caller records the same
 * shape (docs/decisions/0024-audit-log.md). Changes are recorded with the transaction that makes
 * them; sign-in failures and exports change nothing, so they are recorded on their own, before the
 * answer is sent (an export whose audit row fails is not delivered).
 */

/** Who is on the other end of a request (as the trusted proxy saw it). */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export function clientOf(req: Request): ClientInfo {
  return { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
}

export type DefinitionAction = 'app.create' | 'app.update' | 'app.restore' | 'app.import';

/**
 * A saved definition: one row for the save with a summary of what changed and, when the app's
 * access or a form's permission groups changed, a second row `permissions.change` (admins look
 * for those apart: they decide who sees what).
 */
export async function auditDefinitionChange(
  tx: Db,
  principal: Principal,
  input: {
    action: DefinitionAction;
    before: AppDefinition | null;
    after: AppDefinition;
    extra?: Record<string, unknown>;
  },
): Promise<void> {
  const { before, after } = input;
  const diff = diffDefinitions(before, after);
  const base = {
    orgId: principal.orgId,
    actorId: principal.userId,
    targetType: 'app',
    targetId: after.id,
  };
  const version = { version: after.version, ...(before ? { fromVersion: before.version } : {}) };
  // A new app's top-level keys are all "changed": only its parts say something.
  const { app: _app, ...parts } = diff.definition;
  const changes = compactSummary(before ? diff.definition : parts);
  await writeAudit(tx, {
    ...base,
    action: input.action,
    detail: { ...version, name: after.name, ...input.extra, changes },
  });
  if (hasPermissionChanges(diff.permissions))
    await writeAudit(tx, {
      ...base,
      action: 'permissions.change',
      detail: { ...version, name: after.name, ...compactSummary(diff.permissions) },
    });
}

/** A successful sign-in (with the session it opened, in the same transaction). */
export async function auditSignIn(
  tx: Db,
  account: { orgId: string; userId: string },
  client: ClientInfo,
): Promise<void> {
  await writeAudit(tx, {
    orgId: account.orgId,
    actorId: account.userId,
    action: 'auth.sign_in',
    targetType: 'user',
    targetId: account.userId,
    ...client,
  });
}

export async function auditSignOut(tx: Db, principal: Principal, client: ClientInfo): Promise<void> {
  await writeAudit(tx, {
    orgId: principal.orgId,
    actorId: principal.userId,
    action: 'auth.sign_out',
    targetType: 'user',
    targetId: principal.userId,
    ...client,
  });
}

export type SignInFailure = 'wrong_password' | 'inactive';

/**
 * A refused sign-in: the attempted email (never the password) and why, in the org of each account
 * the email names. An email no account has belongs to no org: on a server with one org (the usual
 * install) the row goes to that org, so its admins see attempts on made-up accounts; with several
 * orgs it is kept without an org (for the operator), since telling one org's admins which emails are
 * tried against the server would show them other orgs' business. No actor: nobody was signed in.
 */
export async function auditSignInFailure(
  db: Db,
  input: { email: string; accounts: { orgId: string; userId: string; reason: SignInFailure }[] },
  client: ClientInfo,
): Promise<void> {
  const email = input.email.slice(0, 320);
  if (input.accounts.length === 0) {
    await writeAudit(db, {
      orgId: await soleOrgId(db),
      actorId: null,
      action: 'auth.sign_in_failed',
      targetType: 'user',
      targetId: null,
      detail: { email, reason: 'unknown_email' },
      ...client,
    });
    return;
  }
  for (const account of input.accounts)
    await writeAudit(db, {
      orgId: account.orgId,
      actorId: null,
      action: 'auth.sign_in_failed',
      targetType: 'user',
      targetId: account.userId,
      detail: { email, reason: account.reason },
      ...client,
    });
}

async function soleOrgId(db: Db): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM orgs LIMIT 2');
  return rows.length === 1 ? rows[0]!.id : null;
}

/** What left the server in an export. */
export interface ExportEvent {
  /**
   * `record.export` (a form's records), `record.print` (records printed to PDF), `widget.export` (a
   * dashboard widget), `app.export` (a definition).
   */
  action: 'record.export' | 'record.print' | 'widget.export' | 'app.export';
  targetType: 'form' | 'widget' | 'app';
  targetId: string;
  /** `xlsx`, `csv`, `json`, `pdf`. */
  format: string;
  /** Rows exported, when known. */
  rows?: number;
  /** Where the target lives and how the export was narrowed (app id, form id, filter, ...). */
  detail?: Record<string, unknown>;
}

export async function auditExport(
  db: Db,
  principal: Principal,
  event: ExportEvent,
  client?: ClientInfo,
): Promise<void> {
  await writeAudit(db, {
    orgId: principal.orgId,
    actorId: principal.userId,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    detail: {
      format: event.format,
      ...(event.rows !== undefined ? { rows: event.rows } : {}),
      ...event.detail,
    },
    ...client,
  });
}

/** A form's records exported (for the record export when it lands: call it before sending the file). */
export function auditRecordExport(
  db: Db,
  principal: Principal,
  input: { appId: string; formId: string; format: string; rows: number; filter?: unknown },
  client?: ClientInfo,
): Promise<void> {
  return auditExport(
    db,
    principal,
    {
      action: 'record.export',
      targetType: 'form',
      targetId: input.formId,
      format: input.format,
      rows: input.rows,
      detail: { appId: input.appId, ...(input.filter !== undefined ? { filter: input.filter } : {}) },
    },
    client,
  );
}

/** Records imported into a form (for the record import when it lands; same transaction as the rows). */
export async function auditRecordImport(
  tx: Db,
  principal: Principal,
  input: { appId: string; formId: string; created: number; updated?: number; fileName?: string },
): Promise<void> {
  await writeAudit(tx, {
    orgId: principal.orgId,
    actorId: principal.userId,
    action: 'record.import',
    targetType: 'form',
    targetId: input.formId,
    detail: { ...input },
  });
}
