#!/usr/bin/env node
// `npm start` (or `pnpm start`): installs what is missing, builds the web apps when their sources
// changed, then runs the server (on the embedded database unless DATABASE_URL is set).
import { buildIfChanged, ensureInstalled, pnpm } from './toolchain.mjs';

const status = ensureInstalled() || buildIfChanged() || pnpm(['--filter', '@tangram/server', 'start']);
process.exit(status);
