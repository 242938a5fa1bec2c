import { randomBytes } from 'node:crypto';

/**
 * Physical names are generated, never taken from user input: a table is `r_` + 16 random base32
 * characters, a subform's table `<parent>_s_` + 6 more, a column `c_` + the field id in lower case
 * (field ids are unique per form ignoring case; see schema semantics) cut to 50 characters, with a
 * numeric suffix on the rare clash of two long ids.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function randomSuffix(length: number): string {
  let out = '';
  for (const byte of randomBytes(length)) out += ALPHABET[byte % 32];
  return out;
}

export const newTableName = (): string => `r_${randomSuffix(16)}`;
export const newChildTableName = (parent: string): string => `${parent}_s_${randomSuffix(6)}`;

export function newColumnName(fieldId: string, taken: ReadonlySet<string>): string {
  const base = `c_${fieldId.toLowerCase().slice(0, 50)}`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  return name;
}
