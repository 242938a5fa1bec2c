/**
 * JSON patches between two immutable documents. Commands build the next document purely; `diff`
 * then records what changed as replace/add/remove operations on paths, so that history entries
 * hold small forward and inverse patches instead of whole snapshots.
 */
export type PathSegment = string | number;

export type Patch =
  | { op: 'replace'; path: PathSegment[]; value: unknown }
  | { op: 'add'; path: PathSegment[]; value: unknown }
  | { op: 'remove'; path: PathSegment[] };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Forward patches turning `before` into `after`, and the inverse. Unchanged subtrees (same
 * reference) are skipped, objects are compared key by key, arrays of equal length item by item;
 * anything else is replaced whole.
 */
export function diff(before: unknown, after: unknown): { forward: Patch[]; inverse: Patch[] } {
  const forward: Patch[] = [];
  const inverse: Patch[] = [];
  walk(before, after, [], forward, inverse);
  return { forward, inverse: inverse.reverse() };
}

function walk(a: unknown, b: unknown, path: PathSegment[], fwd: Patch[], inv: Patch[]): void {
  if (Object.is(a, b)) return;
  if (isObject(a) && isObject(b)) {
    for (const key of Object.keys(a)) {
      if (!(key in b)) {
        fwd.push({ op: 'remove', path: [...path, key] });
        inv.push({ op: 'add', path: [...path, key], value: a[key] });
      } else walk(a[key], b[key], [...path, key], fwd, inv);
    }
    for (const key of Object.keys(b)) {
      if (key in a) continue;
      fwd.push({ op: 'add', path: [...path, key], value: b[key] });
      inv.push({ op: 'remove', path: [...path, key] });
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, i) => walk(item, b[i], [...path, i], fwd, inv));
    return;
  }
  fwd.push({ op: 'replace', path, value: b });
  inv.push({ op: 'replace', path, value: a });
}

/** Applies patches immutably: only the containers along each path are copied. */
export function applyPatches<T>(doc: T, patches: readonly Patch[]): T {
  return patches.reduce<unknown>((acc, p) => applyOne(acc, p, 0), doc) as T;
}

function applyOne(node: unknown, patch: Patch, depth: number): unknown {
  if (depth === patch.path.length) return patch.op === 'remove' ? undefined : patch.value;
  const key = patch.path[depth] as PathSegment;
  const last = depth === patch.path.length - 1;
  if (Array.isArray(node)) {
    const copy = [...node];
    copy[Number(key)] = applyOne(node[Number(key)], patch, depth + 1);
    return copy;
  }
  const obj = isObject(node) ? node : {};
  if (last && patch.op === 'remove') {
    const { [String(key)]: _removed, ...rest } = obj;
    return rest;
  }
  return { ...obj, [key]: applyOne(obj[String(key)], patch, depth + 1) };
}
