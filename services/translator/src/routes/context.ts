import type { KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { RoutingTable } from "@tongxing/routing";
import type { Logger } from "@tongxing/telemetry";
import type { TranslatorConfig } from "../config/config.js";
import type { DialectRegistry } from "@tongxing/dialects";
import type { IntakeDeps } from "../intake/claim-intake.js";
import type { SettlementWaiters } from "../intake/settlement-waiters.js";

/** Everything an RPC handler may use, passed in once. */
export interface RouteContext extends IntakeDeps {
  readonly config: TranslatorConfig;
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** Remote-care filings (FilingRegistry). */
  readonly filings: KV;
  /** Each reconciliation call's outcome, for the regulators' console (Reconciliation). */
  readonly reconciliations: KV;
  /** Designated institutions and their live status (InstitutionRegistry). */
  readonly institutions: KV;
  /** Pre-settlement answers by encounter (PreSettleClaim writes, the auditor's rule S1 reads). */
  readonly presettlements: KV;
  readonly routing: RoutingTable;
  readonly dialects: DialectRegistry;
  readonly waiters: SettlementWaiters;
  readonly log: Logger;
}
