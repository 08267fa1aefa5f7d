// The scale scenario's hub: a local JetStream cluster (3 nodes by default, streams and buckets
// with 3 replicas) and N translators, N routers and N auditors as processes, with the simulated
// platforms spread over the translators. Everything on 127.0.0.1.
import { join } from "node:path";
import { PROVINCES } from "@tongxing/domain";
import { freeTcpPort as freePort, startNatsCluster, type NatsClusterProcess } from "@tongxing/nats";
import { createServiceGroup, type ServiceGroup } from "./bench-services.js";
import { BENCH_IDENTITY_ENV } from "./bench-identity.js";

/** Options for {@link startScaleHub}. */
export interface ScaleHubOptions {
  /** Translators, routers and auditors: this many of each. */
  readonly instances: number;
  /** nats-server nodes; default 3. Replicas are min(3, nodes). */
  readonly clusterSize?: number;
  /** Folder for the cluster's stores and configs. */
  readonly storeDir: string;
  /** Folder for the processes' logs. */
  readonly logDir: string;
  /** Simulator processes sharing the 31 platforms; default 1. */
  readonly simulators?: number;
  /**
   * Provinces whose platform keeps a link to every translator at once (the others have one link
   * each, spread round-robin); default none.
   */
  readonly multiLinkProvinces?: readonly string[];
  /** LOG_LEVEL of the processes: info (default) or lower, since readiness is read from info lines. */
  readonly logLevel?: string;
  readonly profile?: boolean;
  /** How long all links may take to come up. Default 60 s. */
  readonly linksTimeoutMs?: number;
  readonly say: (line: string) => void;
  /** Given, as soon as there is something to kill, a function that SIGKILLs all of it (for deadlines). */
  readonly onKillable?: (kill: () => void) => void;
}

/** One service instance: its metrics endpoint, and for translators the gRPC address. */
export interface HubInstance {
  readonly name: string;
  readonly metricsUrl: string;
}

/** A running scale hub. */
export interface ScaleHub {
  readonly cluster: NatsClusterProcess;
  readonly replicas: number;
  readonly translators: readonly (HubInstance & { readonly address: string })[];
  readonly routers: readonly HubInstance[];
  readonly auditors: readonly HubInstance[];
  /** ProvinceLink connections the simulators hold (one per platform, more for multi-link ones). */
  readonly links: number;
  /** Stops every process, then the cluster. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL to everything (a deadline passed). */
  kill(): void;
}

/** Sum of every sample of `metric` (all label sets) in a Prometheus text exposition. */
export function sumMetric(text: string, metric: string): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(metric)) continue;
    const rest = line.slice(metric.length);
    if (rest[0] !== "{" && rest[0] !== " ") continue;
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (Number.isFinite(value)) sum += value;
  }
  return sum;
}

/** Reads one metric (summed over labels) from each instance's /metrics. */
export async function scrape(instances: readonly HubInstance[], metric: string): Promise<number[]> {
  return Promise.all(
    instances.map(async (i) => {
      const res = await fetch(`${i.metricsUrl}/metrics`, { signal: AbortSignal.timeout(5_000) });
      return sumMetric(await res.text(), metric);
    }),
  );
}

/**
 * Starts the cluster, then N routers (they seed the routing table and policies), N auditors and
 * N translators, then the simulated platforms, and resolves once every platform link is up.
 */
