import { describe, expect, it } from 'vitest';
import { restartDelay, supervisorSettings } from '../src/supervisor';

describe('supervisorSettings', () => {
  it('runs one worker by default and reads WORKERS', () => {
    expect(supervisorSettings({})).toEqual({ workers: 1 });
    expect(supervisorSettings({ WORKERS: '4', DATABASE_URL: 'postgres://db/t' })).toEqual({ workers: 4 });
  });

  it('refuses several workers on the embedded database, naming DATABASE_URL', () => {
    expect(() => supervisorSettings({ WORKERS: '2' })).toThrow(/WORKERS=2 needs DATABASE_URL/);
    expect(supervisorSettings({ WORKERS: '1' })).toEqual({ workers: 1 });
  });

  it.each(['0', '-1', '1.5', 'two', '65'])('refuses WORKERS=%s', (value) => {
    expect(() => supervisorSettings({ WORKERS: value, DATABASE_URL: 'postgres://db/t' })).toThrow(
      /WORKERS must be a whole number from 1 to 64/,
    );
  });
});

describe('restartDelay', () => {
  it('replaces a single crash at once and backs off while replacements keep dying', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 7, 30].map((n) => restartDelay(n, 1_000, 30_000));
    expect(delays).toEqual([0, 0, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });
});
