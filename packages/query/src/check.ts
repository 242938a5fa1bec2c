import type { AggregateQuery, Filter, Operator, SortKey, ValidationIssue } from '@tangram/schema';
import { pointer } from '@tangram/schema';
import { lookupField, type FieldInfo } from './field-info.js';
import type { Pred } from './ir.js';
import { checkContext, parseOperand, planComparison } from './operator-table.js';
import { QueryError, type QueryContext, type QueryForm } from './types.js';

/** Deepest nesting of groups and comparisons a filter may have (the root is depth 1). */
export const MAX_FILTER_DEPTH = 8;
/** Most comparisons one filter may hold. */
export const MAX_FILTER_TERMS = 200;
/**
 * Most nodes (groups and comparisons) one filter may hold. Checked before a group's items are
 * walked, so a group of 150,000 items costs one issue, not 150,000 (or a stack overflow).
 */
export const MAX_FILTER_NODES = 400;
/** Most keys a sort may have. */
export const MAX_SORT_KEYS = 8;

const OPERATORS: ReadonlySet<string> = new Set<Operator>([
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'in',
  'notIn',
  'contains',
  'notContains',
  'startsWith',
  'isEmpty',
  'isNotEmpty',
]);
const ALIAS_RE = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => JSON.stringify(v)?.slice(0, 60) ?? String(v);

function extraKeys(
  obj: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  issues: ValidationIssue[],
) {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      issues.push({
        path: pointer(path, key),
        code: 'unknownProperty',
        message: `unknown property ${show(key)}`,
      });
    }
  }
}

interface Walk {
  form: QueryForm;
  ctx: QueryContext | null;
  issues: ValidationIssue[];
  terms: number;
  nodes: number;
}

const tooManyNodes = (path: string): ValidationIssue => ({
  path,
  code: 'tooManyNodes',
  message: `a filter holds at most ${MAX_FILTER_NODES} groups and conditions`,
});

function walk(node: unknown, path: string, depth: number, w: Walk): Pred | null {
  if (depth > MAX_FILTER_DEPTH) {
    w.issues.push({ path, code: 'tooDeep', message: `filters nest at most ${MAX_FILTER_DEPTH} levels deep` });
    return null;
  }
  if (++w.nodes > MAX_FILTER_NODES) {
    if (w.nodes === MAX_FILTER_NODES + 1) w.issues.push(tooManyNodes(path));
    return null;
  }
  if (!isObject(node)) {
    w.issues.push({ path, code: 'invalidFilter', message: 'a filter is an object with "kind"' });
    return null;
  }
  if (node.kind === 'and' || node.kind === 'or') {
    extraKeys(node, ['kind', 'items'], path, w.issues);
    if (!Array.isArray(node.items)) {
      w.issues.push({
        path: pointer(path, 'items'),
        code: 'invalidFilter',
        message: `"${node.kind}" needs a list of items`,
      });
      return null;
    }
    if (w.nodes + node.items.length > MAX_FILTER_NODES) {
      w.nodes = MAX_FILTER_NODES + 1;
      w.issues.push(tooManyNodes(pointer(path, 'items')));
      return null;
    }
    const items: Pred[] = [];
    for (let i = 0; i < node.items.length; i++) {
      if (w.terms > MAX_FILTER_TERMS || w.nodes > MAX_FILTER_NODES) break;
      const p = walk(node.items[i], pointer(path, 'items', i), depth + 1, w);
      if (p) items.push(p);
    }
    return { k: node.kind, items };
  }
  if (node.kind !== 'cmp') {
    w.issues.push({
      path: pointer(path, 'kind'),
      code: 'invalidFilter',
      message: 'kind must be "and", "or" or "cmp"',
    });
    return null;
  }
  w.terms++;
  if (w.terms === MAX_FILTER_TERMS + 1) {
    w.issues.push({
      path,
      code: 'tooManyTerms',
      message: `a filter holds at most ${MAX_FILTER_TERMS} conditions`,
    });
  }
  if (w.terms > MAX_FILTER_TERMS) return null;
  extraKeys(node, ['kind', 'field', 'op', 'value'], path, w.issues);
  return comparison(node, path, w);
}

