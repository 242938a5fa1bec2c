import type { Transport } from './transport';

/** One row of the org's audit log (GET /admin/audit). */
export interface AuditItem {
  id: string;
  /** ISO instant with microseconds. */
  at: string;
  /** Null for what nobody signed in did (a refused sign-in, a scheduled job). */
  actor: { id: string; name: string | null; email: string | null } | null;
  /** Dotted verb: `auth.sign_in`, `app.update`, `permissions.change`, `user.create`, ... */
  action: string;
  /** What it was done to; `name` is the object's current name (text or i18n map) when known. */
  target: { type: string; id: string | null; name?: unknown };
  detail: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditPage {
  items: AuditItem[];
  nextCursor: string | null;
  retentionDays: number;
}

export interface AuditQuery {
  actor?: string;
  /** An exact action, or a prefix ending in `.` (`user.`). */
  action?: string;
  targetType?: string;
  targetId?: string;
  /** A day (`2026-03-05`, in the org's time zone) or an ISO instant; both ends inclusive. */
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/** The audit log, for org admins. */
export function createAuditApi(http: Transport) {
  return {
    list: (query: AuditQuery = {}) => http.request<AuditPage>('GET', '/admin/audit', { query: { ...query } }),
  };
}
