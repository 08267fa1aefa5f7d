import type { KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import type { LiveStats } from "./overview/live-stats.js";
import type { TilesSample } from "./overview/cached-tiles.js";
import type { ChainAppender } from "../audit-chain/chain-appender.js";
import type { SettleDeps } from "../settle-deps.js";
import type { AccountStore } from "./account-store.js";
import type { SessionStore } from "./session-store.js";
import type { SignInLimiter } from "./sign-in-limiter.js";

/** What every console route gets. */
export interface ConsoleContext {
  readonly deps: SettleDeps;
  /** The audit chain, for console events that change no status (a first approval, an unmask). */
  readonly chain: ChainAppender;
  /** For reading the ledger (flows, clearing, spot-check candidates). */
  readonly nc: NatsConnection;
  readonly consoleKv: KV;
  /** Each platform's reconciliation outcomes (written by the translator). */
  readonly reconciliations: KV;
  /** Claim records a search or the rule statistics read at most (the claims bucket has no index). */
  readonly searchScanLimit: number;
  readonly accounts: AccountStore;
  readonly sessions: SessionStore;
  readonly limiter: SignInLimiter;
  /** Approvals above this many fen need a second reviewer. */
  readonly fourEyesAboveFen: bigint;
  /** The overview's live figures, fed from the audit chain. */
  readonly liveStats: LiveStats;
  /** The platform tiles' latest sample (taken in the background, at most every 2 s while asked for). */
  readonly platformTiles: () => Promise<TilesSample>;
  /** Open server-sent-event streams; each entry ends its stream (called at shutdown). */
  readonly streams: Set<() => void>;
  /** Whether the session cookie carries `Secure` (off only for plain-HTTP loopback development). */
  readonly secureCookies: boolean;
}
