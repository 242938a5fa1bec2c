/**
 * Public form links (decision 0047): app admins publish a form with chosen fields under an
 * unguessable link; anyone holding it may submit one record at a time and read nothing.
 *
 * A submission is written through the records kernel's write door as the link's own principal
 * (user id = the link id, no roles, no departments) with a Grant made here: `create` only, no row
 * scope for any read action, and only the link's fields editable. So validation, serial numbers,
 * workflow start and automation events happen exactly as for a signed-in create, a field off the
 * link is refused by the door (422), and the history names the link as the author.
 */
import type { Grant } from '@tangram/acl';
import type { FormDefinition, I18NText } from '@tangram/schema';
import type { Principal } from '../access';
import { authorize } from '../access/authorize';
import { loadApp, loadForm } from '../apps/app-cache';
import { newToken, sha256Hex } from '../auth/tokens';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { AppError, notFound, validationFailed } from '../http/app-error';
import { writeAudit } from '../org/audit-log';
import type { ComputeContext } from '../records/formula-fields';
import type { WritePipeline } from '../records/kernel/write-pipeline';
import { DEFAULT_COUNTRY } from '@tangram/fields';
import { checkBot, PROOF_MAX_AGE_MS, POW_DIFFICULTY, type Proof } from './bot-check';
import { linkFieldProblems, liveLinkFields, publicFieldIds, publicFormOf } from './public-fields';

export interface LinkSettings {
  fields: string[];
  title?: string;
  description?: string;
  thankYou?: string;
}

export interface LinkInput extends Partial<LinkSettings> {
  enabled?: boolean;
  expiresAt?: string | null;
  maxSubmissions?: number | null;
}

export type LinkStatus = 'active' | 'disabled' | 'expired' | 'full';

