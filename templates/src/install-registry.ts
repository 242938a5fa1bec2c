import type { TemplatePackage } from './types';

/** The packages an installer offers, by key; an instance, so tests can build their own. */
export interface TemplateRegistry {
  list(): readonly TemplatePackage[];
  get(key: string): TemplatePackage | undefined;
}

/** A registry over `packages`; duplicate keys or unknown `requires` are programming errors. */
export function createTemplateRegistry(packages: readonly TemplatePackage[]): TemplateRegistry {
  const byKey = new Map<string, TemplatePackage>();
  for (const p of packages) {
    if (byKey.has(p.key)) throw new Error(`Template package "${p.key}" is registered twice`);
    byKey.set(p.key, p);
  }
  for (const p of packages) {
    for (const r of p.requires) {
      if (!byKey.has(r)) throw new Error(`Template package "${p.key}" requires unknown package "${r}"`);
    }
  }
  return { list: () => packages, get: (key) => byKey.get(key) };
}
