/**
 * Pretty-printer: AST -> canonical formula text. `parse(print(ast)).ast` equals `ast` except for
 * source spans. Parentheses are emitted only where precedence or associativity needs them.
 */
import { BINARY_PRECEDENCE, UNARY_PRECEDENCE } from './parser';
import type { AstNode } from './types';

const ATOM = 100;

function precedence(node: AstNode): number {
  if (node.kind === 'binary') return BINARY_PRECEDENCE[node.op];
  if (node.kind === 'unary') return UNARY_PRECEDENCE;
  return ATOM;
}

export function quoteText(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

/** Print an AST back to formula text (function names upper-case, single spaces around operators). */
export function print(node: AstNode): string {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'string':
      return quoteText(node.value);
    case 'boolean':
      return node.value ? 'TRUE' : 'FALSE';
    case 'field':
      return node.column === undefined ? `{${node.id}}` : `{${node.id}.${node.column}}`;
    case 'call':
      return `${node.name}(${node.args.map(print).join(', ')})`;
    case 'unary': {
      const inner = print(node.operand);
      return precedence(node.operand) < UNARY_PRECEDENCE ? `${node.op}(${inner})` : `${node.op}${inner}`;
    }
    case 'binary': {
      const prec = BINARY_PRECEDENCE[node.op];
      const l = print(node.left);
      const r = print(node.right);
      // Left-associative: the left side needs parens only when it binds looser, the right side
      // also when it binds equally (a - (b - c)).
      const left = precedence(node.left) < prec ? `(${l})` : l;
      const right = precedence(node.right) <= prec ? `(${r})` : r;
      return `${left} ${node.op} ${right}`;
    }
  }
}
