/**
 * Crash trials, short tier (decision 0049): the real server on this run's database (PGlite data
 * folder, or a fresh PostgreSQL database with TANGRAM_TEST_DB=postgres) killed with SIGKILL at a
 * random failpoint in each trial, restarted by its supervisor; every unacknowledged request is
 * retried with its Idempotency-Key and the invariants are checked after each trial and, in SQL, at
 * the end. The long tier (`pnpm trials`, 500 trials) uses the same driver: tests/trials/.
 * `CRASH_TRIALS` sets the number of trials, `TRIAL_SEED` repeats a run, `TRIAL_POINTS` (a comma
 * list) arms only those points.
 */
import { describe, expect, it } from 'vitest';
import { runTrials } from '../trials/crash-driver';

const db = process.env.TANGRAM_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
// Six in CI keeps the tier near a minute per database; the long tier runs 500.
const trials = Number(process.env.CRASH_TRIALS ?? 6);
const seed = Number(process.env.TRIAL_SEED ?? Date.now() % 1_000_000);
const points = process.env.TRIAL_POINTS?.split(',');

describe('crash trials', () => {
  it(`${trials} trials of kill -9 at a failpoint: nothing acknowledged lost, nothing twice`, async () => {
    const lines: string[] = [];
    const report = await runTrials({ db, trials, seed, points, log: (line) => lines.push(line) });
    const summary = JSON.stringify({ ...report, violations: report.violations.length });
    expect(report.violations, `${summary}\n${lines.join('\n')}`).toEqual([]);
    expect(report.trials).toBe(trials);
    // The arming is random; most trials must actually crash, or the trial proves little.
    expect(report.crashes, summary).toBeGreaterThanOrEqual(Math.ceil(trials / 3));
    console.log(`crash trials on ${db}: ${summary}`);
  }, 600_000);
});
