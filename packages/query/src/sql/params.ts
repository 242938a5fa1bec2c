/**
 * Collects parameter values and hands out their placeholders. One collector is shared by every
 * fragment of a statement (filter, search, keyset, the server's own conditions) so their `$n`
 * never clash.
 */
export interface SqlParams {
  /** Adds a value and returns its placeholder (`$1`, `$2`, ...). */
  add(value: unknown): string;
  /** The values, in placeholder order, to pass to the driver. */
  readonly values: unknown[];
}

/** Creates a collector; `startAt` lets a caller continue after parameters it already numbered. */
export function createParams(startAt = 1): SqlParams {
  const values: unknown[] = [];
  return {
    add(value) {
      values.push(value);
      return `$${values.length + startAt - 1}`;
    },
    values,
  };
}

/**
 * Runs a compilation against a scratch collector and only copies its values into `params` once it
 * succeeded, so a compiler that throws half-way leaves the caller's parameters untouched.
 */
export function atomically(params: SqlParams, compile: (scratch: SqlParams) => string): string {
  const scratch: unknown[] = [];
  const local: SqlParams = {
    add: (v) => `\uE000${scratch.push(v) - 1}\uE001`,
    values: scratch,
  };
  const sql = compile(local);
  const placed = new Map<string, string>();
  return sql.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => {
    let p = placed.get(i);
    if (p === undefined) placed.set(i, (p = params.add(scratch[Number(i)])));
    return p;
  });
}
