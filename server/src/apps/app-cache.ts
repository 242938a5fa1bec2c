import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { compileRecordSchema, fieldRegistry } from '@tangram/fields';
import type { AppDefinition, FormDefinition } from '@tangram/schema';
import type { Db } from '../db/db';
import { appVersionKey, forgetMemo, memo } from '../db/request-memo';
import { notFound } from '../http/app-error';
import { pgMetaStore } from '../storage/meta-store';
import { loadTableState, type TableState } from '../storage/table-state';

/** Everything the records API needs about one form, prepared once per app version. */
export interface FormContext {
  orgId: string;
  app: AppDefinition;
  form: FormDefinition;
  table: TableState;
  /** Child tables of the form's subforms, by subform field id. */
  subTables: Map<string, TableState>;
  validateCreate: ValidateFunction;
  validateUpdate: ValidateFunction;
}

interface LoadedApp {
  version: number;
  definition: AppDefinition;
  tables: Map<string, TableState>;
  forms: Map<string, FormContext>;
}

// Record schemas are compiled on the server only (the browser uses precompiled validators), so
// Ajv's code generation runs here where no CSP applies; formulas never go near it.
const ajv = new Ajv2020({ allErrors: true, strict: false });
const cache = new Map<string, LoadedApp>();
const key = (orgId: string, appId: string) => `${orgId}/${appId}`;

/**
 * The app's current definition, compiled. One small query checks the version once per request
 * (db/request-memo.ts; on every call outside a request), so several server processes never serve a
 * stale definition.
 */
export async function loadApp(db: Db, orgId: string, appId: string): Promise<LoadedApp> {
  // A missing app is not remembered: the request may be the one creating it.
  const version = await memo(appVersionKey(orgId, appId), async () => {
    const live = await pgMetaStore.liveVersion(db, orgId, appId);
    if (live === null) throw notFound('App');
    return live;
  });
  const cached = cache.get(key(orgId, appId));
  if (cached?.version === version) return cached;
  const row = await pgMetaStore.get(db, orgId, appId);
  if (!row) throw notFound('App');
  const loaded: LoadedApp = {
    version: row.version,
    definition: row.definition,
    tables: await loadTableState(db, orgId, appId),
    forms: new Map(),
  };
  cache.set(key(orgId, appId), loaded);
  return loaded;
}

/** The form's context, or 404 when the app or form does not exist in this org. */
export async function loadForm(db: Db, orgId: string, appId: string, formId: string): Promise<FormContext> {
  const loaded = await loadApp(db, orgId, appId);
  const existing = loaded.forms.get(formId);
  if (existing) return existing;
  const form = loaded.definition.forms.find((f) => f.id === formId);
  const table = loaded.tables.get(formId);
  if (!form || !table) throw notFound('Form');
  const subTables = new Map<string, TableState>();
  for (const field of form.fields) {
    const sub = field.type === 'subform' ? loaded.tables.get(`${form.id}.${field.id}`) : undefined;
    if (sub) subTables.set(field.id, sub);
  }
  const context: FormContext = {
    orgId,
    app: loaded.definition,
    form,
    table,
    subTables,
    validateCreate: ajv.compile(compileRecordSchema(form, fieldRegistry, 'create')),
    validateUpdate: ajv.compile(compileRecordSchema(form, fieldRegistry, 'update')),
  };
  loaded.forms.set(formId, context);
  return context;
}

/** Drops a cached app (after a save or delete in this process; other processes see the version). */
export function invalidateApp(orgId: string, appId: string): void {
  cache.delete(key(orgId, appId));
  forgetMemo(appVersionKey(orgId, appId));
}
