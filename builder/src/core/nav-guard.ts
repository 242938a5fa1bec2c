/**
 * A page with unsaved work (the form designer) registers a guard; in-app navigation asks it before
 * leaving. The guard resolves true to proceed. One guard at a time: the page that is showing.
 */
type Guard = () => Promise<boolean>;

let current: Guard | null = null;

export function setNavigationGuard(guard: Guard | null): void {
  current = guard;
}

/** Runs `go` unless the current page's guard says to stay. */
export async function guardedNavigate(go: () => void): Promise<void> {
  if (current && !(await current())) return;
  go();
}
