import type { ValidationIssue } from './errors.js';
import { LEGACY_OPEN_ACCESS } from './permission-defaults.js';

/** The definition format this code reads and writes. */
export const CURRENT_FORMAT_VERSION = 3;

/** One step of the upgrade chain: turns a definition of `from` into one of `from + 1`. Pure. */
export interface UpgradeStep {
  from: number;
  describe: string;
  up(definition: Record<string, unknown>): Record<string, unknown>;
}

/**
 * The ordered chain of upgrades, one per format version bump. A format change appends a step here
 * and bumps CURRENT_FORMAT_VERSION, and every stored definition, import and template is upgraded
 * on load.
 */
export const upgradeSteps: readonly UpgradeStep[] = [
  {
    from: 1,
    describe:
      'permissions: app-level access written as the legacy-open default (members keep every data action); the untyped app-level permissionGroups placeholder is dropped (it had no format and no effect; groups now live on each form)',
    up({ permissionGroups: _placeholder, ...definition }) {
      return { ...definition, access: definition.access ?? structuredClone(LEGACY_OPEN_ACCESS) };
    },
  },
  {
    from: 2,
    describe:
      'automations and aggregates get their own formats (automation.schema.json, aggregate.schema.json): entries of the untyped placeholders that are not in the new shape are dropped (they had no format and no effect)',
    up(definition) {
      const keep = (list: unknown, required: readonly string[]) =>
        Array.isArray(list)
          ? list.filter(
              (item) =>
                typeof item === 'object' && item !== null && required.every((k) => Object.hasOwn(item, k)),
            )
          : list;
      const out = { ...definition };
      if (out.automations !== undefined)
        out.automations = keep(out.automations, ['id', 'name', 'trigger', 'actions']);
      if (out.aggregates !== undefined)
        out.aggregates = keep(out.aggregates, ['id', 'name', 'keys', 'measures', 'sources']);
      return out;
    },
  },
];

export type UpgradeResult =
  | { ok: true; definition: Record<string, unknown>; upgradedFrom: number }
  | { ok: false; issues: ValidationIssue[] };

/**
 * Brings a raw definition up to `target` by applying each step in order. A definition newer than
 * this code is refused with a clear message instead of being half-understood.
 */
export function upgradeDefinition(
  raw: unknown,
  steps: readonly UpgradeStep[] = upgradeSteps,
  target = CURRENT_FORMAT_VERSION,
): UpgradeResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('', 'type', 'an app definition must be a JSON object');
  }
  const version = (raw as { formatVersion?: unknown }).formatVersion;
  if (!Number.isInteger(version) || (version as number) < 1) {
    return fail('/formatVersion', 'format_version', 'formatVersion must be a positive integer');
  }
  const from = version as number;
  if (from > target) {
    return fail(
      '/formatVersion',
      'format_too_new',
      `this definition uses format ${from}, but this Tangram reads formats up to ${target}; upgrade Tangram first`,
    );
  }
  let definition = structuredClone(raw) as Record<string, unknown>;
  for (let v = from; v < target; v++) {
    const step = steps.find((s) => s.from === v);
    if (!step) return fail('/formatVersion', 'format_unknown', `no upgrade from format ${v} to ${v + 1}`);
    definition = { ...step.up(definition), formatVersion: v + 1 };
  }
  return { ok: true, definition, upgradedFrom: from };
}

function fail(path: string, code: string, message: string): UpgradeResult {
  return { ok: false, issues: [{ path, code, message }] };
}
