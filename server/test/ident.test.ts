import { describe, expect, it } from 'vitest';
import { quoteIdent } from '../src/db/sql/ident';

describe('quoteIdent', () => {
  it('quotes valid names, lower-cased', () => {
    expect(quoteIdent('f_amount')).toBe('"f_amount"');
    expect(quoteIdent('_x9')).toBe('"_x9"');
    expect(quoteIdent('Records')).toBe('"records"');
    expect(quoteIdent('a'.repeat(63))).toBe(`"${'a'.repeat(63)}"`);
  });

  it.each([
    '',
    '9abc',
    'a-b',
    'a b',
    'a"; DROP TABLE users; --',
    'a"b',
    'ä',
    'a'.repeat(64),
    'name\u0000',
    'tab\t',
    'ｆ＿ａ＂',
  ])('rejects %j', (name) => {
    expect(() => quoteIdent(name)).toThrow(/invalid SQL identifier/);
  });

  it('normalises full-width letters before checking', () => {
    expect(quoteIdent('ｆ_ａ')).toBe('"f_a"');
  });
});
