import { ServerInterceptingCall, status as GrpcStatus, type ServerInterceptor } from "@grpc/grpc-js";
import { resourceExhaustedMetadata } from "@tongxing/proto/grpc";
import type { PlatformLimitsOverride } from "@tongxing/routing";
import { VERIFIED_PLATFORM_KEY } from "./caller-platform.js";

/** Limits on one platform's RPCs (each platform has its own; one's flood is not another's). */
export interface PlatformLimits {
  /** Calls per second a platform may start, sustained (token bucket refill). */
  readonly ratePerSecond: number;
  /** Calls a platform may start at once above the sustained rate (bucket size). */
  readonly burst: number;
  /** Unary calls of one platform in flight at once (a SettleClaim waits for its result). */
  readonly maxConcurrentCalls: number;
}

export const DEFAULT_PLATFORM_LIMITS: PlatformLimits = { ratePerSecond: 2_000, burst: 4_000, maxConcurrentCalls: 512 };

/** How long a caller refused for concurrency is asked to wait. */
const CONCURRENCY_RETRY_MS = 100;

interface PlatformState {
  tokens: number;
  atMs: number;
  inFlight: number;
}

/**
 * The one place the hub's limits apply, on every `tongxing.v1` call, after the caller's identity
 * is established (it runs behind the identity interceptor and reads the platform it set): a
 * token bucket per platform for the rate, and a count of its unary calls in flight. Over either,
 * the call is refused before its handler runs: RESOURCE_EXHAUSTED naming the rule
 * (`limits.rate`, `limits.concurrency`), with a google.rpc.RetryInfo detail. Streams
 * (ProvinceLink.Connect) count against the rate only: they live as long as the link.
 * `defaults` apply to every platform; `overrideOf` gives a platform's own (its routing entry's
 * `limits`), read on each call so an operator's change applies at once.
 */
export function createPlatformLimitsInterceptor(
  defaults: PlatformLimits,
  overrideOf: (platform: string) => PlatformLimitsOverride | undefined = () => undefined,
  nowMs: () => number = () => performance.now(),
): ServerInterceptor {
  const platforms = new Map<string, PlatformState>();
  const stateOf = (platform: string, limits: PlatformLimits): PlatformState => {
    let s = platforms.get(platform);
    if (s === undefined) {
      s = { tokens: limits.burst, atMs: nowMs(), inFlight: 0 };
      platforms.set(platform, s);
    }
    const t = nowMs();
    s.tokens = Math.min(limits.burst, s.tokens + ((t - s.atMs) * limits.ratePerSecond) / 1000);
    s.atMs = t;
    return s;
  };
  return (method, call) => {
    const unary = !method.requestStream && !method.responseStream;
    let held: PlatformState | undefined;
    const release = () => {
      if (held !== undefined) held.inFlight--;
      held = undefined;
    };
    const refuse = (details: string, retryMs: number) => call.sendStatus({ code: GrpcStatus.RESOURCE_EXHAUSTED, details, metadata: resourceExhaustedMetadata(details, retryMs) });
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, mdNext) => {
            const platform = metadata.get(VERIFIED_PLATFORM_KEY)[0];
            // No platform: health and reflection (the identity interceptor refused the rest).
            if (typeof platform !== "string") return mdNext(metadata);
            const own = overrideOf(platform);
            const limits = own === undefined ? defaults : { ...defaults, ...own };
            const s = stateOf(platform, limits);
            if (s.tokens < 1) {
              const retryMs = ((1 - s.tokens) * 1000) / limits.ratePerSecond;
              return refuse(`limits.rate: platform ${platform} is over its ${limits.ratePerSecond} calls/s (burst ${limits.burst}); retry in ${Math.ceil(retryMs)} ms`, retryMs);
            }
            if (unary && s.inFlight >= limits.maxConcurrentCalls) {
              return refuse(`limits.concurrency: platform ${platform} has ${limits.maxConcurrentCalls} calls in flight, its most; retry when one has finished`, CONCURRENCY_RETRY_MS);
            }
            s.tokens -= 1;
            if (unary) {
              s.inFlight++;
              held = s;
            }
            mdNext(metadata);
          },
          onCancel: release,
        }),
      sendStatus: (status, next) => {
        release();
        next(status);
      },
    });
  };
}
