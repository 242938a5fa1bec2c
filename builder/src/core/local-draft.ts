/**
 * Unsaved designer work kept in the browser, so a reload or a crashed tab does not lose it. One
 * draft per designer page (its path names the app and what is designed), holding the whole app
 * (the document every designer edits) and the server version it was based on. A draft based on
 * another version is stale: the app changed on the server since, so restoring it would silently
 * undo someone's save; it is dropped instead of offered. Pure apart from the Storage passed in.
 */
import type { AppDefinition } from '@tangram/schema';

export interface LocalDraft {
  appId: string;
  baseVersion: number;
  /** When the draft was written (ms since the epoch), shown in the restore offer. */
  savedAt: number;
  app: AppDefinition;
}

/** The part of Web Storage drafts need (localStorage in the browser, a Map in tests). */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const PREFIX = 'tangram:draft:';
/** Larger drafts are not kept: localStorage holds about 5 MB per origin, shared with other data. */
export const MAX_DRAFT_CHARS = 2_000_000;

export const draftKey = (page: string) => `${PREFIX}${page}`;

/** Stores the draft; false when it is too large or storage refuses it (quota, private mode). */
export function writeDraft(storage: DraftStorage, key: string, draft: LocalDraft): boolean {
  const text = JSON.stringify(draft);
  if (text.length > MAX_DRAFT_CHARS) {
    storage.removeItem(key);
    return false;
  }
  try {
    storage.setItem(key, text);
    return true;
  } catch {
    return false;
  }
}

export function clearDraft(storage: DraftStorage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // Storage unavailable: there is nothing to clear.
  }
}

const isDraft = (v: unknown): v is LocalDraft => {
  const d = v as Partial<LocalDraft> | null;
  return (
    !!d &&
    typeof d.appId === 'string' &&
    typeof d.baseVersion === 'number' &&
    typeof d.savedAt === 'number' &&
    !!d.app &&
    typeof d.app === 'object'
  );
};

/**
 * The draft worth offering for `current` (the app as loaded at `version`): one for the same app
 * and base version whose content differs from what was loaded. Stale, unreadable or identical
 * drafts are removed and undefined is answered.
 */
export function draftToOffer(
  storage: DraftStorage,
  key: string,
  current: AppDefinition,
  version: number,
): LocalDraft | undefined {
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    return undefined;
  }
  if (raw === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = null;
  }
  if (
    !isDraft(parsed) ||
    parsed.appId !== current.id ||
    parsed.baseVersion !== version ||
    JSON.stringify(parsed.app) === JSON.stringify(current)
  ) {
    clearDraft(storage, key);
    return undefined;
  }
  return parsed;
}
