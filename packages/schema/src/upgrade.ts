import type { ValidationIssue } from './errors.js';

/** The definition format this code reads and writes. */
export const CURRENT_FORMAT_VERSION = 1;

/** One step of the upgrade chain: turns a definition of `from` into one of `from + 1`. Pure. */
export interface UpgradeStep {
  from: number;
  describe: string;
  up(definition: Record<string, unknown>): Record<string, unknown>;
}

/**
 * The ordered chain of upgrades, one per format version bump. Version 1 is the first published
 * format, so the chain is empty today; a format change appends a step here and bumps
 * CURRENT_FORMAT_VERSION, and every stored definition, import and template is upgraded on load.
 */
export const upgradeSteps: readonly UpgradeStep[] = [];

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
