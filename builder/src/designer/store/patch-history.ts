/**
 * Undo/redo over patches, shared by every designer store (form, workflow): a change becomes one
 * history entry (consecutive changes with the same coalesce key merge, as typing in one input),
 * undo applies an entry's inverse, redo its forward patches. Pure: the stores keep the state.
 */
import type { AppDefinition } from '@tangram/schema';
import { applyPatches, diff, type Patch } from './patches';

export interface HistoryEntry<L extends string = string> {
  id: number;
  label: L;
  forward: Patch[];
  inverse: Patch[];
  /** Consecutive commands with the same key (typing in one input) merge into one step. */
  coalesceKey?: string;
  at: number;
}

const COALESCE_MS = 1500;
const HISTORY_LIMIT = 200;

/** The id of the newest entry (0 for none): compared with the saved entry to know if dirty. */
export const topId = (past: readonly HistoryEntry[]) => past[past.length - 1]?.id ?? 0;

/**
 * The history after the document changed from `before` to `after` through one command. A change
 * with the coalesce key of the newest entry, soon after it and not across a save, merges into it
 * (one step from before its first keystroke); otherwise a new entry gets `nextId()`. Null when
 * the command changed nothing.
 */
export function recordChange<L extends string>(
  past: readonly HistoryEntry<L>[],
  savedEntry: number,
  change: { before: AppDefinition; after: AppDefinition; label: L; coalesceKey?: string; at: number },
  nextId: () => number,
): HistoryEntry<L>[] | null {
  const { before, after, label, coalesceKey, at } = change;
  const last = past[past.length - 1];
  if (
    coalesceKey &&
    last?.coalesceKey === coalesceKey &&
    at - last.at < COALESCE_MS &&
    last.id !== savedEntry
  ) {
    const merged = diff(applyPatches(before, last.inverse), after);
    return [...past.slice(0, -1), { ...last, forward: merged.forward, inverse: merged.inverse, at }];
  }
  const { forward, inverse } = diff(before, after);
  if (!forward.length) return null;
  return [...past, { id: nextId(), label, forward, inverse, coalesceKey, at }].slice(-HISTORY_LIMIT);
}

export interface HistoryStep<L extends string> {
  app: AppDefinition;
  past: HistoryEntry<L>[];
  future: HistoryEntry<L>[];
}

/** One step back, or null when there is nothing to undo. */
export function undoStep<L extends string>(
  app: AppDefinition,
  past: readonly HistoryEntry<L>[],
  future: readonly HistoryEntry<L>[],
): HistoryStep<L> | null {
  const entry = past[past.length - 1];
  if (!entry) return null;
  return { app: applyPatches(app, entry.inverse), past: past.slice(0, -1), future: [entry, ...future] };
}

/** One step forward, or null when there is nothing to redo. A redone step never merges again. */
export function redoStep<L extends string>(
  app: AppDefinition,
  past: readonly HistoryEntry<L>[],
  future: readonly HistoryEntry<L>[],
): HistoryStep<L> | null {
  const entry = future[0];
  if (!entry) return null;
  return {
    app: applyPatches(app, entry.forward),
    past: [...past, { ...entry, coalesceKey: undefined }],
    future: future.slice(1),
  };
}
