/** Options of {@link createSignInLimiter}. */
export interface SignInLimiterOptions {
  /** Failed sign-ins allowed per user name and per client address within the window. Default 5. */
  readonly maxFailures?: number;
  /** Default 15 minutes. */
  readonly windowMs?: number;
}

/**
 * Limits password guessing: after `maxFailures` failed sign-ins for one user name, or from one
 * client address, within the window, further attempts are refused (HTTP 429) until the oldest
 * failure leaves the window. A success does not reset the address's count.
 */
export interface SignInLimiter {
  /** Milliseconds until an attempt is allowed again; 0 when it is allowed now. */
  retryAfterMs(user: string, address: string): number;
  recordFailure(user: string, address: string): void;
}

export function createSignInLimiter(options: SignInLimiterOptions = {}): SignInLimiter {
  const max = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number): number[] => {
    const list = (failures.get(key) ?? []).filter((t) => t > now - windowMs);
    if (list.length === 0) failures.delete(key);
    else failures.set(key, list);
    return list;
  };
  return {
    retryAfterMs(user, address) {
      const now = Date.now();
      let wait = 0;
      for (const key of [`u:${user}`, `a:${address}`]) {
        const list = recent(key, now);
        const oldest = list[list.length - max];
        if (list.length >= max && oldest !== undefined) wait = Math.max(wait, oldest + windowMs - now);
      }
      return wait;
    },
    recordFailure(user, address) {
      const now = Date.now();
      for (const key of [`u:${user}`, `a:${address}`]) failures.set(key, [...recent(key, now), now]);
    },
  };
}
