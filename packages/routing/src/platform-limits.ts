/**
 * A platform's own limits on the hub's RPCs, overriding the translator's defaults field by field:
 * a large province's share is not a small one's. Stored in its routing entry (`limits`), so an
 * operator changes them without a restart (see docs/security.md#limits).
 */
export interface PlatformLimitsOverride {
  /** Calls per second the platform may start, sustained. */
  readonly ratePerSecond?: number;
  /** Calls it may start at once above the sustained rate. */
  readonly burst?: number;
  /** Its unary calls in flight at once. */
  readonly maxConcurrentCalls?: number;
}

const FIELDS = ["ratePerSecond", "burst", "maxConcurrentCalls"] as const;

/** undefined: none given; null: given but unusable (each field a positive integer at most 1,000,000). */
export function parsePlatformLimits(value: unknown): PlatformLimitsOverride | undefined | null {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  const out: { -readonly [K in (typeof FIELDS)[number]]?: number } = {};
  for (const key of Object.keys(o)) if (!(FIELDS as readonly string[]).includes(key)) return null;
  for (const f of FIELDS) {
    const v = o[f];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > 1_000_000) return null;
    out[f] = v;
  }
  return out;
}