function comparison(node: Record<string, unknown>, path: string, w: Walk): Pred | null {
  const found = lookupField(w.form, node.field);
  if (!found.ok) {
    w.issues.push({ path: pointer(path, 'field'), code: found.code, message: found.message });
    return null;
  }
  const info = found.info;
  const op = node.op;
  if (typeof op !== 'string' || !OPERATORS.has(op)) {
    w.issues.push({
      path: pointer(path, 'op'),
      code: 'unknownOperator',
      message: `unknown operator ${show(op)}`,
    });
    return null;
  }
  if (!info.operators.includes(op as Operator)) {
    const allowed = info.operators.join(', ') || 'none';
    w.issues.push({
      path: pointer(path, 'op'),
      code: 'operatorNotAllowed',
      message: `operator "${op}" does not apply to field "${info.ref}" (${info.type}); allowed: ${allowed}`,
    });
    return null;
  }
  const parsed = parseOperand(info, op as Operator, node.value);
  if (!parsed.ok) {
    w.issues.push({
      path: pointer(path, 'value'),
      code: parsed.code,
      message: `${info.ref}: ${parsed.message}`,
    });
    return null;
  }
  return w.ctx ? planComparison(info, op as Operator, parsed.operand, w.ctx) : null;
}

/**
 * Checks a filter against a form: shape, field ids, operators allowed for each field's type, value
 * shapes, dynamic values, depth (≤ 8) and size (≤ 200 conditions, ≤ 400 groups and conditions). Accepts untrusted JSON; returns
 * no issues only for a filter every executor can run. Paths are JSON pointers under `basePath`.
 */
export function checkFilter(filter: unknown, form: QueryForm, basePath = ''): ValidationIssue[] {
  const w: Walk = { form, ctx: null, issues: [], terms: 0, nodes: 0 };
  walk(filter, basePath, 1, w);
  return w.issues;
}

/**
 * Validates a filter and plans it into the predicate IR with dynamic values resolved. Throws
 * `QueryError` with the issues of `checkFilter` when the filter is invalid. Internal to the
 * executors.
 */
export function planFilter(filter: Filter | unknown, form: QueryForm, ctx: QueryContext): Pred {
  const bad = checkContext(ctx);
  if (bad) throw new QueryError([{ path: '', code: 'invalidContext', message: bad }]);
  const w: Walk = { form, ctx, issues: [], terms: 0, nodes: 0 };
  const pred = walk(filter, '', 1, w);
  if (w.issues.length || !pred) throw new QueryError(w.issues);
  return pred;
}

/** A validated sort key with its field resolved. */
export interface ResolvedSortKey {
  info: FieldInfo;
  desc: boolean;
}

function walkSort(
  sort: unknown,
  form: QueryForm,
  basePath: string,
): { keys: ResolvedSortKey[]; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const keys: ResolvedSortKey[] = [];
  if (!Array.isArray(sort)) {
    return {
      keys,
      issues: [{ path: basePath, code: 'invalidSort', message: 'sort is a list of { field, dir }' }],
    };
  }
  if (sort.length > MAX_SORT_KEYS) {
    return {
      keys,
      issues: [
        { path: basePath, code: 'tooManySortKeys', message: `sort by at most ${MAX_SORT_KEYS} fields` },
      ],
    };
  }
  const seen = new Set<string>();
  sort.forEach((key: unknown, i) => {
    const path = pointer(basePath, i);
    if (!isObject(key)) {
      issues.push({ path, code: 'invalidSort', message: 'a sort key is { field, dir }' });
      return;
    }
    extraKeys(key, ['field', 'dir'], path, issues);
    if (key.dir !== 'asc' && key.dir !== 'desc') {
      issues.push({
        path: pointer(path, 'dir'),
        code: 'invalidSort',
        message: 'dir must be "asc" or "desc"',
      });
    }
    const found = lookupField(form, key.field);
    if (!found.ok) {
      issues.push({ path: pointer(path, 'field'), code: found.code, message: found.message });
      return;
    }
    if (!found.info.sortable) {
      issues.push({
        path: pointer(path, 'field'),
        code: 'notSortable',
        message: `records cannot be sorted by field "${found.info.ref}" (${found.info.type})`,
      });
      return;
    }
    if (seen.has(found.info.ref)) {
      issues.push({
        path: pointer(path, 'field'),
        code: 'duplicateSortKey',
        message: `"${found.info.ref}" is sorted by twice`,
      });
      return;
    }
    seen.add(found.info.ref);
    keys.push({ info: found.info, desc: key.dir === 'desc' });
  });
  return { keys, issues };
}

/**
 * Checks a sort (a list of `{ field, dir }`): at most 8 keys, known and sortable fields, no field
 * twice. `id` may be listed; it is always appended as the final tie-breaker anyway.
 */
export function checkSort(sort: unknown, form: QueryForm, basePath = ''): ValidationIssue[] {
  return walkSort(sort, form, basePath).issues;
}

