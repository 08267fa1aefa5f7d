import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAuditor } from "@tongxing/auditor";
import { startSimulatedPlatforms } from "@tongxing/loadtest";
import { jetstreamManager } from "@nats-io/jetstream";
import { connectNats, startNatsCluster, Streams } from "@tongxing/nats";
import { createRouter } from "@tongxing/router";
import { createLogger } from "@tongxing/telemetry";
import { registerHubPki, testPki } from "@tongxing/testkit";
import { createTranslator } from "@tongxing/translator";
import { runClaimLoad } from "./claim-load.js";
import { measureFaultFigures, type FaultFigures } from "./fault-figures.js";

/** Options for {@link runClusterNodeLoss}. */
export interface ClusterNodeLossOptions {
  /** Which node is SIGKILLed: one that is not the JetStream meta leader, or the meta leader. */
  readonly victim: "follower" | "meta-leader";
  readonly claims: number;
  readonly perSecond: number;
  /** How long the node stays down. */
  readonly downMs?: number;
  readonly provinces?: readonly string[];
}

/**
 * A 3-node JetStream cluster (three local nats-server processes, every stream and bucket with 3
 * replicas) under the hub's services; a third into an open-loop load one node is SIGKILLed, and
 * `downMs` later started again with its own store: the hub keeps answering on the other two.
 */
export async function runClusterNodeLoss(options: ClusterNodeLossOptions): Promise<FaultFigures> {
  const storeDir = mkdtempSync(join(tmpdir(), "tongxing-faults-cluster-"));
  const cluster = await startNatsCluster({ storeDir, size: 3, clusterName: "tongxing-faults" });
  const log = createLogger({ service: "faults", level: process.env.LOG_LEVEL ?? "silent" });
  const provinces = options.provinces ?? ["11", "31", "32", "37", "44", "51"];
  const stops: (() => Promise<void>)[] = [];
  try {
    const common = { natsUrl: cluster.url, natsReplicas: 3 } as const;
    const router = createRouter(common, log);
    await router.start();
    stops.unshift(() => router.stop());
    const auditor = createAuditor({ ...common, regulatorApiAddress: "127.0.0.1:0" }, log);
    await auditor.start();
    stops.unshift(() => auditor.stop());
    // mTLS as in production; the test PKI gives each platform its client certificate.
    const pki = await testPki();
    const translator = createTranslator({ ...common, grpcAddress: "127.0.0.1:0", tls: pki.serverTls }, log);
    const address = await translator.start();
    registerHubPki(address, pki);
    stops.unshift(() => translator.stop());
    const platforms = startSimulatedPlatforms({ address, provinces: [...provinces] });
    stops.unshift(async () => platforms.close());
    const startedMs = Date.now();
    let restart: Promise<unknown> = Promise.resolve();
    let killed = "";
    const load = await runClaimLoad({
      address,
      provinces,
      claims: options.claims,
      perSecond: options.perSecond,
      beforeClaim: async (i) => {
        if (i !== Math.floor(options.claims / 3)) return;
        const leader = await cluster.metaLeader();
        const index = cluster.names.findIndex((n) => (options.victim === "meta-leader" ? n === leader : n !== leader));
        killed = cluster.names[index] ?? "";
        await cluster.killNode(index);
        restart = new Promise((r) => setTimeout(r, options.downMs ?? 3_000)).then(() => cluster.restartNode(index));
      },
    });
    await restart;
    if (process.env.FAULTS_DEBUG === "1") await dumpConsumers(cluster.url);
    const what = options.victim === "meta-leader" ? "the JetStream meta leader" : "one node (not the meta leader)";
    return await measureFaultFigures(cluster.url, `3-node JetStream cluster (R3), ${what} (${killed}) SIGKILLed under load and brought back`, load, startedMs);
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
    await cluster.stop(2_000);
    rmSync(storeDir, { recursive: true, force: true });
  }
}

/** Where claims wait (FAULTS_DEBUG=1): each hop consumer's pending and ack-pending counts and leader. */
async function dumpConsumers(url: string): Promise<void> {
  const nc = await connectNats({ servers: url, name: "faults-debug" });
  try {
    const jsm = await jetstreamManager(nc);
    for (const stream of [Streams.CLAIMS, Streams.DELIVERY, Streams.ADJUDICATIONS]) {
      const si = await jsm.streams.info(stream);
      console.log(stream, "messages", si.state.messages, "leader", si.cluster?.leader);
      for await (const ci of jsm.consumers.list(stream)) {
        console.log(" ", ci.name, "pending", ci.num_pending, "ack_pending", ci.num_ack_pending, "redelivered", ci.num_redelivered, "waiting", ci.num_waiting, "leader", ci.cluster?.leader);
      }
    }
  } finally {
    await nc.close();
  }
}
