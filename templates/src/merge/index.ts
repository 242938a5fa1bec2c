import type { AppDefinition } from '@tangram/schema';
import { mergeDefinitions, type MergeChoice, type MergeResult } from './three-way';

export {
  mergeDefinitions,
  jsonEqual,
  type MergeChoice,
  type MergeConflict,
  type MergeResult,
} from './three-way';

/**
 * Three-way merge of an installed app: `base` the template version it was installed from, `theirs`
 * the new template version (both already rewritten to this org's ids), `ours` the admin's app.
 * The stored `version` counter is the app's own and never merged; the id never changes.
 */
export function mergeApp(
  base: AppDefinition,
  ours: AppDefinition,
  theirs: AppDefinition,
  choices: Readonly<Record<string, MergeChoice>> = {},
): MergeResult<AppDefinition> {
  const strip = ({ version: _v, ...rest }: AppDefinition) => rest as AppDefinition;
  const result = mergeDefinitions(strip(base), strip(ours), strip(theirs), choices);
  const merged = { ...result.merged, id: ours.id } as AppDefinition;
  if (ours.version !== undefined) merged.version = ours.version;
  return { merged, conflicts: result.conflicts };
}
