/**
 * Dependency analysis: which fields a formula reads, and in which order a form's formula fields
 * must be recomputed.
 */
import { functionMap } from './functions/catalogue';
import { paramAt } from './functions/types';
import { parse } from './parser';
import type { AstNode, FormulaErrorValue } from './types';

function walk(node: AstNode, visit: (field: Extract<AstNode, { kind: 'field' }>) => void): void {
  switch (node.kind) {
    case 'field':
      visit(node);
      return;
    case 'unary':
      walk(node.operand, visit);
      return;
    case 'binary':
      walk(node.left, visit);
      walk(node.right, visit);
      return;
    case 'call': {
      const decl = functionMap.get(node.name);
      node.args.forEach((arg, i) => {
        // MAPX's target fields belong to another form: they are not dependencies of this record.
        if (decl && paramAt(decl, i, node.args.length)?.type === 'fieldref') return;
        walk(arg, visit);
      });
      return;
    }
    default:
      return;
  }
}

/**
 * Field ids the formula reads, in order of first appearance, without duplicates. A subform column
 * `{sub.col}` is reported as the subform field `sub`: the value lives in the subform, so the
 * formula must be recomputed whenever the subform changes (rows added, removed or edited).
 * Use `columnDependencies` for the `sub.col` detail.
 */
export function dependencies(ast: AstNode): string[] {
  const out = new Set<string>();
  walk(ast, (f) => out.add(f.id));
  return [...out];
}

/** Like `dependencies` but keeps subform columns as `sub.col`. */
export function columnDependencies(ast: AstNode): string[] {
  const out = new Set<string>();
  walk(ast, (f) => out.add(f.column === undefined ? f.id : `${f.id}.${f.column}`));
  return [...out];
}

export interface FormulaFieldSpec {
  id: string;
  /** Formula text or parsed AST; fields without a formula are inputs. */
  formula?: string | AstNode | null;
}

export interface CycleError {
  /** The closed path of the cycle, first id repeated at the end: `['a', 'b', 'a']`. */
  cycle: string[];
  error: FormulaErrorValue;
}

/**
 * A recompute order for the formula fields: every formula field comes after the formula fields it
 * reads (inputs are not listed). Deterministic: ties keep the given order. A cycle (including a
 * formula that reads itself) is returned as `{ cycle }` so that it can be rejected when the form
 * is saved. Formulas that do not parse are ordered as if they read nothing.
 */
export function recomputeOrder(fields: readonly FormulaFieldSpec[]): string[] | CycleError {
  const deps = new Map<string, string[]>();
  for (const f of fields) {
    if (f.formula === undefined || f.formula === null || f.formula === '') continue;
    const ast = typeof f.formula === 'string' ? parse(f.formula).ast : f.formula;
    deps.set(f.id, ast ? dependencies(ast) : []);
  }
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  // Iterative DFS (a long chain of formulas must not overflow the stack).
  for (const root of deps.keys()) {
    if (state.has(root)) continue;
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 'visiting');
    path.push(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; next: number };
      const children = deps.get(top.id) ?? [];
      if (top.next < children.length) {
        const child = children[top.next++] as string;
        if (!deps.has(child)) continue;
        const s = state.get(child);
        if (s === 'done') continue;
        if (s === 'visiting') {
          const cycle = [...path.slice(path.indexOf(child)), child];
          return {
            cycle,
            error: {
              code: '#CYCLE',
              message: `Formulas refer to each other in a loop: ${cycle.join(' -> ')}`,
            },
          };
        }
        state.set(child, 'visiting');
        path.push(child);
        stack.push({ id: child, next: 0 });
      } else {
        stack.pop();
        path.pop();
        state.set(top.id, 'done');
        order.push(top.id);
      }
    }
  }
  return order;
}
