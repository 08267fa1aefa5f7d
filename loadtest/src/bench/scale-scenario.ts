// One point of the scale scenario: against a running ScaleHub (N of each service), a warm-up,
// the saturation run (a fixed number of SettleClaim calls always in flight), an open-loop run,
// the share of work each instance did, and the check that every settled claim has exactly one
// ledger entry.
import { fromBinary } from "@bufbuild/protobuf";
import { jetstreamManager } from "@nats-io/jetstream";
import { connectNats, Streams, Subjects } from "@tongxing/nats";
import { LedgerEntrySchema } from "@tongxing/proto";
import type { PreparedClaim } from "../load/national-mix.js";
import { scrape, type ScaleHub } from "./scale-hub.js";
import { openLoopSummary, type OpenLoopSummary } from "./open-loop-summary.js";
import { createInProcessLoad } from "./in-process-load.js";
import { startLoadWorkers } from "./load-workers.js";
import { settleClosedLoop, type ClosedLoopFigures } from "./closed-loop.js";

/** Options of one scale point. */
export interface ScalePointOptions {
  /** Closed loop before measuring (JIT, lazily opened consumers); not measured. */
  readonly warmupSec: number;
  readonly saturationSec: number;
  /** SettleClaim calls always in flight during saturation. */
  readonly inFlight: number;
  /** Open-loop arrivals per second, and for how long. */
  readonly openRate: number;
  readonly openSec: number;
  readonly channelsPerTranslator: number;
  /** Most claims prepared for saturation (it ends early, and says so, if they run out). */
  readonly saturationClaims: number;
  readonly seed?: number;
  /** Load-generator processes (default 1: this process); more for a machine where one is the limit. */
  readonly loadProcesses?: number;
  readonly say: (line: string) => void;
}

/** The exactly-once check over the LEDGER stream. */
export interface LedgerCheck {
  /** Distinct claims answered SETTLED during the point. */
  readonly settledClaims: number;
  /** Settlement entries in LEDGER (a fresh cluster per point: all of them from this point). */
  readonly ledgerEntries: number;
  /** Settled claims without a ledger entry. */
  readonly missing: number;
  /** Claims with more than one settlement entry. */
  readonly duplicates: number;
}

/** What one point measured. */
export interface ScalePoint {
  readonly instances: number;
  readonly clusterNodes: number;
  readonly replicas: number;
  readonly links: number;
  readonly saturation: ClosedLoopFigures;
  readonly openLoop: OpenLoopSummary;
  /** Work per instance (index = instance), over the whole point including warm-up. */
  readonly perInstance: {
    readonly settleCallsAnswered: number[];
    readonly linkReplies: number[];
    readonly routed: number[];
    readonly decided: number[];
    /** Result messages each translator's result subscriptions received (≈ its own answers, not everyone's). */
    readonly resultsReceived: number[];
  };
  readonly ledger: LedgerCheck;
}


/**
 * Counts LEDGER's settlement entries per claim: how many of `claimIds` have none, how many
 * claims have more than one, and how many entries there are in all. Settlement entries are on
 * their (submitter, setl_id) subjects, so each entry is read for its claim id.
 */
export async function checkLedger(natsUrl: string, claimIds: ReadonlySet<string>): Promise<LedgerCheck> {
  const nc = await connectNats({ servers: natsUrl, name: "scale-ledger-check" });
  try {
    const jsm = await jetstreamManager(nc);
    const prefix = Subjects.ledger("settlement", "");
    const state = (await jsm.streams.info(Streams.LEDGER)).state;
    const counts = new Map<string, number>();
    let ledgerEntries = 0;
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(Streams.LEDGER, { seq });
      if (m === null || !m.subject.startsWith(prefix)) continue;
      ledgerEntries += 1;
      const id = fromBinary(LedgerEntrySchema, m.data).claimId;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    let duplicates = 0;
    for (const n of counts.values()) if (n > 1) duplicates += 1;
    let missing = 0;
    for (const id of claimIds) if (!counts.has(id)) missing += 1;
    return { settledClaims: claimIds.size, ledgerEntries, missing, duplicates };
  } finally {
    await nc.close();
  }
}

/** Runs one scale point against `hub`. */
export async function runScalePoint(hub: ScaleHub, options: ScalePointOptions): Promise<ScalePoint> {
  const say = options.say;
  const n = hub.translators.length;
  const openCount = Math.round(options.openRate * options.openSec);
  const warmCount = Math.max(200, options.inFlight * options.warmupSec * 4);
  const counts = { warm: warmCount, saturation: options.saturationClaims, open: openCount };
  const addresses = hub.translators.map((t) => t.address);
  const common = { addresses, channelsPerAddress: options.channelsPerTranslator, seed: options.seed ?? 1, counts };
  const processes = options.loadProcesses ?? 1;
  const load = processes > 1 ? await startLoadWorkers({ ...common, processes, say }) : createInProcessLoad(common);
  const settledIds = load.settledIds;
  try {
    const warmInFlight = Math.max(processes, Math.min(64 * n, options.inFlight));
    say(`  warm-up: ${options.warmupSec} s, ${warmInFlight} in flight (not measured) ...`);
    const w = await load.closed("warm", warmInFlight, options.warmupSec);
    say(`  warm-up settled ${w.settled} (${w.settledPerSec}/s), errors ${w.errors}`);
    say(`  saturation: ${options.inFlight} in flight for ${options.saturationSec} s ...`);
    const saturation = await load.closed("saturation", options.inFlight, options.saturationSec, say);
    if (saturation.ranOut) say(`  (saturation ran out of its ${counts.saturation} prepared claims after ${saturation.durationSec} s; raise --saturation-claims)`);
    say(`  open loop at ${options.openRate}/s for ${options.openSec} s ...`);
    const o = await load.open(options.openRate, options.openSec, Math.min(2, options.openSec / 4), say);
    const [settleCallsAnswered, linkReplies, routed, decided, resultsReceived] = await Promise.all([
      scrape(hub.translators, "tongxing_settle_claim_duration_seconds_count"),
      scrape(hub.translators, "tongxing_link_reply_duration_seconds_count"),
      scrape(hub.routers, "tongxing_route_duration_seconds_count"),
      scrape(hub.auditors, "tongxing_claims_total"),
      scrape(hub.translators, "tongxing_results_received_total"),
    ]);
    const ledger = await checkLedger(hub.cluster.url, settledIds);
    return {
      instances: n,
      clusterNodes: hub.cluster.nodes.length,
      replicas: hub.replicas,
      links: hub.links,
      saturation,
      openLoop: openLoopSummary(o, options.openSec),
      perInstance: { settleCallsAnswered, linkReplies, routed, decided, resultsReceived },
      ledger,
    };
  } finally {
    await load.stop();
  }
}
