import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../src/auth/password';

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses others', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('never matches malformed or over-expensive stored hashes', async () => {
    for (const bad of [
      '',
      'plain',
      'scrypt$1$8$1$AAAA$AAAA',
      'bcrypt$x',
      'scrypt$1073741824$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==',
    ]) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });

  it('treats Unicode-equivalent spellings as the same password (NFKC)', async () => {
    const hash = await hashPassword('caf\u00e9 password');
    expect(await verifyPassword('cafe\u0301 password', hash)).toBe(true);
  });
});