/** Validates and resolves a sort; throws `QueryError` when invalid. Internal to the executors. */
export function resolveSort(sort: readonly SortKey[] | unknown, form: QueryForm): ResolvedSortKey[] {
  const { keys, issues } = walkSort(sort, form, '');
  if (issues.length) throw new QueryError(issues);
  return keys;
}

// ---------------------------------------------------------------------------------------------
// Aggregates

export type MeasureOp = 'count' | 'distinctCount' | 'sum' | 'avg' | 'min' | 'max';
const MEASURE_OPS: ReadonlySet<string> = new Set<MeasureOp>([
  'count',
  'distinctCount',
  'sum',
  'avg',
  'min',
  'max',
]);
const BUCKETS: ReadonlySet<string> = new Set(['day', 'week', 'month', 'quarter', 'year']);
/** Most rows an aggregate returns when the query sets no limit. */
export const DEFAULT_AGGREGATE_LIMIT = 1000;

export interface ResolvedGroup {
  alias: string;
  info: FieldInfo;
  bucket: 'day' | 'week' | 'month' | 'quarter' | 'year' | null;
}
export interface ResolvedMeasure {
  alias: string;
  op: MeasureOp;
  info: FieldInfo | null;
  /** Only records matching it count (checked filter AST), or undefined. */
  filter?: unknown;
}
export interface ResolvedTop {
  /** Index of the group key in `groups`. */
  group: number;
  n: number;
  /** Index of the ranking measure in `measures`. */
  by: number;
  desc: boolean;
  others: boolean;
}
export interface ResolvedAggregate {
  groups: ResolvedGroup[];
  measures: ResolvedMeasure[];
  filter: unknown;
  sort: { alias: string; desc: boolean }[];
  limit: number;
  top: ResolvedTop | null;
  /** Each set as indexes into `groups`, or null for the plain GROUP BY of all keys. */
  groupingSets: number[][] | null;
}

