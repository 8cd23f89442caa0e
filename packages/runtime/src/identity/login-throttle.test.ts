import { describe, expect, it } from 'vitest';
import { addressKey, loginKey } from './login-throttle.ts';

describe('addressKey', () => {
  it('counts IPv4 addresses one by one, also when written as IPv4-mapped IPv6', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::FFFF:203.0.113.9')).toBe('203.0.113.9');
  });

  it('counts IPv6 addresses by their /64 network, however they are written', () => {
    const network = '2001:db8:7:1::/64';
    for (const ip of ['2001:db8:7:1::5', '2001:0db8:0007:0001:ffff:ffff:ffff:ffff', '2001:DB8:7:1:0:0:0:1', '2001:db8:7:1::1.2.3.4', '2001:db8:7:1::1%eth0']) {
      expect(addressKey(ip), ip).toBe(network);
    }
    expect(addressKey('2001:db8:7:2::5')).toBe('2001:db8:7:2::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('keeps anything else as given, and no address as unknown', () => {
    expect(addressKey(undefined)).toBe('unknown');
    expect(addressKey('')).toBe('unknown');
    expect(addressKey('not an address')).toBe('not an address');
    expect(addressKey('x'.repeat(500))).toHaveLength(100);
  });
});

describe('loginKey', () => {
  it('is the login in lower case, so letter case does not make a fresh count', () => {
    expect(loginKey('Wang.Lei')).toBe(loginKey('wang.lei'));
  });
});
