#!/usr/bin/env node
// The one test command (`npm test` or `pnpm test`): installs what is missing, then unit tests, the
// API scenarios on PGlite and on the PostgreSQL server, then the browser end-to-end tests against
// the built web apps. Prints one closing line "N passed, M failed" summed over every phase.
// The API run on PostgreSQL goes in the background beside the PGlite run and the web build (its
// log is printed when it ends): each is mostly one busy process, so on two cores the pair takes
// little more than the longer one (docs/decisions/0059-ci-time.md). TANGRAM_TEST_SERIAL=1 runs the
// phases one after another. The browser tests always run alone.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { buildIfChanged, ensureInstalled, pnpm, pnpmInBackground } from './toolchain.mjs';

if (ensureInstalled() !== 0) process.exit(1);

const ci = process.env.CI === 'true';
const outDir = 'test-artifacts';
mkdirSync(outDir, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

const reportOf = (name) => `${outDir}/vitest-${name.replace(/\W+/g, '-')}.json`;
const vitestArgs = (name, project) => [
  'exec',
  'vitest',
  'run',
  '--project',
  project,
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${reportOf(name)}`,
];

function vitest(name, project, env = {}) {
  console.log(`\n=== ${name} ===`);
  count(name, pnpm(vitestArgs(name, project), env));
}

/** Starts a phase in the background; the promise prints its log and counts it once it has ended. */
function vitestInBackground(name, project, env = {}) {
  const log = `${outDir}/${name.replace(/\W+/g, '-')}.log`;
  console.log(`\n=== ${name}: started in the background, log printed when it ends (${log}) ===`);
  return pnpmInBackground(vitestArgs(name, project), env, log).then((status) => {
    console.log(`\n=== ${name} (ran in the background) ===`);
    process.stdout.write(readFileSync(log, 'utf8'));
    count(name, status);
  });
}

function count(name, status) {
  const report = reportOf(name);
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

function buildWebApps() {
  console.log('\n=== build web apps ===');
  return buildIfChanged() === 0;
}

const serial = process.env.TANGRAM_TEST_SERIAL === '1';

vitest('unit', 'unit');

const pgUrl = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const pgReachable = await reachable(pgUrl.hostname, Number(pgUrl.port || 5432));
const pgPhase = ['api on PostgreSQL', 'api', { TANGRAM_TEST_DB: 'postgres' }];
const pgRun = pgReachable && !serial ? vitestInBackground(...pgPhase) : null;
vitest('api on PGlite', 'api', { TANGRAM_TEST_DB: 'pglite' });

if (pgReachable) {
  if (!pgRun) vitest(...pgPhase);
} else if (ci) {
  console.error(`PostgreSQL is not reachable at ${pgUrl.host}; CI requires it.`);
  failures.push('api on PostgreSQL (server unreachable)');
} else {
  console.warn(`\n!!! PostgreSQL is not reachable at ${pgUrl.host}: the API tests ran on PGlite only.`);
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const built = existsSync(chromium) ? buildWebApps() : false;
await pgRun; // the browser tests run alone: a busy machine is what made them flaky
if (built) vitest('browser end-to-end', 'e2e');
else if (existsSync(chromium)) failures.push('build');
else if (ci) {
  console.error(`${chromium} is missing; CI requires it (apt-get install -y chromium).`);
  failures.push('browser end-to-end (no chromium)');
} else {
  console.warn(`\n!!! ${chromium} not found: browser tests skipped (apt-get install -y chromium).`);
}

if (failures.length) console.error(`\nFailed phases: ${failures.join(', ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length ? 1 : 0);
