import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FAILPOINTS, failpoint, parseSpec } from '../../src/reliability/failpoints';

describe('failpoint specs', () => {
  it('reads name and name@n, and nothing else', () => {
    expect(parseSpec('record.after_insert')).toEqual({ name: 'record.after_insert', hit: 1 });
    expect(parseSpec(' workflow.after_transition@3 ')).toEqual({ name: 'workflow.after_transition', hit: 3 });
    for (const bad of [
      'record.nope',
      'record.after_insert@0',
      'record.after_insert@x',
      'record.after_insert@1.5',
      '',
    ])
      expect(parseSpec(bad), bad).toBeUndefined();
    expect(FAILPOINTS).toContain('automation.before_effect');
    expect(FAILPOINTS).toContain('import.after_batch');
  });
});

describe('failpoint switches', () => {
  const saved = { ...process.env };
  let dir = '';
  afterEach(async () => {
    process.env.TANGRAM_FAILPOINT = saved.TANGRAM_FAILPOINT;
    process.env.TANGRAM_FAILPOINT_DIR = saved.TANGRAM_FAILPOINT_DIR;
    if (saved.TANGRAM_FAILPOINT === undefined) delete process.env.TANGRAM_FAILPOINT;
    if (saved.TANGRAM_FAILPOINT_DIR === undefined) delete process.env.TANGRAM_FAILPOINT_DIR;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('does nothing when unset, for another point, or before the n-th hit', () => {
    delete process.env.TANGRAM_FAILPOINT;
    failpoint('record.after_insert');
    process.env.TANGRAM_FAILPOINT = 'record.after_commit,record.after_insert@1000';
    for (let i = 0; i < 5; i++) failpoint('record.after_insert');
    failpoint('record.before_commit');
    expect(true).toBe(true); // still alive
  });

  it('leaves an armed point for another name or a later hit in place', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tangram-fp-'));
    process.env.TANGRAM_FAILPOINT = 'armed';
    process.env.TANGRAM_FAILPOINT_DIR = dir;
    await writeFile(path.join(dir, 'armed'), 't1 record.after_history@3');
    failpoint('record.after_insert');
    failpoint('record.after_history');
    failpoint('record.after_history');
    expect(await readdir(dir)).toEqual(['armed']);
  });
});
