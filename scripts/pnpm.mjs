#!/usr/bin/env node
// `node scripts/pnpm.mjs <args>`: the pinned pnpm, whether or not it is installed (CI uses this).
import { pnpm } from './toolchain.mjs';

process.exit(pnpm(process.argv.slice(2)));
