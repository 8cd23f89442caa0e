import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.ts';

describe('LoginThrottle', () => {
  it('allows max attempts per window and client, then says when to come back', () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle({ max: 3, windowMs: 60_000, now: () => now });
    expect([1, 2, 3].map(() => throttle.hit('10.0.0.1').allowed)).toEqual([true, true, true]);
    now += 15_000;
    expect(throttle.hit('10.0.0.1')).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect(throttle.hit('10.0.0.2').allowed).toBe(true);
    now += 45_000;
    expect(throttle.hit('10.0.0.1').allowed).toBe(true);
  });
});
