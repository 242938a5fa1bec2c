import type { AstNode } from '../src/index';

/** Strip spans so that ASTs from different texts compare by structure. */
export function shape(node: AstNode): unknown {
  switch (node.kind) {
    case 'unary':
      return { kind: node.kind, op: node.op, operand: shape(node.operand) };
    case 'binary':
      return { kind: node.kind, op: node.op, left: shape(node.left), right: shape(node.right) };
    case 'call':
      return { kind: node.kind, name: node.name, args: node.args.map(shape) };
    default: {
      const { start: _s, end: _e, ...rest } = node;
      return rest;
    }
  }
}
