import { ClaimStatus, VerdictOutcome, type ClaimRecord } from "@tongxing/proto";
import { DEFAULT_RULES } from "../rules/catalogue.js";

/** One rule's record over the claims read. */
export interface RuleStatistics {
  readonly ruleId: string;
  readonly severity: number;
  readonly description: string;
  /** Claims with a finding of this rule. */
  readonly hits: number;
  /** Of those, claims that were held for review. */
  readonly holds: number;
  /** Held claims a regulator has decided, and how many of them were approved (the hold overturned). */
  readonly decided: number;
  readonly overturned: number;
  /** overturned / decided, or null before any decision. */
  readonly overturnRate: number | null;
}

/** Hit counts, holds and overturn rates of every rule in the catalogue, from claim records. */
export function ruleStatistics(records: readonly ClaimRecord[]): RuleStatistics[] {
  return DEFAULT_RULES.map((rule) => {
    let hits = 0;
    let holds = 0;
    let decided = 0;
    let overturned = 0;
    for (const r of records) {
      if (!(r.verdict?.findings ?? []).some((f) => f.ruleId === rule.id)) continue;
      hits += 1;
      if (!r.events.some((e) => e.status === ClaimStatus.HELD)) continue;
      holds += 1;
      if (r.review === undefined) continue;
      decided += 1;
      if (r.review.outcome === VerdictOutcome.APPROVE) overturned += 1;
    }
    return { ruleId: rule.id, severity: rule.severity, description: rule.description, hits, holds, decided, overturned, overturnRate: decided === 0 ? null : overturned / decided };
  });
}
