import { validateAppDefinition } from '@tangram/schema';
import { describe, expect, it } from 'vitest';
import {
  assignAppIds,
  createTemplateRegistry,
  installOrder,
  rewriteDefinition,
  templatePackages,
  type InstallIds,
} from '../src/index';

/**
 * The built-in registry as the installer uses it: every listed package installs in a valid order,
 * and each app still validates after the installer rewrote its role keys and app ids (as it would
 * be in an org where every preferred app id is taken).
 */
describe('the built-in template registry', () => {
  const registry = createTemplateRegistry(templatePackages);

  it('lists packages whose requirements resolve', () => {
    for (const pkg of templatePackages.filter((p) => p.listed)) {
      const order = installOrder(registry, pkg.key, new Set());
      expect(order.at(-1)).toBe(pkg.key);
    }
  });

  it('rewrites every app to valid definitions with remapped ids', () => {
    for (const pkg of templatePackages.filter((p) => p.listed)) {
      const order = installOrder(registry, pkg.key, new Set()).map((k) => registry.get(k)!);
      let n = 0;
      const ids: InstallIds = { apps: {}, roles: {} };
      for (const p of order) {
        Object.assign(
          ids.apps,
          assignAppIds(
            p.apps.map((a) => a.id),
            () => false,
            () => `x${++n}`,
          ),
        );
        for (const r of p.roles) ids.roles[r.key] = `rol_${r.key}`;
        Object.assign(ids.apps, Object.fromEntries(p.apps.map((a) => [a.id, `app_remapped_${a.id}`])));
      }
      for (const p of order) {
        for (const app of p.apps) {
          const out = rewriteDefinition(app, ids);
          const result = validateAppDefinition(out);
          expect(
            result.ok,
            `${p.key}/${app.id}: ${JSON.stringify(!result.ok && result.issues.slice(0, 3))}`,
          ).toBe(true);
          expect(JSON.stringify(out)).not.toMatch(/"tpl_[a-z_]+"/);
        }
      }
    }
  });
});
