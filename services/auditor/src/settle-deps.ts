import type { JetStreamClient } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import type { ClaimStore } from "@tongxing/claim-store";
import type { AuditorMetrics } from "@tongxing/metrics";
import type { PolicyBook } from "@tongxing/policy";
import type { RoutingTable } from "@tongxing/routing";
import type { Logger, Tracer } from "@tongxing/telemetry";
import type { NetworkedInstitutions } from "./institutions/networked-institutions.js";

/** What the auditor's settlement steps (decision, reversal, a regulator's review) need. */
export interface SettleDeps {
  readonly js: JetStreamClient;
  /** Insured-region policies (hot-reloaded from the policies bucket). */
  readonly policies: PolicyBook;
  /** Remote-care filings by person. */
  readonly filings: KV;
  /** Pre-settlement answers by encounter (rule S1); absent: S1 has nothing to compare. */
  readonly presettlements?: KV;
  /** The networked-institution lists (watched). */
  readonly institutions: NetworkedInstitutions;
  /**
   * The claim records, their indexes and people's history; its transitions put every event into
   * the audit chain before the record is written.
   */
  readonly store: ClaimStore;
  readonly routing: RoutingTable;
  readonly log: Logger;
  readonly tracer: Tracer;
  readonly metrics: AuditorMetrics;
  /**
   * A testing hook called at each step boundary of a multi-step change (e.g.
   * "decision.after-record"); stops the process at the configured one (`TONGXING_CRASH_AT`).
   * Absent in production.
   */
  readonly faultPoint?: (point: string) => void;
}
