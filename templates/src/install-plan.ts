/**
 * The installer's pure parts: which packages to install in which order, which app ids they get,
 * and how a template's definitions, views and sample values are rewritten to the org's ids. The
 * server (server/src/templates) does the I/O around them.
 */
import type { AppDefinition } from '@tangram/schema';
import type { TemplateRegistry } from './install-registry';
import type { TemplateView } from './types';

/** How a package's placeholders map to this org: template app id -> installed app id, role key -> role id. */
export interface InstallIds {
  apps: Record<string, string>;
  roles: Record<string, string>;
}

/**
 * The packages to install for `key`, requirements first, each once, skipping those already
 * installed. Throws on an unknown key or a cycle of `requires` (a registry bug).
 */
export function installOrder(
  registry: TemplateRegistry,
  key: string,
  installed: ReadonlySet<string>,
): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (k: string, chain: string[]) => {
    if (installed.has(k) || order.includes(k)) return;
    if (visiting.has(k))
      throw new Error(`Template packages require each other: ${[...chain, k].join(' -> ')}`);
    const pkg = registry.get(k);
    if (!pkg) throw new Error(`Unknown template package "${k}"`);
    visiting.add(k);
    for (const r of pkg.requires) visit(r, [...chain, k]);
    visiting.delete(k);
    order.push(k);
  };
  visit(key, []);
  return order;
}

/**
 * Installed ids for a package's apps: the template's own id when it is free, a fresh one when an
 * app with that id exists (or was given to another app of this install).
 */
export function assignAppIds(
  appIds: readonly string[],
  isTaken: (id: string) => boolean,
  freshId: () => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  const used = new Set<string>();
  for (const id of appIds) {
    let chosen = id;
    while (isTaken(chosen) || used.has(chosen)) chosen = freshId();
    used.add(chosen);
    out[id] = chosen;
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Rewrites one JSON value: every role audience or assignee (`{ kind: 'roles', ids }`) gets org
 * role ids, and every form reference across apps (an object with string `app` and `form`, as
 * relations and automation targets are) gets the installed app id. Walking the whole document
 * instead of listing the places keeps new definition parts covered without touching this code.
 */
function rewriteValue(value: unknown, ids: InstallIds, path: string): unknown {
  if (Array.isArray(value)) return value.map((v, i) => rewriteValue(v, ids, `${path}/${i}`));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = rewriteValue(v, ids, `${path}/${k}`);
  if (value.kind === 'roles' && Array.isArray(value.ids)) {
    out.ids = value.ids.map((key: unknown) => {
      const id = typeof key === 'string' ? ids.roles[key] : undefined;
      if (!id) throw new Error(`${path}/ids: role "${String(key)}" is not one of the package's roles`);
      return id;
    });
  }
  if (typeof value.app === 'string' && typeof value.form === 'string') {
    out.app = ids.apps[value.app] ?? value.app;
  }
  return out;
}

/** A template app as it is installed: its installed id, org role ids, remapped cross-app references. */
export function rewriteDefinition(app: AppDefinition, ids: InstallIds): AppDefinition {
  const rewritten = rewriteValue(app, ids, '') as AppDefinition;
  return { ...rewritten, id: ids.apps[app.id] ?? app.id };
}

/** A template's shared view, pointed at the installed app (its config may name roles too). */
export function rewriteView(view: TemplateView, ids: InstallIds): TemplateView {
  return {
    ...view,
    app: ids.apps[view.app] ?? view.app,
    config: rewriteValue(view.config, ids, '/config') as Record<string, unknown>,
  };
}

/** Answers sample placeholders while records are written: record ids by `app/form#ref`, user ids by key. */
export interface SampleResolver {
  ref(target: string): string | undefined;
  member(key: string): string | undefined;
}

/**
 * A sample value with its `{ $ref }` and `{ $member }` placeholders replaced (at any depth: subform
 * rows, multiple relations). An unresolved placeholder is a package bug and throws with its path.
 */
export function resolveSampleValue(value: unknown, resolver: SampleResolver, path = ''): unknown {
  if (Array.isArray(value)) return value.map((v, i) => resolveSampleValue(v, resolver, `${path}/${i}`));
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && typeof value.$ref === 'string') {
    const id = resolver.ref(value.$ref);
    if (!id)
      throw new Error(`${path}: sample record "${value.$ref}" is not written before it is referred to`);
    return id;
  }
  if (keys.length === 1 && typeof value.$member === 'string') {
    const id = resolver.member(value.$member);
    if (!id) throw new Error(`${path}: sample user "${value.$member}" is not one of the package's users`);
    return id;
  }
  return Object.fromEntries(keys.map((k) => [k, resolveSampleValue(value[k], resolver, `${path}/${k}`)]));
}

/** How many records a package's sample data writes (the install's progress total). */
export function countSampleRecords(data: { batches: readonly { records: readonly unknown[] }[] }): number {
  return data.batches.reduce((n, b) => n + b.records.length, 0);
}

/** The sample seed of a package: the same template gives the same sample data in every org. */
export function sampleSeed(key: string): number {
  let h = 2166136261;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}
