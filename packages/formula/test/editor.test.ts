import { describe, expect, it } from 'vitest';
import { completions, diagnostics } from '../src/index';
import type { EditorField } from '../src/index';

const fields: EditorField[] = [
  { id: 'f_amount', label: '金额', type: 'number' },
  { id: 'f_sign', label: '签约日期', type: 'date' },
  { id: 'f_name', label: 'Customer name', type: 'text' },
];

describe('completions', () => {
  it('completes functions by prefix and inserts the call', () => {
    const items = completions('1 + ro', 6, fields);
    expect(items.filter((i) => i.kind === 'function').map((i) => i.label)).toEqual([
      'ROUND',
      'ROUNDUP',
      'ROUNDDOWN',
    ]);
    expect(items[0]).toMatchObject({
      insertText: 'ROUND(',
      replaceStart: 4,
      replaceEnd: 6,
      detail: 'ROUND(number, [digits])',
    });
    expect(items[0]?.documentation?.['zh-CN']).toBeTruthy();
  });

  it('completes field labels inside braces and inserts the label-form reference', () => {
    const items = completions('SUM({金', 6, fields);
    expect(items).toEqual([
      {
        kind: 'field',
        label: '金额',
        insertText: '{金额}',
        replaceStart: 4,
        replaceEnd: 6,
        detail: 'number',
      },
    ]);
    expect(completions('{cust}', 5, fields)[0]).toMatchObject({
      insertText: '{Customer name}',
      replaceStart: 0,
      replaceEnd: 6,
    });
  });

  it('completes fields by typed label outside braces', () => {
    expect(completions('签约', 2, fields).map((i) => i.insertText)).toEqual(['{签约日期}']);
  });

  it('offers everything at an empty position and nothing inside text', () => {
    expect(completions('', 0, fields).length).toBeGreaterThan(70);
    expect(completions('"ro', 3, fields)).toEqual([]);
  });
});

describe('diagnostics', () => {
  it('returns syntax errors, then type errors with labels', () => {
    expect(diagnostics('1 +', fields)[0]).toMatchObject({ start: 3, code: '#SYNTAX' });
    expect(diagnostics('SUM({f_sign})', fields)).toEqual([
      {
        message: 'SUM argument 1 (number) needs numbers, not a date',
        start: 4,
        end: 12,
        code: '#VALUE!',
        key: 'argument',
        params: { fn: 'SUM', n: 1, param: 'number', problem: 'numbers', actual: 'date' },
      },
    ]);
    expect(diagnostics('{nope} + 1', fields)[0]?.message).toBe('Unknown field {nope}');
    expect(diagnostics('YEAR({f_amount})', fields)[0]?.message).toMatch(/number/);
    expect(diagnostics('ROUND({f_amount}, 2)', fields)).toEqual([]);
  });
});
