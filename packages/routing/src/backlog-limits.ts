/**
 * A platform's backlog policy (routing-table data): how many claims may wait for it and for how
 * long. Past either, the hub answers the claim REJECTED with a code the counter acts on
 * (BACKLOG_FULL: settle in cash now and submit later; BACKLOG_EXPIRED: the same, for a claim
 * that already waited), copies it to the dead letters, and never lets it vanish.
 */
export interface BacklogLimits {
  /** Claims waiting for delivery at most; a claim routed past it is refused. */
  readonly maxClaims?: number;
  /** Minutes a claim may wait for delivery (fractions allowed); older ones are expired and answered. */
  readonly maxAgeMinutes?: number;
}

/** Refusal codes of the backlog policy (as on the claim's refusal and dead-letter subject). */
export const BacklogRefusal = {
  FULL: "BACKLOG_FULL",
  EXPIRED: "BACKLOG_EXPIRED",
} as const;

/** undefined: none given; null: given but unusable. */
export function parseBacklogLimits(value: unknown): BacklogLimits | undefined | null {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object") return null;
  const o = value as Record<string, unknown>;
  const count = (v: unknown) => v === undefined || (typeof v === "number" && Number.isInteger(v) && v > 0);
  const minutes = (v: unknown) => v === undefined || (typeof v === "number" && Number.isFinite(v) && v > 0);
  if (!count(o.maxClaims) || !minutes(o.maxAgeMinutes)) return null;
  return {
    ...(typeof o.maxClaims === "number" ? { maxClaims: o.maxClaims } : {}),
    ...(typeof o.maxAgeMinutes === "number" ? { maxAgeMinutes: o.maxAgeMinutes } : {}),
  };
}
