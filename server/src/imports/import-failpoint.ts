/**
 * Crash points for the import resume tests, the same pattern as automations/failpoint.ts
 * (decision 0029): `TANGRAM_FAILPOINT` names a point, the process SIGKILLs itself there;
 * with `TANGRAM_FAILPOINT_DIR` each point fires once (a marker file), so the restarted process
 * gets past it. Unset in production.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export type ImportFailpoint = 'import.before_checkpoint' | 'import.after_batch';

export function importFailpoint(name: ImportFailpoint): void {
  const points = process.env.TANGRAM_FAILPOINT;
  if (!points || !points.split(',').includes(name)) return;
  const dir = process.env.TANGRAM_FAILPOINT_DIR;
  if (dir) {
    try {
      writeFileSync(path.join(dir, name), String(process.pid), { flag: 'wx' });
    } catch {
      return;
    }
  }
  process.kill(process.pid, 'SIGKILL');
}