export interface LinkDto extends LinkSettings {
  id: string;
  appId: string;
  formId: string;
  enabled: boolean;
  expiresAt: string | null;
  maxSubmissions: number | null;
  submissions: number;
  lastSubmissionAt: string | null;
  status: LinkStatus;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

interface LinkRow {
  id: string;
  org_id: string;
  app_id: string;
  form_id: string;
  settings: LinkSettings;
  enabled: boolean;
  expires_at: Date | null;
  max_submissions: number | null;
  submissions: number;
  last_submission_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  revoked_at: Date | null;
}

/** Links per form: plenty for campaigns, bounded so a list stays small. */
export const MAX_LINKS_PER_FORM = 50;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function statusOf(row: LinkRow, now: Date): LinkStatus {
  if (!row.enabled) return 'disabled';
  if (row.expires_at && row.expires_at <= now) return 'expired';
  if (row.max_submissions !== null && row.submissions >= row.max_submissions) return 'full';
  return 'active';
}

function toDto(row: LinkRow, now = new Date()): LinkDto {
  return {
    id: row.id,
    appId: row.app_id,
    formId: row.form_id,
    ...row.settings,
    enabled: row.enabled,
    expiresAt: iso(row.expires_at),
    maxSubmissions: row.max_submissions,
    submissions: row.submissions,
    lastSubmissionAt: iso(row.last_submission_at),
    status: statusOf(row, now),
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

export interface FormRef {
  appId: string;
  formId: string;
}

/** Managing links needs `manage` on the app (its admins and org admins), through the one check. */
async function managedForm(db: Db, principal: Principal, ref: FormRef): Promise<FormDefinition> {
  await authorize(principal, 'manage', { kind: 'app', orgId: principal.orgId, appId: ref.appId });
  return (await loadForm(db, principal.orgId, ref.appId, ref.formId)).form;
}

function checkFields(form: FormDefinition, fields: readonly string[]): void {
  const problems = linkFieldProblems(form, fields);
  if (problems.length) throw validationFailed(problems, 'The link cannot offer these fields.');
}

function expiryOf(value: string | null | undefined): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const at = new Date(value);
  if (Number.isNaN(at.getTime()))
    throw validationFailed([
      { path: '/expiresAt', code: 'format', message: 'must be a date and time (ISO 8601)' },
    ]);
  return at;
}

export async function listLinks(
  db: Db,
  principal: Principal,
  ref: FormRef,
): Promise<{ links: LinkDto[]; publicFields: string[] }> {
  const form = await managedForm(db, principal, ref);
  const { rows } = await db.query<LinkRow>(
    `SELECT * FROM public_form_links WHERE org_id = $1 AND app_id = $2 AND form_id = $3 AND revoked_at IS NULL
     ORDER BY created_at DESC, id DESC`,
    [principal.orgId, ref.appId, ref.formId],
  );
  return { links: rows.map((r) => toDto(r)), publicFields: publicFieldIds(form) };
}

export interface AuditMeta {
  ip?: string;
  userAgent?: string;
}

/** Creates a link; the token is in this answer only (the database keeps its hash). */
export async function createLink(
  db: Db,
  principal: Principal,
  ref: FormRef,
  input: LinkInput & { fields: string[] },
  meta: AuditMeta,
): Promise<{ link: LinkDto; token: string }> {
  const form = await managedForm(db, principal, ref);
  checkFields(form, input.fields);
  const token = newToken();
  const id = newId('pfl');
  const settings = settingsOf(input);
  return db.transaction(async (tx) => {
    const { rows: count } = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM public_form_links WHERE org_id = $1 AND app_id = $2 AND form_id = $3 AND revoked_at IS NULL`,
      [principal.orgId, ref.appId, ref.formId],
    );
    if (count[0]!.n >= MAX_LINKS_PER_FORM)
      throw new AppError(
        409,
        'too_many_links',
        `A form can have at most ${MAX_LINKS_PER_FORM} public links. Revoke one first.`,
      );
    const { rows } = await tx.query<LinkRow>(
      `INSERT INTO public_form_links (id, org_id, app_id, form_id, token_hash, settings, enabled, expires_at, max_submissions, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [
        id,
        principal.orgId,
        ref.appId,
        ref.formId,
        sha256Hex(token),
        JSON.stringify(settings),
        input.enabled ?? true,
        expiryOf(input.expiresAt) ?? null,
        input.maxSubmissions ?? null,
        principal.userId,
      ],
    );
    await audit(
      tx,
      principal,
      'public_form.create',
      id,
      { appId: ref.appId, formId: ref.formId, fields: settings.fields },
      meta,
    );
    return { link: toDto(rows[0]!), token };
  });
}

function settingsOf(input: LinkInput, base?: LinkSettings): LinkSettings {
  const pick = (key: 'title' | 'description' | 'thankYou') => {
    const v = input[key] !== undefined ? input[key] : base?.[key];
    return v ? { [key]: v } : {};
  };
  return {
    fields: input.fields ?? base?.fields ?? [],
    ...pick('title'),
    ...pick('description'),
    ...pick('thankYou'),
  };
}

async function lockLink(tx: Db, principal: Principal, ref: FormRef, id: string): Promise<LinkRow> {
  const { rows } = await tx.query<LinkRow>(
    `SELECT * FROM public_form_links WHERE id = $1 AND org_id = $2 AND app_id = $3 AND form_id = $4 AND revoked_at IS NULL FOR UPDATE`,
    [id, principal.orgId, ref.appId, ref.formId],
  );
  if (!rows[0]) throw notFound('Public link', 'public_link_not_found');
  return rows[0];
}

/** Changes a link's settings (any subset); its token stays. */
export async function updateLink(
  db: Db,
  principal: Principal,
  ref: FormRef,
  id: string,
  input: LinkInput,
  meta: AuditMeta,
): Promise<LinkDto> {
  const form = await managedForm(db, principal, ref);
  if (input.fields) checkFields(form, input.fields);
  return db.transaction(async (tx) => {
    const row = await lockLink(tx, principal, ref, id);
    const settings = settingsOf(input, row.settings);
    const expires = expiryOf(input.expiresAt);
    const { rows } = await tx.query<LinkRow>(
      `UPDATE public_form_links SET settings = $2, enabled = $3, expires_at = $4, max_submissions = $5, updated_at = now()
       WHERE id = $1 RETURNING *`,
      [
        id,
        JSON.stringify(settings),
        input.enabled ?? row.enabled,
        expires === undefined ? row.expires_at : expires,
        input.maxSubmissions === undefined ? row.max_submissions : input.maxSubmissions,
      ],
    );
    await audit(tx, principal, 'public_form.update', id, { ...ref, changed: Object.keys(input) }, meta);
    return toDto(rows[0]!);
  });
}

/** Revokes a link for good: it answers 404 from now on. */
export async function revokeLink(
  db: Db,
  principal: Principal,
  ref: FormRef,
  id: string,
  meta: AuditMeta,
): Promise<void> {
  await managedForm(db, principal, ref);
  await db.transaction(async (tx) => {
    await lockLink(tx, principal, ref, id);
    await tx.query(`UPDATE public_form_links SET revoked_at = now(), updated_at = now() WHERE id = $1`, [id]);
    await audit(tx, principal, 'public_form.revoke', id, { ...ref }, meta);
  });
}

/** A new token for a link (the old link stops working); answered once, like at creation. */
export async function renewToken(
  db: Db,
  principal: Principal,
  ref: FormRef,
  id: string,
  meta: AuditMeta,
): Promise<{ link: LinkDto; token: string }> {
  await managedForm(db, principal, ref);
  const token = newToken();
  return db.transaction(async (tx) => {
    await lockLink(tx, principal, ref, id);
    const { rows } = await tx.query<LinkRow>(
      `UPDATE public_form_links SET token_hash = $2, updated_at = now() WHERE id = $1 RETURNING *`,
      [id, sha256Hex(token)],
    );
    await audit(tx, principal, 'public_form.renew_token', id, { ...ref }, meta);
    return { link: toDto(rows[0]!), token };
  });
}

async function audit(
  tx: Db,
  principal: Principal | null,
  action: string,
  linkId: string,
  detail: Record<string, unknown>,
  meta: AuditMeta,
  actorId = principal?.userId ?? linkId,
): Promise<void> {
  await writeAudit(tx, {
    orgId: principal?.orgId ?? (detail.orgId as string),
    actorId,
    action,
    targetType: 'public_form_link',
    targetId: linkId,
    detail,
    ip: meta.ip,
    userAgent: meta.userAgent,
  });
}

// ---------------------------------------------------------------------------------------------
// The anonymous side

/** Why a link that exists cannot take submissions; a revoked or unknown link is a plain 404. */
function closedError(status: Exclude<LinkStatus, 'active'>): AppError {
  const texts: Record<typeof status, { en: string; zh: string; code: string }> = {
    disabled: { code: 'public_form_closed', en: 'This form is closed.', zh: '此表单已停止收集。' },
    expired: { code: 'public_form_expired', en: 'This form has expired.', zh: '此表单已过期。' },
    full: {
      code: 'public_form_full',
      en: 'This form has reached its submission limit.',
      zh: '此表单已达到提交上限。',
    },
  };
  const t = texts[status];
  const error = new AppError(410, t.code, t.en);
  error.localized = { en: t.en, 'zh-CN': t.zh };
  return error;
}

const linkNotFound = () => {
  const error = notFound('Form', 'public_form_not_found');
  error.localized = { en: 'This link does not exist or was withdrawn.', 'zh-CN': '此链接不存在或已被撤回。' };
  return error;
};

async function linkByToken(db: Db, token: string): Promise<LinkRow> {
  const { rows } = await db.query<LinkRow>(
    `SELECT * FROM public_form_links WHERE token_hash = $1 AND revoked_at IS NULL`,
    [sha256Hex(token)],
  );
  if (!rows[0]) throw linkNotFound();
  return rows[0];
}

export interface PublicFormView {
  app: { id: string; name: I18NText };
  form: FormDefinition;
  title?: string;
  description?: string;
  /** The proof of work the submission needs (bot-check.ts). */
  botCheck: { linkId: string; difficulty: number; maxAgeMs: number };
}

/**
 * The form behind a link, narrowed to the link's fields: no records, no member lists (no field on a
 * link needs one). A closed, expired or full link answers 410 with its reason, so the page can say it.
 */
export async function publicForm(db: Db, token: string): Promise<PublicFormView> {
  const row = await linkByToken(db, token);
  const status = statusOf(row, new Date());
  if (status !== 'active') throw closedError(status);
  const app = (await loadApp(db, row.org_id, row.app_id)).definition;
  const form = app.forms.find((f) => f.id === row.form_id);
  if (!form) throw linkNotFound();
  return {
    app: { id: app.id, name: app.name },
    form: publicFormOf(form, row.settings.fields),
    ...(row.settings.title ? { title: row.settings.title } : {}),
    ...(row.settings.description ? { description: row.settings.description } : {}),
    botCheck: { linkId: row.id, difficulty: POW_DIFFICULTY, maxAgeMs: PROOF_MAX_AGE_MS },
  };
}

export interface SubmissionInput {
  data: unknown;
  website?: unknown;
  proof?: Proof;
}

/** The link's principal: its own id as user id, no roles, no departments, never an admin. */
const linkPrincipal = (row: LinkRow): Principal => ({
  userId: row.id,
  orgId: row.org_id,
  isAdmin: false,
  departmentIds: [],
  roleIds: [],
});

/** Create, with no reach into existing records, on the link's fields only. */
function linkGrant(formId: string, fields: string[]): Grant {
  const none = { kind: 'none' } as const;
  return {
    formId,
    basis: 'system',
    appRole: null,
    groupIds: [],
    actions: ['create'],
    scopes: { view: none, edit: none, delete: none, export: none, print: none },
    fields: { visible: fields, editable: fields },
  };
}

async function computeFor(db: Db, row: LinkRow): Promise<ComputeContext> {
  const { rows } = await db.query<{ time_zone: string; country: string }>(
    `SELECT time_zone, country FROM orgs WHERE id = $1`,
    [row.org_id],
  );
  return {
    now: new Date(),
    timeZone: rows[0]?.time_zone ?? 'UTC',
    country: rows[0]?.country ?? DEFAULT_COUNTRY,
    user: { id: row.id, name: row.settings.title ?? '', departments: [] },
  };
}

/**
 * One anonymous submission: bot check, then in one transaction the link's slot (a guarded UPDATE:
 * closed, expired or full links take nothing, and the row lock serialises concurrent submits so
 * the limit is never passed), the proof's single use, the record through the write door, and the
 * audit row. Any failure rolls all of it back, the slot included.
 */
export async function submit(
  db: Db,
  writes: WritePipeline,
  token: string,
  input: SubmissionInput,
  meta: AuditMeta,
): Promise<{ thankYou: string | null }> {
  const row = await linkByToken(db, token);
  const status = statusOf(row, new Date());
  if (status !== 'active') throw closedError(status);
  const proofHash = checkBot(row.id, input.website, input.proof, Date.now());
  const ctx = await loadForm(db, row.org_id, row.app_id, row.form_id).catch(() => {
    throw linkNotFound();
  });
  const fields = liveLinkFields(ctx.form, row.settings.fields);
  const principal = linkPrincipal(row);
  const grant = linkGrant(row.form_id, fields);
  const compute = await computeFor(db, row);
  return db.transaction(async (tx) => {
    const { rows: claimed } = await tx.query<{ id: string }>(
      `UPDATE public_form_links SET submissions = submissions + 1, last_submission_at = now()
       WHERE id = $1 AND revoked_at IS NULL AND enabled
         AND (expires_at IS NULL OR expires_at > now())
         AND (max_submissions IS NULL OR submissions < max_submissions)
       RETURNING id`,
      [row.id],
    );
    if (!claimed.length) {
      const again = await linkByToken(tx, token);
      const now = statusOf(again, new Date());
      throw closedError(now === 'active' ? 'full' : now);
    }
    const { rows: fresh } = await tx.query(
      `INSERT INTO public_form_proofs (hash, expires_at) VALUES ($1, now() + make_interval(secs => $2))
       ON CONFLICT (hash) DO NOTHING RETURNING hash`,
      [proofHash, Math.ceil((PROOF_MAX_AGE_MS * 2) / 1000)],
    );
    if (!fresh.length) throw botCheckReplayed();
    const [record] = await writes.create(
      { tx, form: ctx, principal, grant, compute, source: 'api' },
      [input.data],
      () => '/data',
    );
    await audit(
      tx,
      principal,
      'public_form.submit',
      row.id,
      { appId: row.app_id, formId: row.form_id, recordId: record!.id },
      meta,
    );
    return { thankYou: row.settings.thankYou ?? null };
  });
}

function botCheckReplayed(): AppError {
  const error = new AppError(
    400,
    'bot_check_failed',
    'This submission was already sent. Reload the page to send another.',
  );
  error.localized = { en: error.message, 'zh-CN': '此内容已提交过，如需再次提交请刷新页面。' };
  return error;
}
