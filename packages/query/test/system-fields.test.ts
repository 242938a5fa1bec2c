import { describe, expect, it } from 'vitest';
import { SYSTEM_FIELD_NAMES } from '@tangram/schema';
import { SYSTEM_FIELDS } from '../src/index.js';

describe('system fields', () => {
  it('gives every system field the definition checks accept a kind and operators', () => {
    expect(Object.keys(SYSTEM_FIELDS).sort()).toEqual([...SYSTEM_FIELD_NAMES].sort());
  });
});
