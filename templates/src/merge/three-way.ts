/**
 * A three-way merge of JSON definitions (decision 0043). `base` is what the template installed,
 * `theirs` the new template version, `ours` the admin's current app. Arrays whose items all carry
 * an `id` (forms, fields, workflows and their nodes, automations, aggregates, dashboards and their
 * widgets, navigation) merge item by item by that stable id; objects merge key by key; anything
 * else (strings, numbers, arrays of plain values) is one value. A part changed on one side only
 * takes that side's change; a part changed differently on both sides is a conflict, kept as ours
 * unless the caller's choices say theirs.
 */

export type MergeChoice = 'ours' | 'theirs';

export interface MergeConflict {
  /** Where, by ids: `forms/customers/fields/name/label/en` (array items are named by their id). */
  path: string;
  /** Absent means the part does not exist on that side (deleted, or never there). */
  base?: unknown;
  ours?: unknown;
  theirs?: unknown;
  /** Which side the merged result took. */
  resolution: MergeChoice;
}

export interface MergeResult<T> {
  merged: T;
  conflicts: MergeConflict[];
}

/** Stands for "this part does not exist on that side". */
const ABSENT = Symbol('absent');
type Side = unknown;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const hasId = (v: unknown): v is { id: string } => isObject(v) && typeof v.id === 'string';

/** An array merged by item id: every item an object with a string id, no id twice. */
function isKeyed(v: unknown): v is { id: string }[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every(hasId)) return false;
  return new Set(v.map((i) => i.id)).size === v.length;
}

/** Both sides merge by id: keyed arrays, or one keyed and the other emptied. */
function keyedSides(a: unknown, b: unknown): boolean {
  const ok = (v: unknown) => isKeyed(v) || (Array.isArray(v) && v.length === 0);
  return ok(a) && ok(b) && (isKeyed(a) || isKeyed(b));
}

/** Deep equality of JSON values (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

const same = (a: Side, b: Side) => (a === ABSENT || b === ABSENT ? a === b : jsonEqual(a, b));

class Merger {
  readonly conflicts: MergeConflict[] = [];
  constructor(private readonly choices: Readonly<Record<string, MergeChoice>>) {}

  merge(base: Side, ours: Side, theirs: Side, path: string): Side {
    if (same(ours, theirs)) return ours;
    if (same(base, ours)) return theirs;
    if (same(base, theirs)) return ours;
    // Changed on both sides, differently: look inside when both are still containers of one kind.
    if (ours !== ABSENT && theirs !== ABSENT) {
      if (keyedSides(ours, theirs) && (base === ABSENT || Array.isArray(base)))
        return this.mergeKeyed(isKeyed(base) ? base : [], ours as unknown[], theirs as unknown[], path);
      if (isObject(ours) && isObject(theirs) && (base === ABSENT || isObject(base)))
        return this.mergeObject(isObject(base) ? base : {}, ours, theirs, path);
    }
    return this.conflict(base, ours, theirs, path);
  }

  private conflict(base: Side, ours: Side, theirs: Side, path: string): Side {
    const resolution = this.choices[path] ?? 'ours';
    const entry: MergeConflict = { path, resolution };
    if (base !== ABSENT) entry.base = base;
    if (ours !== ABSENT) entry.ours = ours;
    if (theirs !== ABSENT) entry.theirs = theirs;
    this.conflicts.push(entry);
    return resolution === 'theirs' ? theirs : ours;
  }

  private mergeObject(
    base: Record<string, unknown>,
    ours: Record<string, unknown>,
    theirs: Record<string, unknown>,
    path: string,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const keys = [...new Set([...Object.keys(ours), ...Object.keys(theirs), ...Object.keys(base)])];
    for (const k of keys) {
      const v = this.merge(side(base, k), side(ours, k), side(theirs, k), join(path, k));
      if (v !== ABSENT) out[k] = v;
    }
    return out;
  }

  private mergeKeyed(
    base: { id: string }[],
    ours: unknown[],
    theirs: unknown[],
    path: string,
  ): { id: string }[] {
    const b = new Map(base.map((i) => [i.id, i]));
    const o = new Map((ours as { id: string }[]).map((i) => [i.id, i]));
    const t = new Map((theirs as { id: string }[]).map((i) => [i.id, i]));
    const merged = new Map<string, { id: string }>();
    for (const id of new Set([...o.keys(), ...t.keys(), ...b.keys()])) {
      const v = this.merge(b.get(id) ?? ABSENT, o.get(id) ?? ABSENT, t.get(id) ?? ABSENT, join(path, id));
      if (v !== ABSENT) merged.set(id, v as { id: string });
    }
    return order(ours as { id: string }[], theirs as { id: string }[], merged);
  }
}

const side = (obj: Record<string, unknown>, k: string): Side =>
  Object.prototype.hasOwnProperty.call(obj, k) && obj[k] !== undefined ? obj[k] : ABSENT;

const join = (path: string, k: string) => (path ? `${path}/${k}` : k);

/**
 * Ours' order for the items we keep; an item only theirs has goes right after the item before it
 * in theirs (or first when nothing before it survived), so a template's new field lands where the
 * template put it.
 */
function order(ours: { id: string }[], theirs: { id: string }[], merged: Map<string, { id: string }>) {
  const ids = ours.map((i) => i.id).filter((id) => merged.has(id));
  const theirIds = theirs.map((i) => i.id);
  theirIds.forEach((id, index) => {
    if (!merged.has(id) || ids.includes(id)) return;
    let at = 0;
    for (let j = index - 1; j >= 0; j--) {
      const k = ids.indexOf(theirIds[j]!);
      if (k >= 0) {
        at = k + 1;
        break;
      }
    }
    ids.splice(at, 0, id);
  });
  // Items both sides lost but a choice brought back (or that only the base had) keep their turn last.
  for (const id of merged.keys()) if (!ids.includes(id)) ids.push(id);
  return ids.map((id) => merged.get(id)!);
}

/**
 * Merges three versions of a JSON document. `choices` settle conflicts by path (`theirs` takes the
 * template's side); a conflict without a choice keeps ours and is reported either way.
 */
export function mergeDefinitions<T>(
  base: T,
  ours: T,
  theirs: T,
  choices: Readonly<Record<string, MergeChoice>> = {},
): MergeResult<T> {
  const merger = new Merger(choices);
  const merged = merger.merge(base, ours, theirs, '');
  return { merged: (merged === ABSENT ? ours : merged) as T, conflicts: merger.conflicts };
}
