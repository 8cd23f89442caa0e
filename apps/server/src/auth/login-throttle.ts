/**
 * Login attempts per client address: at most `max` in a window of `windowMs` (default 20 a
 * minute), counted in this process. Behind a load balancer each instance counts its own share;
 * a limiter shared through PostgreSQL is future work. The per-account lockout (5 failures, 15
 * minutes) is in the database and holds across instances.
 *
 * @example
 * const throttle = new LoginThrottle({ max: 20, windowMs: 60_000 });
 * const verdict = throttle.hit(request.ip);
 * if (!verdict.allowed) reply.header('retry-after', String(verdict.retryAfterSeconds));
 */
export interface LoginThrottleOptions {
  max?: number;
  windowMs?: number;
  now?: () => number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class LoginThrottle {
  readonly max: number;
  readonly windowMs: number;
  private readonly now: () => number;
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(options: LoginThrottleOptions = {}) {
    this.max = options.max ?? 20;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Counts one attempt from `client` and says whether it may go ahead. */
  hit(client: string): ThrottleVerdict {
    const now = this.now();
    let window = this.windows.get(client);
    if (!window || window.resetAt <= now) {
      if (this.windows.size >= 100_000) this.sweep(now);
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(client, window);
    }
    window.count++;
    if (window.count <= this.max) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)) };
  }

  private sweep(now: number): void {
    for (const [client, window] of this.windows) if (window.resetAt <= now) this.windows.delete(client);
    // Still full (a flood from many addresses): start over rather than grow without bound.
    if (this.windows.size >= 100_000) this.windows.clear();
  }
}
