/**
 * Crash points for the exactly-once tests (decision 0029): when `TANGRAM_FAILPOINT` (a comma list)
 * names a point, the process kills itself there with SIGKILL, as `kill -9` would, so a test can
 * prove that a crash right before or after an action's commit neither loses nor repeats its
 * effect. With `TANGRAM_FAILPOINT_DIR`, each point fires once: a marker file is created before the
 * kill, so the restarted process (same environment) gets past it. Unset in production; read on
 * every call, which costs one environment lookup.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export type FailpointName = 'automation.before_effect' | 'automation.after_effect';

export function failpoint(name: FailpointName): void {
  const points = process.env.TANGRAM_FAILPOINT;
  if (!points || !points.split(',').includes(name)) return;
  const dir = process.env.TANGRAM_FAILPOINT_DIR;
  if (dir) {
    try {
      writeFileSync(path.join(dir, name), String(process.pid), { flag: 'wx' });
    } catch {
      return; // fired before: the marker exists
    }
  }
  process.kill(process.pid, 'SIGKILL');
}
