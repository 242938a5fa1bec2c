import { describe, expect, it } from 'vitest';
import { templatePackages } from '../src/index';

/**
 * The definitions as data: the kit's builders (fields, permission groups, navigation, line
 * subforms) are shorthand only, so refactoring a package must leave this output unchanged. A
 * deliberate change of a template updates the snapshot (`vitest -u`) together with its version.
 */
/** Object keys sorted: key order is no part of a definition (decision 0043). */
const canonical = (_key: string, v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v;

describe('template definitions', () => {
  for (const pkg of templatePackages)
    it(`${pkg.key} ${pkg.version} is unchanged`, async () => {
      const { sample: _sample, ...data } = pkg;
      await expect(JSON.stringify(data, canonical, 1)).toMatchFileSnapshot(`./__snapshots__/${pkg.key}.json`);
    });
});
