import { createHash } from "node:crypto";
import type { KV } from "@nats-io/kv";

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
 * failure leaves the window. A success does not reset the address's count. The failures are kept
 * in a KV bucket (the sessions bucket: `limit.<u|a>.<sha256>`, the times of recent failures), so
 * the limit holds across every auditor instance, not per instance.
 */
export interface SignInLimiter {
  /** Milliseconds until an attempt is allowed again; 0 when it is allowed now. */
  retryAfterMs(user: string, address: string): Promise<number>;
  recordFailure(user: string, address: string): Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const keysOf = (user: string, address: string) => [`limit.u.${createHash("sha256").update(user).digest("hex")}`, `limit.a.${createHash("sha256").update(address).digest("hex")}`];

export function createSignInLimiter(kv: KV, options: SignInLimiterOptions = {}): SignInLimiter {
  const max = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const recent = (times: number[], now: number) => times.filter((t) => t > now - windowMs);
  async function read(key: string): Promise<{ times: number[]; revision: number }> {
    const e = await kv.get(key);
    return e === null || e.operation !== "PUT" ? { times: [], revision: 0 } : { times: JSON.parse(decoder.decode(e.value)) as number[], revision: e.revision };
  }
  return {
    async retryAfterMs(user, address) {
      const now = Date.now();
      let wait = 0;
      for (const key of keysOf(user, address)) {
        const list = recent((await read(key)).times, now);
        const oldest = list[list.length - max];
        if (list.length >= max && oldest !== undefined) wait = Math.max(wait, oldest + windowMs - now);
      }
      return wait;
    },
    async recordFailure(user, address) {
      for (const key of keysOf(user, address)) {
        // compare-and-set: failures recorded at once by several instances all count
        let lastErr: unknown;
        for (let attempt = 0; ; attempt++) {
          if (attempt === 10) throw new Error("could not record a failed sign-in", { cause: lastErr });
          const now = Date.now();
          const { times, revision } = await read(key);
          const next = encoder.encode(JSON.stringify([...recent(times, now), now].slice(-(max * 4))));
          try {
            if (revision === 0) await kv.create(key, next);
            else await kv.update(key, next, revision);
            break;
          } catch (err) {
            lastErr = err; // most likely another failure recorded meanwhile: read again
          }
        }
      }
    },
  };
}
