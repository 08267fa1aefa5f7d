import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { jetstreamManager, StorageType } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connectNats } from "./connect.js";
import { findNatsServerBinary, NatsServerMissingError, spawnNatsServer, type NatsServerProcess } from "./nats-server-process.js";

/** Options for a local nats-server JetStream cluster (one process per node). */
export interface NatsClusterOptions {
  /** Parent folder: each node gets <storeDir>/<server_name>/ for its JetStream store and its config. */
  readonly storeDir: string;
  /** Nodes; default 3 (the smallest cluster that survives the loss of one). */
  readonly size?: number;
  /** Cluster name shared by the nodes; default "tongxing". */
  readonly clusterName?: string;
  /** Host every node listens on (clients and routes); loopback by default. */
  readonly host?: string;
  readonly binary?: string;
  /** How long each node may take to listen, and the cluster to elect a JetStream meta leader. */
  readonly startTimeoutMs?: number;
  /** As for a single server: own process groups, so Ctrl-C reaches the parent only. */
  readonly ownProcessGroup?: boolean;
}

/** A running local cluster. */
export interface NatsClusterProcess {
  /** Every node's client URL, comma-separated: what NATS_URL takes. */
  readonly url: string;
  readonly urls: readonly string[];
  /** The running node processes (a restarted node's new process replaces its old one). */
  readonly nodes: readonly NatsServerProcess[];
  readonly clusterName: string;
  /** Each node's server_name, by index. */
  readonly names: readonly string[];
  /** SIGKILLs node `index` (a crash). */
  killNode(index: number): Promise<void>;
  /** Starts node `index` again with its own config and store (same ports): it rejoins the cluster. */
  restartNode(index: number): Promise<NatsServerProcess>;
  /** The server_name of the JetStream meta leader, read from a node's monitoring endpoint (/jsz). */
  metaLeader(): Promise<string>;
  /** Stops every node. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

/** A TCP port on `host` (default loopback) that was free a moment ago. */
export function freeTcpPort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, host, () => {
      const address = srv.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** nats-server configuration of one node (JSON strings are valid in its config syntax). */
function nodeConfig(node: { name: string; host: string; clientPort: number; routePort: number; monitorPort: number; storeDir: string }, clusterName: string, peers: readonly string[]): string {
  return [
    `server_name: ${JSON.stringify(node.name)}`,
    `listen: ${JSON.stringify(`${node.host}:${node.clientPort}`)}`,
    `http: ${JSON.stringify(`${node.host}:${node.monitorPort}`)}`,
    `jetstream {`,
    `  store_dir: ${JSON.stringify(node.storeDir)}`,
    `}`,
    `cluster {`,
    `  name: ${JSON.stringify(clusterName)}`,
    `  listen: ${JSON.stringify(`${node.host}:${node.routePort}`)}`,
    `  routes: [${peers.map((p) => JSON.stringify(p)).join(", ")}]`,
    `}`,
    "",
  ].join("\n");
}

/**
 * Starts a JetStream cluster of `size` nats-server processes on free loopback ports: each node
 * with its own server_name, store folder and config file, routes to every other node, one shared
 * cluster name. Resolves once the cluster has a JetStream meta leader and can place a stream
 * with one replica per node.
 */
export async function startNatsCluster(options: NatsClusterOptions): Promise<NatsClusterProcess> {
  const binary = options.binary ?? findNatsServerBinary();
  if (binary === undefined) throw new NatsServerMissingError();
  const size = options.size ?? 3;
  if (!Number.isInteger(size) || size < 1 || size > 9) throw new Error(`cluster size must be an integer in 1..9, got ${size}`);
  const host = options.host ?? "127.0.0.1";
  const clusterName = options.clusterName ?? "tongxing";
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const specs: { name: string; host: string; clientPort: number; routePort: number; monitorPort: number; storeDir: string; dir: string }[] = [];
  for (let i = 1; i <= size; i++) {
    const name = `${clusterName}-n${i}`;
    const dir = join(options.storeDir, name);
    mkdirSync(dir, { recursive: true });
    specs.push({ name, host, clientPort: await freeTcpPort(host), routePort: await freeTcpPort(host), monitorPort: await freeTcpPort(host), storeDir: join(dir, "jetstream"), dir });
  }
  const nodes: NatsServerProcess[] = [];
  const stopAll = async (graceMs?: number) => {
    await Promise.all(nodes.map((n) => n.stop(graceMs)));
  };
  try {
    // All nodes at once: each waits for its routes, and JetStream elects a meta leader once a
    // quorum has joined.
    const started = await Promise.all(
      specs.map((spec) => {
        const peers = specs.filter((s) => s !== spec).map((s) => `nats-route://${s.host}:${s.routePort}`);
        const file = join(spec.dir, "nats-server.conf");
        writeFileSync(file, nodeConfig(spec, clusterName, peers));
        return spawnNatsServer(binary, ["-c", file], host, startTimeoutMs, options.ownProcessGroup === true).then((n) => {
          nodes.push(n);
          return n;
        });
      }),
    );
    const urls = started.map((n) => n.url);
    await waitForJetStreamCluster(urls.join(","), size, startTimeoutMs);
    let stopping: Promise<void> | undefined;
    const current = [...started];
    const specAt = (index: number) => {
      const spec = specs[index];
      if (spec === undefined) throw new Error(`no node ${index} in a cluster of ${size}`);
      return spec;
    };
    return {
      url: urls.join(","),
      urls,
      get nodes() {
        return current;
      },
      clusterName,
      names: specs.map((s) => s.name),
      async killNode(index) {
        specAt(index);
        current[index]?.kill();
        await current[index]?.stop(0);
      },
      async restartNode(index) {
        const spec = specAt(index);
        const node = await spawnNatsServer(binary, ["-c", join(spec.dir, "nats-server.conf")], host, startTimeoutMs, options.ownProcessGroup === true);
        current[index] = node;
        nodes.push(node);
        return node;
      },
      async metaLeader() {
        for (const spec of specs) {
          try {
            const res = await fetch(`http://${spec.host}:${spec.monitorPort}/jsz`, { signal: AbortSignal.timeout(2_000) });
            const body = (await res.json()) as { meta_cluster?: { leader?: string } };
            if (body.meta_cluster?.leader !== undefined && body.meta_cluster.leader !== "") return body.meta_cluster.leader;
          } catch {
            // a node that is down: ask the next
          }
        }
        throw new Error("no node names a JetStream meta leader");
      },
      stop(graceMs?: number) {
        stopping ??= stopAll(graceMs);
        return stopping;
      },
    };
  } catch (err) {
    await stopAll(1_000);
    throw err;
  }
}

/**
 * Waits until the cluster answers JetStream API requests (it has a meta leader) and can place a
 * stream with `replicas` replicas (enough peers have joined the meta group).
 */
export async function waitForJetStreamCluster(url: string, replicas: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let nc: NatsConnection | undefined;
  let last: unknown;
  try {
    nc = await connectNats({ servers: url, name: "cluster-probe" });
    const jsm = await jetstreamManager(nc, { timeout: 2_000, checkAPI: false });
    const probe = `CLUSTER_PROBE_${process.pid}`;
    while (Date.now() < deadline) {
      try {
        await jsm.getAccountInfo();
        await jsm.streams.add({ name: probe, subjects: [`cluster-probe.${process.pid}`], storage: StorageType.Memory, num_replicas: replicas });
        await jsm.streams.delete(probe);
        return;
      } catch (err) {
        last = err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    throw new Error(`the JetStream cluster at ${url} did not become ready (meta leader, ${replicas} peers) within ${timeoutMs} ms: ${last instanceof Error ? last.message : String(last)}`);
  } finally {
    await nc?.close();
  }
}
