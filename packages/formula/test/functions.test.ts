import { describe, expect, it } from 'vitest';
import { evaluate, functions } from '../src/index';
import { context } from './fixtures';
import { functionCases } from './function-cases';
import type { Expected } from './function-cases';

const isExpectedError = (e: unknown): e is Expected =>
  typeof e === 'object' && e !== null && !Array.isArray(e) && 'error' in e;

describe('function catalogue', () => {
  it('has at least 4 test cases for every function', () => {
    const missing = functions.filter((f) => (functionCases[f.name]?.length ?? 0) < 4).map((f) => f.name);
    expect(missing).toEqual([]);
  });

  it('has no cases for functions that do not exist', () => {
    const names = new Set(functions.map((f) => f.name));
    expect(Object.keys(functionCases).filter((n) => !names.has(n))).toEqual([]);
  });

  it('declares every function completely', () => {
    for (const f of functions) {
      expect(f.name).toMatch(/^[A-Z][A-Z0-9]*$/);
      expect(['math', 'text', 'logic', 'date', 'other']).toContain(f.category);
      expect(f.description['zh-CN'].length).toBeGreaterThan(0);
      expect(f.description.en.length).toBeGreaterThan(0);
      expect(f.example).toContain(f.name);
      expect(Boolean(f.impl) !== Boolean(f.lazy)).toBe(true);
    }
    expect(new Set(functions.map((f) => f.name)).size).toBe(functions.length);
  });

  it('marks NOW, TODAY and UUID volatile', () => {
    const volatile = functions.filter((f) => f.volatile).map((f) => f.name);
    expect(volatile).toEqual(expect.arrayContaining(['NOW', 'TODAY', 'UUID']));
  });
});

for (const [name, cases] of Object.entries(functionCases)) {
  describe(name, () => {
    it.each(cases.map(([formula, expected]) => ({ formula, expected })))(
      '$formula',
      ({ formula, expected }) => {
        const result = evaluate(formula, context);
        if (isExpectedError(expected)) {
          expect(result.error?.code, JSON.stringify(result)).toBe(expected.error);
          expect(result.value).toBeNull();
        } else {
          expect(result.error, JSON.stringify(result.error)).toBeUndefined();
          expect(result.value).toEqual(expected);
        }
      },
    );
  });
}
