import type { Principal } from '../access';
import { authorize } from '../access';
import { loadForm } from '../apps/app-cache';
import type { Db } from '../db/db';
import { quoteIdent } from '../db/sql/ident';
import { recordStore } from '../storage/record-store';
import type { FormRef } from './records.service';

export interface ListQuery {
  filter?: unknown;
  sort?: unknown;
  q?: string;
  limit?: number;
  cursor?: string;
  count?: boolean;
}

export function parseListQuery(query: Record<string, unknown>): ListQuery {
  return { limit: query.limit ? Number(query.limit) : undefined };
}

export async function listRecords(db: Db, principal: Principal, ref: FormRef, query: ListQuery) {
  await authorize(principal, 'read', {
    kind: 'form',
    orgId: principal.orgId,
    appId: ref.appId,
    formId: ref.formId,
  });
  const ctx = await loadForm(db, principal.orgId, ref.appId, ref.formId);
  const { rows } = await db.query(
    `SELECT ${recordStore.selectList(ctx.table)} FROM ${quoteIdent(ctx.table.table)} t WHERE t.deleted_at IS NULL ORDER BY t.created_at DESC, t.id DESC LIMIT $1`,
    [query.limit ?? 50],
  );
  return { items: rows.map((r) => recordStore.toDto(ctx.table, r)), nextCursor: null };
}

export async function aggregateRecords(_db: Db, _principal: Principal, _ref: FormRef, _body: unknown) {
  return { rows: [] };
}
