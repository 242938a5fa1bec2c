import type { QueryContext, QueryTarget, SystemFieldName } from '@tangram/query';
import type { Principal } from '../access';
import type { FormContext } from '../apps/app-cache';
import { quoteIdent } from '../db/sql/ident';
import { activeColumns } from '../storage/record-store';

const SYSTEM_COLUMNS: Record<SystemFieldName, string> = {
  id: 'id',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  createdBy: 'created_by',
  updatedBy: 'updated_by',
  ownerId: 'owner_id',
  ownerDepartmentId: 'owner_department_id',
  workflowStatus: 'workflow_status',
};

/**
 * The form's table as the query compiler sees it: identifiers come from field_columns (never from
 * the request), quoted by the one helper.
 */
export function queryTarget(ctx: FormContext, alias = 't'): QueryTarget {
  const a = quoteIdent(alias);
  const columns = new Map(activeColumns(ctx.table).map((c) => [c.fieldId, `${a}.${quoteIdent(c.column)}`]));
  return {
    fields: ctx.form.fields,
    column: (fieldId) => columns.get(fieldId),
    systemColumn: (name) => `${a}.${quoteIdent(SYSTEM_COLUMNS[name])}`,
  };
}

/** Dynamic filter values (today, current user, …) resolve against the org's clock and the viewer. */
export function queryContext(principal: Principal, timeZone: string): QueryContext {
  return { now: new Date(), timeZone, userId: principal.userId, userDepartmentIds: principal.departmentIds };
}