function walkAggregate(query: unknown, form: QueryForm, basePath: string) {
  const issues: ValidationIssue[] = [];
  const out: ResolvedAggregate = {
    groups: [],
    measures: [],
    filter: undefined,
    sort: [],
    limit: DEFAULT_AGGREGATE_LIMIT,
    top: null,
    groupingSets: null,
  };
  if (!isObject(query)) {
    issues.push({
      path: basePath,
      code: 'invalidAggregate',
      message: 'an aggregate query is an object with "measures"',
    });
    return { out, issues };
  }
  extraKeys(
    query,
    ['groupBy', 'measures', 'filter', 'sort', 'limit', 'top', 'groupingSets'],
    basePath,
    issues,
  );
  const aliases = new Set<string>();
  const claim = (alias: unknown, path: string): alias is string => {
    if (typeof alias !== 'string' || !ALIAS_RE.test(alias)) {
      issues.push({
        path,
        code: 'invalidAlias',
        message: `alias ${show(alias)} must be a letter then letters, digits or _ (at most 63)`,
      });
      return false;
    }
    if (aliases.has(alias)) {
      issues.push({ path, code: 'duplicateAlias', message: `alias "${alias}" is used twice` });
      return false;
    }
    aliases.add(alias);
    return true;
  };

  const groupBy = query.groupBy ?? [];
  if (!Array.isArray(groupBy) || groupBy.length > 8) {
    issues.push({
      path: pointer(basePath, 'groupBy'),
      code: 'invalidAggregate',
      message: 'groupBy is a list of at most 8 keys',
    });
  } else {
    groupBy.forEach((g: unknown, i) => {
      const path = pointer(basePath, 'groupBy', i);
      if (!isObject(g)) {
        issues.push({ path, code: 'invalidAggregate', message: 'a group key is { field, bucket?, as? }' });
        return;
      }
      extraKeys(g, ['field', 'bucket', 'as'], path, issues);
      const found = lookupField(form, g.field);
      if (!found.ok) {
        issues.push({ path: pointer(path, 'field'), code: found.code, message: found.message });
        return;
      }
      const info = found.info;
      if (!info.sortable) {
        issues.push({
          path: pointer(path, 'field'),
          code: 'notGroupable',
          message: `records cannot be grouped by "${info.ref}" (${info.type})`,
        });
        return;
      }
      let bucket: ResolvedGroup['bucket'] = null;
      if (g.bucket !== undefined) {
        if (typeof g.bucket !== 'string' || !BUCKETS.has(g.bucket)) {
          issues.push({
            path: pointer(path, 'bucket'),
            code: 'invalidBucket',
            message: 'bucket is day, week, month, quarter or year',
          });
          return;
        }
        if (info.kind !== 'date' && info.kind !== 'timestamptz') {
          issues.push({
            path: pointer(path, 'bucket'),
            code: 'invalidBucket',
            message: `"${info.ref}" is not a date: it has no buckets`,
          });
          return;
        }
        bucket = g.bucket as ResolvedGroup['bucket'];
      }
      const alias = g.as ?? (bucket ? `${info.ref}_${bucket}` : info.ref);
      if (claim(alias, pointer(path, g.as === undefined ? 'field' : 'as')))
        out.groups.push({ alias, info, bucket });
    });
  }

  const measures = query.measures;
  if (!Array.isArray(measures) || measures.length === 0 || measures.length > 20) {
    issues.push({
      path: pointer(basePath, 'measures'),
      code: 'invalidAggregate',
      message: 'measures is a list of 1 to 20 measures',
    });
  } else {
    measures.forEach((m: unknown, i) => {
      const path = pointer(basePath, 'measures', i);
      if (!isObject(m)) {
        issues.push({ path, code: 'invalidMeasure', message: 'a measure is { op, field?, filter?, as }' });
        return;
      }
      extraKeys(m, ['op', 'field', 'filter', 'as'], path, issues);
      if (typeof m.op !== 'string' || !MEASURE_OPS.has(m.op)) {
        issues.push({
          path: pointer(path, 'op'),
          code: 'invalidMeasure',
          message: 'op is count, distinctCount, sum, avg, min or max',
        });
        return;
      }
      const op = m.op as MeasureOp;
      let info: FieldInfo | null = null;
      if (m.field === undefined) {
        if (op !== 'count') {
          issues.push({
            path: pointer(path, 'field'),
            code: 'invalidMeasure',
            message: `"${op}" needs a field`,
          });
          return;
        }
      } else {
        const found = lookupField(form, m.field);
        if (!found.ok) {
          issues.push({ path: pointer(path, 'field'), code: found.code, message: found.message });
          return;
        }
        info = found.info;
        const numeric = info.kind === 'numeric';
        const scalar = info.kind !== 'text[]' && info.kind !== 'jsonb' && info.kind !== 'address';
        if ((op === 'sum' || op === 'avg' || op === 'min' || op === 'max') && !numeric) {
          issues.push({
            path: pointer(path, 'field'),
            code: 'invalidMeasure',
            message: `"${op}" needs a numeric field; "${info.ref}" is ${info.type}`,
          });
          return;
        }
        if (op === 'distinctCount' && !scalar) {
          issues.push({
            path: pointer(path, 'field'),
            code: 'invalidMeasure',
            message: `"${info.ref}" (${info.type}) has no distinct values to count`,
          });
          return;
        }
      }
      if (m.filter !== undefined) {
        const found = checkFilter(m.filter, form, pointer(path, 'filter'));
        if (found.length) {
          issues.push(...found);
          return;
        }
      }
      if (claim(m.as, pointer(path, 'as')))
        out.measures.push({
          alias: m.as as string,
          op,
          info,
          ...(m.filter === undefined ? {} : { filter: m.filter }),
        });
    });
  }

  if (query.filter !== undefined) {
    issues.push(...checkFilter(query.filter, form, pointer(basePath, 'filter')));
    out.filter = query.filter;
  }

  const sort = query.sort ?? [];
  if (!Array.isArray(sort) || sort.length > 8) {
    issues.push({
      path: pointer(basePath, 'sort'),
      code: 'invalidAggregate',
      message: 'sort is a list of at most 8 { key, dir }',
    });
  } else {
    sort.forEach((s: unknown, i) => {
      const path = pointer(basePath, 'sort', i);
      if (!isObject(s) || (s.dir !== 'asc' && s.dir !== 'desc')) {
        issues.push({ path, code: 'invalidSort', message: 'a sort key is { key, dir: "asc" | "desc" }' });
        return;
      }
      extraKeys(s, ['key', 'dir'], path, issues);
      if (typeof s.key !== 'string' || !aliases.has(s.key)) {
        issues.push({
          path: pointer(path, 'key'),
          code: 'unknownAlias',
          message: `sort key ${show(s.key)} is not a group or measure alias`,
        });
        return;
      }
      out.sort.push({ alias: s.key, desc: s.dir === 'desc' });
    });
  }

  if (query.limit !== undefined) {
    if (
      typeof query.limit !== 'number' ||
      !Number.isInteger(query.limit) ||
      query.limit < 1 ||
      query.limit > 10000
    ) {
      issues.push({
        path: pointer(basePath, 'limit'),
        code: 'invalidLimit',
        message: 'limit is a whole number from 1 to 10000',
      });
    } else out.limit = query.limit;
  }
  checkTopAndSets(query, out, basePath, issues);
  return { out, issues };
}

