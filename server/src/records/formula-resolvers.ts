import type { FormulaResolvers, MapxRequest } from '@tangram/formula';
import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import type { FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { recordStore } from '../storage/record-store';
import { computeFormulaFields, runValidationRules, type ComputeContext } from './formula-fields';
import { openSystemReader, type LookupOp, type RecordReader } from './kernel/reader';

/** Which lookups a form's formulas make, found once per form definition. */
interface LookupNeeds {
  names: boolean;
  mapx: boolean;
  recordNumber: boolean;
  /** A formula, default or rule reads a lookup field (`{lookupId}`). */
  lookupFields: boolean;
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
      lookupFields: form.fields.some((f) => f.type === 'lookup' && text.includes(`{${f.id}}`)),
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
export const reserveRecordNumbers = (db: Db, fctx: FormContext, count: number): Promise<number[]> =>
  recordStore.reserveSeq(db, fctx.table, count);

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

const LOOKUP_OPS: ReadonlySet<string> = new Set<LookupOp>(['GET', 'SUM', 'AVG', 'MIN', 'MAX', 'COUNT']);

/**
 * Answers one MAPX request from the live records of another form of the same app, through the
 * read door as the system: a formula's value must not depend on who saves the record. `GET`
 * returns the first match’s field (first created), SUM / AVG / MIN / MAX / COUNT aggregate over
 * all matches. The form id is the part before the dot in `{form.field}`. Unknown forms, fields or
 * operations answer empty, which the formula shows as an empty value.
 */
async function answerMapx(reader: RecordReader, fctx: FormContext, request: MapxRequest): Promise<unknown> {
  const { matchField, returnField, op } = request;
  if (matchField.column === undefined || returnField.column === undefined || matchField.id !== returnField.id)
    return null;
  if (!LOOKUP_OPS.has(op)) return null;
  try {
    return await reader.lookup(
      { appId: fctx.app.id, formId: matchField.id },
      {
        op: op as LookupOp,
        matchField: matchField.column,
        matchValue: request.matchValue,
        returnField: returnField.column,
      },
    );
  } catch (error) {
    if (error instanceof AppError) return null; // an unknown form
    throw error;
  }
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
  if (!needs.names && !needs.mapx && !needs.lookupFields) return compute;
  // Lookup values through the read door as the system, like MAPX: a formula's value must not
  // depend on who saves the record (decision 0031).
  const lookups = needs.lookupFields
    ? await openSystemReader(db, fctx.orgId, 'formula reads lookup fields').lookupValues(
        { appId: fctx.app.id, formId: fctx.form.id },
        data,
      )
    : undefined;
  if (!needs.names && !needs.mapx) return { ...compute, lookups };
  const resolvers: FormulaResolvers = {};
  if (needs.names) {
    const { users, departments } = await directory(db, fctx.orgId, compute);
    resolvers.userName = (id) => users.get(id) ?? null;
    resolvers.deptName = (id) => departments.get(id) ?? null;
  }
  if (needs.mapx) {
    const requests = new Map<string, MapxRequest>();
    const recorder: FormulaResolvers = { ...resolvers, mapx: (r) => (requests.set(keyOf(r), r), null) };
    const dryRun = { ...compute, resolvers: recorder, ...(lookups ? { lookups } : {}) };
    runValidationRules(fctx.form, computeFormulaFields(fctx.form, data, dryRun), dryRun);
    const answers = new Map<string, unknown>();
    const reader = openSystemReader(db, fctx.orgId, 'formula lookup (MAPX)');
    for (const [key, request] of requests) answers.set(key, await answerMapx(reader, fctx, request));
    resolvers.mapx = (r) => answers.get(keyOf(r)) ?? null;
  }
  return { ...compute, resolvers, ...(lookups ? { lookups } : {}) };
}
