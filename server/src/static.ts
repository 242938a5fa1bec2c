import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tangram</title></head>
<body style="font-family:system-ui;margin:3rem"><h1>Tangram</h1>
<p>The server is running, but the web apps are not built yet. Run <code>pnpm build</code> (or <code>pnpm start</code>, which builds first).</p>
<p>The API is at <a href="/api/v1/health">/api/v1/health</a>.</p></body></html>`;

/**
 * Where the built web apps are: `<repo>/runtime/dist` and `<repo>/builder/dist`, or
 * `$TANGRAM_WEB_DIST/runtime` and `$TANGRAM_WEB_DIST/builder` when that is set (so parallel
 * development checkouts can each test against their own build without rebuilding each other's).
 */
export function webDistDirs(): { runtime: string; builder: string } {
  const root = process.env.TANGRAM_WEB_DIST;
  if (root) return { runtime: path.join(root, 'runtime'), builder: path.join(root, 'builder') };
  return { runtime: path.join(repoRoot, 'runtime/dist'), builder: path.join(repoRoot, 'builder/dist') };
}

/**
 * Serves the built web apps: the builder ("studio") at `/studio/` and the runtime at `/`, each with
 * an SPA fallback to its index.html for GETs that are not `/api`. Without builds, a page saying how
 * to build them.
 */
export function mountStatic(app: Express, dirs = webDistDirs()): void {
  const spa = (mount: string, dir: string) => {
    const index = path.join(dir, 'index.html');
    if (!existsSync(index)) return false;
    app.use(mount, express.static(dir, { index: false, maxAge: '1h', fallthrough: true }));
    app.get(`${mount === '/' ? '' : mount}/{*rest}`, (req, res, next) => {
      if (req.path.startsWith('/api/')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
    return true;
  };
  const builder = spa('/studio', dirs.builder);
  const runtime = spa('/', dirs.runtime);
  if (!builder || !runtime) {
    app.get('/{*rest}', (req, res, next) => {
      if (req.path.startsWith('/api/')) return next();
      res.status(200).type('html').send(NOT_BUILT);
    });
  }
}
