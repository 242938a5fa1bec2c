import type { Migration } from './migration';
import { migration001Core } from './001_core';

/** Every migration, in apply order. Append new ones at the end; never edit or reorder applied ones. */
export const migrations: Migration[] = [migration001Core];
