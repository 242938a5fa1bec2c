import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, functions, parse, print } from '../src/index';
import type { AstNode, BinaryOp } from '../src/index';
import { context } from './fixtures';
import { shape } from './ast-shape';

const span = { start: 0, end: 0 };
const OPS: BinaryOp[] = ['+', '-', '*', '/', '^', '&', '=', '<>', '<', '>', '<=', '>='];
const FIELDS = ['n', 'neg', 'e', 't', 's', 'd', 'dt', 'b', 'm', 'ms', 'tags', 'missing'];

/** Random ASTs over every node kind, the fixture fields and real function names (any arity). */
const astArb: fc.Arbitrary<AstNode> = fc.letrec<{ node: AstNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1e6, noNaN: true }))
      .map((n): AstNode => ({
        kind: 'number',
        value: n < 1e-9 ? '0' : String(Number(n.toPrecision(12))).replace('+', ''),
        ...span,
      })),
    fc.string({ maxLength: 8 }).map((value): AstNode => ({ kind: 'string', value, ...span })),
    fc.boolean().map((value): AstNode => ({ kind: 'boolean', value, ...span })),
    fc.constantFrom(...FIELDS).map((id): AstNode => ({ kind: 'field', id, ...span })),
    fc.constantFrom('q', 'p', 'k').map((column): AstNode => ({ kind: 'field', id: 'sub', column, ...span })),
    fc
      .tuple(fc.constantFrom<'-' | '+'>('-', '+'), tie('node'))
      .map(([op, operand]): AstNode => ({ kind: 'unary', op, operand, ...span })),
    fc
      .tuple(fc.constantFrom(...OPS), tie('node'), tie('node'))
      .map(([op, left, right]): AstNode => ({ kind: 'binary', op, left, right, ...span })),
    fc
      .tuple(fc.constantFrom(...functions.map((f) => f.name)), fc.array(tie('node'), { maxLength: 4 }))
      .map(([name, args]): AstNode => ({ kind: 'call', name, args, ...span })),
  ),
})).node;

describe('properties', () => {
  it('parse never throws on any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = parse(text);
        expect(r.ast === null).toBe(r.errors.length > 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('parse never throws on formula-like strings', () => {
    const piece = fc.constantFrom(
      '(',
      ')',
      ',',
      '"',
      '{a}',
      '{s.q}',
      'SUM',
      'IF',
      '1',
      '2.5',
      '+',
      '-',
      '*',
      '^',
      '&',
      '<>',
      '=',
      ' ',
      'TRUE',
      '\\',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const r = parse(pieces.join(''));
        for (const e of r.errors) {
          expect(e.start).toBeGreaterThanOrEqual(0);
          expect(e.end).toBeGreaterThanOrEqual(e.start);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('print then parse gives the same AST', () => {
    fc.assert(
      fc.property(astArb, (ast) => {
        const text = print(ast);
        const back = parse(text);
        expect(back.errors).toEqual([]);
        expect(shape(back.ast!)).toEqual(shape(ast));
      }),
      { numRuns: 1000 },
    );
  });

  it('evaluate of random ASTs returns a value or an error value, within the limits', () => {
    fc.assert(
      fc.property(astArb, (ast) => {
        const started = Date.now();
        const r = evaluate(ast, { ...context, maxSteps: 100_000 });
        expect(Date.now() - started).toBeLessThan(2_000);
        if (r.error) {
          expect(r.value).toBeNull();
          expect(r.error.code).toMatch(/^#/);
          expect(typeof r.error.message).toBe('string');
        } else {
          expect(r.value === null || ['number', 'string', 'boolean', 'object'].includes(typeof r.value)).toBe(
            true,
          );
          if (typeof r.value === 'number') expect(Number.isFinite(r.value)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('arithmetic is exact: sums of 2-decimal amounts equal integer cents', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { minLength: 1, maxLength: 20 }),
        (cents) => {
          const text = cents.map((c) => `(${(c / 100).toFixed(2)})`).join(' + ');
          const total = cents.reduce((a, b) => a + b, 0);
          expect(evaluate(text).exact).toBe(total === 0 ? '0' : (total / 100).toString());
        },
      ),
    );
  });
});
