// The toolchain the two commands of the README need on a machine that has only Node.js: the pnpm
// version package.json pins (fetched from the npm registry by npx when it is not installed), the
// dependencies (installed when the lockfile changed), and the web apps (built when their sources
// changed, so `npm start` does not spend half a minute rebuilding an unchanged UI). Node built-ins
// only: this runs before anything is installed.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pinned = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

function versionOf(command) {
  const result = spawnSync(command, ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** How to call the pinned pnpm: the installed one when it is that version, else through npx. */
const pnpmCommand = (() => {
  if (versionOf('pnpm') === pinned) return ['pnpm'];
  return ['npx', '--yes', `pnpm@${pinned}`];
})();

/** Runs pnpm with the given arguments in the repository root; answers the exit status. */
export function pnpm(args, env = {}) {
  const [command, ...prefix] = pnpmCommand;
  const result = spawnSync(command, [...prefix, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: process.platform === 'win32',
  });
  return result.status ?? 1;
}

/**
 * Runs pnpm like `pnpm()` but without blocking, its output (stdout and stderr) written to
 * `logFile`, so a test phase can run beside another without mixing their logs. Answers a promise of
 * the exit status.
 */
export function pnpmInBackground(args, env, logFile) {
  const [command, ...prefix] = pnpmCommand;
  const out = openSync(logFile, 'w');
  const child = spawn(command, [...prefix, ...args], {
    cwd: root,
    stdio: ['ignore', out, out],
    env: { ...process.env, ...env },
    shell: process.platform === 'win32',
  });
  return new Promise((resolve) => {
    child.once('error', () => (closeSync(out), resolve(1)));
    child.once('close', (code) => (closeSync(out), resolve(code ?? 1)));
  });
}

/** Installs the dependencies when they are missing or older than the lockfile. */
export function ensureInstalled() {
  const marker = path.join(root, 'node_modules/.modules.yaml');
  const lock = path.join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return 0;
  console.log(`Installing dependencies (pnpm ${pinned})…`);
  return pnpm(['install', '--frozen-lockfile']);
}

// What the web apps are built from: their sources, the shared packages and the lockfile.
const buildInputs = ['runtime', 'builder', 'packages', 'pnpm-lock.yaml'];
const skipped = new Set(['node_modules', 'dist', 'test', '.vite']);
const stampFile = path.join(root, 'node_modules/.cache/tangram/web-build.json');

function fingerprint() {
  const hash = createHash('sha256');
  const visit = (rel) => {
    const abs = path.join(root, rel);
    const stat = statSync(abs);
    if (!stat.isDirectory()) {
      hash.update(`${rel}\0${stat.size}\0${stat.mtimeMs}\n`);
      return;
    }
    for (const entry of readdirSync(abs).sort()) if (!skipped.has(entry)) visit(path.join(rel, entry));
  };
  buildInputs.forEach(visit);
  return hash.digest('hex');
}

/** Builds the runtime and the studio unless their outputs are from the same sources. */
export function buildIfChanged() {
  const current = fingerprint();
  const built = ['runtime/dist/index.html', 'builder/dist/index.html'].every((f) =>
    existsSync(path.join(root, f)),
  );
  const stamp = existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')).sources : null;
  if (built && stamp === current) {
    console.log('Web apps are up to date with their sources; not rebuilding.');
    return 0;
  }
  const status = pnpm(['build']);
  if (status === 0) {
    mkdirSync(path.dirname(stampFile), { recursive: true });
    writeFileSync(stampFile, JSON.stringify({ sources: current, at: new Date().toISOString() }));
  }
  return status;
}
