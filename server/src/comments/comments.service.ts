import type { Principal } from '../access';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { validationFailed } from '../http/app-error';
import { getRecord, type FormRef } from '../records/records.service';

export const MAX_COMMENT = 5000;

export interface CommentDto {
  id: string;
  recordId: string;
  body: string;
  authorId: string;
  authorName: string | null;
  createdAt: string;
}

interface CommentRow {
  id: string;
  record_id: string;
  body: string;
  author_id: string;
  author_name: string | null;
  created_at: Date;
}

const toDto = (r: CommentRow): CommentDto => ({
  id: r.id,
  recordId: r.record_id,
  body: r.body,
  authorId: r.author_id,
  authorName: r.author_name,
  createdAt: r.created_at.toISOString(),
});

/** A record's comments, oldest first. Reading the record is required (404 across orgs). */
export async function listComments(
  db: Db,
  principal: Principal,
  ref: FormRef,
  recordId: string,
): Promise<CommentDto[]> {
  await getRecord(db, principal, ref, recordId);
  const { rows } = await db.query<CommentRow>(
    `SELECT c.id, c.record_id, c.body, c.author_id, u.name AS author_name, c.created_at
       FROM comments c LEFT JOIN users u ON u.id = c.author_id AND u.org_id = c.org_id
      WHERE c.org_id = $1 AND c.app_id = $2 AND c.form_id = $3 AND c.record_id = $4
      ORDER BY c.created_at, c.id`,
    [principal.orgId, ref.appId, ref.formId, recordId],
  );
  return rows.map(toDto);
}

/** Adds a comment (plain text, trimmed, 1–5,000 characters) by the caller to a live record. */
export async function addComment(
  db: Db,
  principal: Principal,
  ref: FormRef,
  recordId: string,
  body: string,
): Promise<CommentDto> {
  const text = body.trim();
  if (text === '')
    throw validationFailed([{ path: '/body', code: 'required', message: 'the comment is empty' }]);
  if (text.length > MAX_COMMENT)
    throw validationFailed([
      { path: '/body', code: 'maxLength', message: `must be at most ${MAX_COMMENT} characters` },
    ]);
  await getRecord(db, principal, ref, recordId);
  const { rows } = await db.query<CommentRow>(
    `WITH c AS (
       INSERT INTO comments (id, org_id, app_id, form_id, record_id, author_id, body)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING id, record_id, body, author_id, created_at, org_id)
     SELECT c.id, c.record_id, c.body, c.author_id, u.name AS author_name, c.created_at
       FROM c LEFT JOIN users u ON u.id = c.author_id AND u.org_id = c.org_id`,
    [newId('cmt'), principal.orgId, ref.appId, ref.formId, recordId, principal.userId, text],
  );
  return toDto(rows[0]!);
}
