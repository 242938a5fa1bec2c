import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { addressKey } from '../src/auth/login-throttle';
import { passwordProblem } from '../src/auth/password-policy';

describe('sign-in throttle address keys', () => {
  it('keeps IPv4 as is, also when IPv4-mapped', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts IPv6 by its /64, however it is written', () => {
    const key = '2001:db8:1:2::/64';
    for (const ip of [
      '2001:db8:1:2::1',
      '2001:0db8:0001:0002:ffff:ffff:ffff:ffff',
      '2001:DB8:1:2:0:0:0:9',
      '2001:db8:1:2::a%eth0',
    ])
      expect(addressKey(ip)).toBe(key);
    expect(addressKey('2001:db8:1:3::1')).not.toBe(key);
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('2001:db8::')).toBe('2001:db8:0:0::/64');
  });
});

describe('password policy', () => {
  it('refuses common passwords whatever their case, and short ones', () => {
    expect(passwordProblem('Password1')).toMatchObject({ path: '/password', code: 'common_password' });
    expect(passwordProblem('ILOVEYOU', '/newPassword')).toMatchObject({
      path: '/newPassword',
      code: 'common_password',
    });
    expect(passwordProblem('short')).toMatchObject({ code: 'minLength' });
    expect(passwordProblem('correct horse battery')).toBeUndefined();
  });
});

describe('configuration', () => {
  it('reads TRUST_PROXY as a hop count, never as "trust everything"', () => {
    expect(loadConfig({}).trustProxy).toBe(0);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
  });

  it('reads session lifetimes in hours', () => {
    const config = loadConfig({ SESSION_IDLE_HOURS: '0.5', SESSION_MAX_HOURS: '12' });
    expect(config.sessionIdleSeconds).toBe(1800);
    expect(config.sessionMaxSeconds).toBe(43200);
    expect(() => loadConfig({ SESSION_IDLE_HOURS: '0' })).toThrow(/SESSION_IDLE_HOURS/);
  });
});
