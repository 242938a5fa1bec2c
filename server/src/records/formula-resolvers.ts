import type { FormulaResolvers, MapxRequest } from '@tangram/formula';
import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import { loadForm, type FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { quoteIdent } from '../db/sql/ident';
import { fromSqlValue, toSqlValue } from '../storage/record-codec';
import { computeFormulaFields, runValidationRules, type ComputeContext } from './formula-fields';

/** Which lookups a form's formulas make, found once per form definition. */
interface LookupNeeds {
  names: boolean;
  mapx: boolean;
  recordNumber: boolean;
}
const needsByForm = new WeakMap<FormDefinition, LookupNeeds>();

function formulaTexts(fields: readonly FieldDefinition[]): string[] {
  return fields.flatMap((f) => [
    ...(f.type === 'formula' ? [f.config.formula] : []),
    ...(f.default?.kind === 'formula' ? [f.default.formula] : []),
    ...(f.type === 'subform' ? formulaTexts(f.config.fields) : []),
  ]);
}

function needsOf(form: FormDefinition): LookupNeeds {
  let needs = needsByForm.get(form);
  if (!needs) {
    const text = [...formulaTexts(form.fields), ...(form.rules?.validation ?? []).map((r) => r.formula)].join(
      '\n',
    );
    needs = {
      names: /\bTEXT(USER|DEPT)\s*\(/i.test(text),
      mapx: /\bMAPX\s*\(/i.test(text),
      recordNumber: /\bRECNO\s*\(/i.test(text),
    };
    needsByForm.set(form, needs);
  }
  return needs;
}

/** Whether the form's formulas call RECNO(). */
export const usesRecordNumber = (form: FormDefinition): boolean => needsOf(form).recordNumber;

/**
 * Reserves the next record numbers of a form (its table's `seq` sequence, shifted by the form's
 * `numbering.start`). Numbers of a rolled-back create are not reused: RECNO is a record number,
 * not a gap-free counter (that is the serial-number field's job).
 */
export async function reserveRecordNumbers(db: Db, fctx: FormContext, count: number): Promise<number[]> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT nextval(pg_get_serial_sequence($1, 'seq'))::int AS n FROM generate_series(1, $2)`,
    [quoteIdent(fctx.table.table), count],
  );
  return rows.map((r) => r.n);
}

/** RECNO() of a stored row: its sequence number shifted by the form's numbering start. */
export const recordNumberOf = (form: FormDefinition, seq: number): number =>
  seq - 1 + (form.numbering?.start ?? 1);

/** The org's member and department names, loaded once per write request. */
const directories = new WeakMap<
  ComputeContext,
  Promise<{ users: Map<string, string>; departments: Map<string, string> }>
>();

function directory(db: Db, orgId: string, compute: ComputeContext) {
  let loaded = directories.get(compute);
  if (!loaded) {
    loaded = Promise.all([
      db.query<{ id: string; name: string }>(`SELECT id, name FROM users WHERE org_id = $1`, [orgId]),
      db.query<{ id: string; name: string }>(`SELECT id, name FROM departments WHERE org_id = $1`, [orgId]),
    ]).then(([users, departments]) => ({
      users: new Map(users.rows.map((r) => [r.id, r.name])),
      departments: new Map(departments.rows.map((r) => [r.id, r.name])),
    }));
    directories.set(compute, loaded);
  }
  return loaded;
}

const AGGREGATES: Record<string, (column: string) => string> = {
  SUM: (c) => `sum(${c})`,
  AVG: (c) => `avg(${c})`,
  MIN: (c) => `min(${c})`,
  MAX: (c) => `max(${c})`,
  COUNT: () => 'count(*)',
};

/**
 * Answers one MAPX request from the live records of another form of the same app: `GET` returns
 * the first match’s field (first created), SUM / AVG / MIN / MAX / COUNT aggregate over all matches.
 * The form id is the part before the dot in `{form.field}`. Unknown forms, fields or operations
 * answer empty, which the formula shows as an empty value.
 */
async function answerMapx(db: Db, fctx: FormContext, request: MapxRequest): Promise<unknown> {
  const { matchField, returnField } = request;
  if (matchField.column === undefined || returnField.column === undefined || matchField.id !== returnField.id)
    return null;
  let target: FormContext;
  try {
    target = await loadForm(db, fctx.orgId, fctx.app.id, matchField.id);
  } catch {
    return null;
  }
  const match = target.table.columns.get(matchField.column);
  const result = target.table.columns.get(returnField.column);
  if (!match || !result || match.archived || result.archived) return null;
  const table = quoteIdent(target.table.table);
  const where = `deleted_at IS NULL AND ${quoteIdent(match.column)} = $1`;
  const value = toSqlValue(match.storage, request.matchValue);
  if (value === null) return null;
  if (request.op === 'GET') {
    const { rows } = await db.query<{ v: unknown }>(
      `SELECT ${quoteIdent(result.column)} AS v FROM ${table} WHERE ${where} ORDER BY seq LIMIT 1`,
      [value],
    );
    return rows[0] ? fromSqlValue(result.storage, rows[0].v) : null;
  }
  const aggregate = AGGREGATES[request.op];
  if (!aggregate) return null;
  const { rows } = await db.query<{ v: unknown }>(
    `SELECT ${aggregate(quoteIdent(result.column))} AS v FROM ${table} WHERE ${where}`,
    [value],
  );
  const v = rows[0]?.v;
  return v === null || v === undefined ? null : Number(v);
}

const keyOf = (r: MapxRequest) => JSON.stringify([r.op, r.matchValue, r.matchField, r.returnField]);

/**
 * Formulas evaluate synchronously, so what they look up is fetched first: the directory for
 * TEXTUSER / TEXTDEPT, and for MAPX a dry run records the requests, which are then answered from
 * the database. Returns the compute context with resolvers for the real evaluation; forms without
 * such formulas pay nothing.
 */
export async function withResolvers(
  db: Db,
  fctx: FormContext,
  compute: ComputeContext,
  data: Record<string, unknown>,
): Promise<ComputeContext> {
  const needs = needsOf(fctx.form);
  if (!needs.names && !needs.mapx) return compute;
  const resolvers: FormulaResolvers = {};
  if (needs.names) {
    const { users, departments } = await directory(db, fctx.orgId, compute);
    resolvers.userName = (id) => users.get(id) ?? null;
    resolvers.deptName = (id) => departments.get(id) ?? null;
  }
  if (needs.mapx) {
    const requests = new Map<string, MapxRequest>();
    const recorder: FormulaResolvers = { ...resolvers, mapx: (r) => (requests.set(keyOf(r), r), null) };
    const dryRun = { ...compute, resolvers: recorder };
    runValidationRules(fctx.form, computeFormulaFields(fctx.form, data, dryRun), dryRun);
    const answers = new Map<string, unknown>();
    for (const [key, request] of requests) answers.set(key, await answerMapx(db, fctx, request));
    resolvers.mapx = (r) => answers.get(keyOf(r)) ?? null;
  }
  return { ...compute, resolvers };
}
