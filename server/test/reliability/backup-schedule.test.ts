import { describe, expect, it } from 'vitest';
import { archivesToPrune, backupName, backupSchedule } from '../../src/reliability/backup-schedule';

describe('scheduled backup settings', () => {
  it('is off without settings, reads hours and keep, refuses bad values', () => {
    expect(backupSchedule({})).toBeNull();
    expect(backupSchedule({ BACKUP_DIR: '/b', BACKUP_INTERVAL_HOURS: '24' })).toEqual({
      dir: '/b',
      everyMs: 86_400_000,
      keep: 7,
    });
    expect(backupSchedule({ BACKUP_DIR: '/b', BACKUP_INTERVAL_HOURS: '0.5', BACKUP_KEEP: '3' })?.keep).toBe(
      3,
    );
    expect(() => backupSchedule({ BACKUP_DIR: '/b' })).toThrow(
      /need both BACKUP_DIR and BACKUP_INTERVAL_HOURS/,
    );
    expect(() => backupSchedule({ BACKUP_DIR: '/b', BACKUP_INTERVAL_HOURS: '0' })).toThrow(
      /BACKUP_INTERVAL_HOURS/,
    );
    expect(() => backupSchedule({ BACKUP_DIR: '/b', BACKUP_INTERVAL_HOURS: '1', BACKUP_KEEP: '0' })).toThrow(
      /BACKUP_KEEP must be a whole number from 1 to 1000/,
    );
  });

  it('names archives by UTC time and prunes only its own, oldest first', () => {
    expect(backupName(new Date('2026-12-06T01:13:05.123Z'))).toBe('tangram-backup-20261206T011305Z.tar.gz');
    const names = [
      'tangram-backup-20261203T000000Z.tar.gz',
      'notes.txt',
      'tangram-backup-20261201T000000Z.tar.gz',
      'tangram-backup-20261202T000000Z.tar.gz',
      'tangram-backup-20261201T000000Z.tar.gz.partial',
    ];
    expect(archivesToPrune(names, 2)).toEqual(['tangram-backup-20261201T000000Z.tar.gz']);
    expect(archivesToPrune(names, 5)).toEqual([]);
  });
});
