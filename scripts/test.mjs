#!/usr/bin/env node
// The one test command (`npm test` or `pnpm test`): installs what is missing, then unit tests, the
// API scenarios on PGlite and on the PostgreSQL server, then the browser end-to-end tests against
// the built web apps. Prints one closing line "N passed, M failed" summed over every phase.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { buildIfChanged, ensureInstalled, pnpm } from './toolchain.mjs';

if (ensureInstalled() !== 0) process.exit(1);

const ci = process.env.CI === 'true';
const outDir = 'test-artifacts';
mkdirSync(outDir, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function vitest(name, project, env = {}) {
  console.log(`\n=== ${name} ===`);
  const report = `${outDir}/vitest-${name.replace(/\W+/g, '-')}.json`;
  const status = pnpm(
    [
      'exec',
      'vitest',
      'run',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${report}`,
    ],
    env,
  );
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += json.numPassedTests ?? 0;
    totals.failed += json.numFailedTests ?? 0;
    totals.skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  }
  if (status !== 0) failures.push(name);
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

vitest('unit', 'unit');
vitest('api on PGlite', 'api', { TANGRAM_TEST_DB: 'pglite' });

const pgUrl = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
if (await reachable(pgUrl.hostname, Number(pgUrl.port || 5432))) {
  vitest('api on PostgreSQL', 'api', { TANGRAM_TEST_DB: 'postgres' });
} else if (ci) {
  console.error(`PostgreSQL is not reachable at ${pgUrl.host}; CI requires it.`);
  failures.push('api on PostgreSQL (server unreachable)');
} else {
  console.warn(`\n!!! PostgreSQL is not reachable at ${pgUrl.host}: the API tests ran on PGlite only.`);
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(chromium)) {
  console.log('\n=== build web apps ===');
  if (buildIfChanged() !== 0) failures.push('build');
  else vitest('browser end-to-end', 'e2e');
} else if (ci) {
  console.error(`${chromium} is missing; CI requires it (apt-get install -y chromium).`);
  failures.push('browser end-to-end (no chromium)');
} else {
  console.warn(`\n!!! ${chromium} not found: browser tests skipped (apt-get install -y chromium).`);
}

if (failures.length) console.error(`\nFailed phases: ${failures.join(', ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length ? 1 : 0);