export async function startScaleHub(options: ScaleHubOptions): Promise<ScaleHub> {
  const n = options.instances;
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`instances must be an integer in 1..64, got ${n}`);
  const clusterSize = options.clusterSize ?? 3;
  const replicas = Math.min(3, clusterSize);
  const say = options.say;
  const cluster = await startNatsCluster({ storeDir: options.storeDir, size: clusterSize, clusterName: "tongxing-scale", ownProcessGroup: true });
  say(`  JetStream cluster up: ${cluster.nodes.length} nodes (${cluster.url}), replicas ${replicas}`);
  const group: ServiceGroup = createServiceGroup({
    logDir: options.logDir,
    profile: options.profile ?? false,
    say,
    env: { NATS_URL: cluster.url, NATS_REPLICAS: String(replicas), LOG_LEVEL: options.logLevel ?? "info", ...BENCH_IDENTITY_ENV },
  });
  const kill = () => {
    group.killAll();
    for (const node of cluster.nodes) node.kill();
  };
  options.onKillable?.(kill);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await group.stopAll();
      await cluster.stop();
    })());
  try {
    const metricsAddress = async () => `127.0.0.1:${await freePort()}`;
    const instance = async (name: string): Promise<{ name: string; metricsUrl: string; env: Record<string, string> }> => {
      const m = await metricsAddress();
      return { name, metricsUrl: `http://${m}`, env: { METRICS_ADDRESS: m } };
    };
    const routers = await Promise.all(Array.from({ length: n }, (_, i) => instance(`router-${i + 1}`)));
    const auditors = await Promise.all(Array.from({ length: n }, (_, i) => instance(`auditor-${i + 1}`)));
    const translators = await Promise.all(
      Array.from({ length: n }, async (_, i) => ({ ...(await instance(`translator-${i + 1}`)), address: `127.0.0.1:${await freePort()}` })),
    );
    await Promise.all(routers.map((r) => group.launch("router", r.name, r.env)));
    say(`  ${n} router(s) up`);
    await Promise.all([
      ...auditors.map((a) => group.launch("auditor", a.name, { ...a.env, REGULATOR_API_ADDRESS: "127.0.0.1:0" })),
      ...translators.map((t) => group.launch("translator", t.name, { ...t.env, GRPC_ADDRESS: t.address })),
    ]);
    say(`  ${n} auditor(s) and ${n} translator(s) up`);

    // Platforms spread over the translators: simulator process j takes every s-th province and
    // starts its round-robin at translator j, so consecutive provinces land on different ones.
    const addresses = translators.map((t) => t.address);
    const simulators = Math.max(1, Math.min(options.simulators ?? 1, PROVINCES.length));
    const multi = options.multiLinkProvinces ?? [];
    let links = 0;
    const sims: Promise<unknown>[] = [];
    for (let j = 0; j < simulators; j++) {
      const provinces = PROVINCES.map((p) => p.code).filter((_, i) => i % simulators === j);
      const rotated = addresses.map((_, k) => addresses[(j + k) % addresses.length] as string);
      const own = multi.filter((c) => provinces.includes(c));
      links += provinces.length + own.length * (addresses.length - 1);
      sims.push(
        group.launch("simulator", `simulator-${j + 1}`, {
          GATEWAY_ADDRESS: rotated.join(","),
          SIM_PROVINCES: provinces.join(","),
          SIM_MULTI_LINK: own.join(","),
        }),
      );
    }
    await Promise.all(sims);
    await waitForLinks(translators, links, options.linksTimeoutMs ?? 60_000);
    say(`  ${simulators} simulator process(es) up: ${links} platform links over ${n} translator(s)`);
    return {
      cluster,
      replicas,
      translators: translators.map((t) => ({ name: t.name, metricsUrl: t.metricsUrl, address: t.address })),
      routers: routers.map((r) => ({ name: r.name, metricsUrl: r.metricsUrl })),
      auditors: auditors.map((a) => ({ name: a.name, metricsUrl: a.metricsUrl })),
      links,
      stop,
      kill,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Waits until the translators together report `expected` platform links up. */
async function waitForLinks(translators: readonly HubInstance[], expected: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let up = 0;
  while (Date.now() < deadline) {
    up = (await scrape(translators, "tongxing_link_up")).reduce((a, b) => a + b, 0);
    if (up >= expected) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`only ${up} of ${expected} platform links came up within ${timeoutMs} ms`);
}
