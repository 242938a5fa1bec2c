/** What the auto refresh needs from the page: whether it is visible, and a visibility event. */
export interface VisibilitySource {
  readonly visibilityState: string;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

export interface AutoRefreshOptions {
  seconds: number;
  tick(): void;
  page: VisibilitySource;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Calls `tick` every `seconds` while the page is visible. A hidden tab is not refreshed (no
 * load on the server for nobody); when it becomes visible again after the interval has passed,
 * it refreshes at once, else it waits for the rest of the interval. Returns a stop function.
 * React-free so the schedule is tested with a fake clock.
 */
export function startAutoRefresh(options: AutoRefreshOptions): () => void {
  const { seconds, tick, page } = options;
  const now = options.now ?? (() => Date.now());
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const interval = Math.max(1, seconds) * 1000;
  let last = now();
  let timer: unknown = null;
  const stopTimer = () => {
    if (timer !== null) clearTimer(timer);
    timer = null;
  };
  const schedule = (ms: number) => {
    stopTimer();
    timer = setTimer(fire, ms);
  };
  function fire() {
    timer = null;
    if (page.visibilityState === 'hidden') return;
    last = now();
    tick();
    schedule(interval);
  }
  const onVisibility = () => {
    if (page.visibilityState === 'hidden') return stopTimer();
    const due = last + interval - now();
    if (due <= 0) fire();
    else schedule(due);
  };
  page.addEventListener('visibilitychange', onVisibility);
  if (page.visibilityState !== 'hidden') schedule(interval);
  return () => {
    stopTimer();
    page.removeEventListener('visibilitychange', onVisibility);
  };
}

/** "30 s", "5 min", "2 h" parts of an interval: the largest whole unit. */
export function intervalParts(seconds: number): { n: number; unit: 'seconds' | 'minutes' | 'hours' } {
  if (seconds % 3600 === 0) return { n: seconds / 3600, unit: 'hours' };
  if (seconds % 60 === 0) return { n: seconds / 60, unit: 'minutes' };
  return { n: seconds, unit: 'seconds' };
}
