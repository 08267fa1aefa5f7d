import { Counter, Histogram, type Registry } from "prom-client";
import { createErrorCounter, type ErrorKind } from "./error-counter.js";
import { LATENCY_BUCKETS_SECONDS, secondsOf } from "./latency-buckets.js";
import { provinceLabel } from "./province-label.js";

/** The auditor's decided outcomes, by the claim status names they come from. */
const OUTCOMES: Readonly<Record<string, string>> = { SETTLED: "settled", REJECTED: "rejected", HELD: "held" };

/** One decision as the auditor counts it. */
export interface ClaimDecided {
  /** The decided claim status name (SETTLED, REJECTED, HELD); others are not counted. */
  readonly status: string;
  /** 就医地 and 参保地 admdvs; only their province codes become labels. */
  readonly treatmentAdmdvs: string;
  readonly insuredAdmdvs: string;
  /** The verdict's findings: rule id and severity name (ERROR, WARNING, INFO). */
  readonly findings: readonly { readonly rule: string; readonly severity: string }[];
  /** From taking the adjudication to the decision being durable and published. */
  readonly elapsedMs: number;
}

/** The auditor's instruments, one helper per event. */
export interface AuditorMetrics {
  /** A claim was decided (counted once: only the decision that won the record's compare-and-set). */
  claimDecided(decision: ClaimDecided): void;
  error(kind: ErrorKind): void;
}

/** Creates the auditor's instruments in `registry`. */
export function createAuditorMetrics(registry: Registry): AuditorMetrics {
  const registers = [registry];
  const claims = new Counter({
    name: "tongxing_claims_total",
    help: "Claims decided by the auditor, by outcome and province pair",
    labelNames: ["outcome", "treatment_province", "insured_province"] as const,
    registers,
  });
  const decision = new Histogram({
    name: "tongxing_audit_decision_duration_seconds",
    help: "Auditor decision of one claim: audit, audit chain, record compare-and-set, result publish",
    labelNames: ["outcome"] as const,
    buckets: [...LATENCY_BUCKETS_SECONDS],
    registers,
  });
  const findings = new Counter({
    name: "tongxing_audit_findings_total",
    help: "Audit rule findings by rule id and severity",
    labelNames: ["rule", "severity"] as const,
    registers,
  });
  return {
    claimDecided(d) {
      const outcome = OUTCOMES[d.status];
      if (outcome === undefined) return;
      claims.labels(outcome, provinceLabel(d.treatmentAdmdvs), provinceLabel(d.insuredAdmdvs)).inc();
      decision.labels(outcome).observe(secondsOf(d.elapsedMs));
      for (const f of d.findings) findings.labels(f.rule, f.severity.toLowerCase()).inc();
    },
    error: createErrorCounter(registry, "auditor"),
  };
}