/** `top` names a group key and a measure; `groupingSets` lists sets of group aliases. */
function checkTopAndSets(
  query: Record<string, unknown>,
  out: ResolvedAggregate,
  basePath: string,
  issues: ValidationIssue[],
) {
  const groupIndex = (alias: unknown) => out.groups.findIndex((g) => g.alias === alias);
  if (query.top !== undefined) {
    const path = pointer(basePath, 'top');
    const t = query.top;
    if (!isObject(t)) {
      issues.push({ path, code: 'invalidTop', message: 'top is { group, n, by, dir?, others? }' });
    } else {
      extraKeys(t, ['group', 'n', 'by', 'dir', 'others'], path, issues);
      const group = groupIndex(t.group);
      const by = out.measures.findIndex((m) => m.alias === t.by);
      const n = t.n;
      if (group < 0)
        issues.push({
          path: pointer(path, 'group'),
          code: 'unknownAlias',
          message: `top group ${show(t.group)} is not a group alias`,
        });
      else if (by < 0)
        issues.push({
          path: pointer(path, 'by'),
          code: 'unknownAlias',
          message: `top by ${show(t.by)} is not a measure alias`,
        });
      else if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100)
        issues.push({
          path: pointer(path, 'n'),
          code: 'invalidTop',
          message: 'n is a whole number from 1 to 100',
        });
      else if (t.dir !== undefined && t.dir !== 'asc' && t.dir !== 'desc')
        issues.push({ path: pointer(path, 'dir'), code: 'invalidTop', message: 'dir is "asc" or "desc"' });
      else if (t.others !== undefined && typeof t.others !== 'boolean')
        issues.push({
          path: pointer(path, 'others'),
          code: 'invalidTop',
          message: 'others is true or false',
        });
      else out.top = { group, n, by, desc: t.dir !== 'asc', others: t.others === true };
    }
  }
  if (query.groupingSets !== undefined) {
    const path = pointer(basePath, 'groupingSets');
    const sets = query.groupingSets;
    if (!Array.isArray(sets) || sets.length === 0 || sets.length > 16) {
      issues.push({
        path,
        code: 'invalidGroupingSets',
        message: 'groupingSets is a list of 1 to 16 lists of group aliases',
      });
      return;
    }
    if (query.top !== undefined) {
      issues.push({
        path,
        code: 'invalidGroupingSets',
        message: 'a query with grouping sets cannot keep a top N',
      });
      return;
    }
    const resolved: number[][] = [];
    sets.forEach((set: unknown, i) => {
      if (!Array.isArray(set) || set.length > 8) {
        issues.push({
          path: pointer(path, i),
          code: 'invalidGroupingSets',
          message: 'a grouping set lists group aliases',
        });
        return;
      }
      const indexes: number[] = [];
      set.forEach((alias: unknown, j) => {
        const k = groupIndex(alias);
        if (k < 0)
          issues.push({
            path: pointer(path, i, j),
            code: 'unknownAlias',
            message: `${show(alias)} is not a group alias`,
          });
        else if (!indexes.includes(k)) indexes.push(k);
      });
      resolved.push(indexes.sort((a, b) => a - b));
    });
    // SQL can only total (and show) a key that some set groups by.
    out.groups.forEach((g, i) => {
      if (!resolved.some((set) => set.includes(i)))
        issues.push({
          path,
          code: 'invalidGroupingSets',
          message: `group key "${g.alias}" is in no grouping set`,
        });
    });
    out.groupingSets = resolved;
  }
}

/**
 * Checks an aggregate query: group keys are known groupable fields, buckets only on date and
 * date-time fields, sum/avg/min/max only on numeric fields, aliases safe (`[A-Za-z][A-Za-z0-9_]*`)
 * and unique, sort keys name aliases, the filter passes `checkFilter`, limit 1..10000.
 */
export function checkAggregate(query: unknown, form: QueryForm, basePath = ''): ValidationIssue[] {
  return walkAggregate(query, form, basePath).issues;
}

/** Validates and resolves an aggregate query; throws `QueryError` when invalid. Internal. */
export function resolveAggregate(query: AggregateQuery | unknown, form: QueryForm): ResolvedAggregate {
  const { out, issues } = walkAggregate(query, form, '');
  if (issues.length) throw new QueryError(issues);
  return out;
}
