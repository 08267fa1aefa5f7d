// The pipeline-skeleton reference: starts the skeleton's edge, router, auditor and platforms as
// processes against the bench's nats-server, drives settle calls through them from this process
// (optionally an open loop at the hub's rate, then a closed loop) and accounts each process's CPU
// per answered claim, in the same unit as the hub's. Its rate, CPU and latency are the floor of the
// hub's process design on this machine.
import { credentials, makeGenericClientConstructor, Metadata, type Client } from "@grpc/grpc-js";
import { jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { freePort } from "@tongxing/testkit";
import { runClosedLoop, runOpenLoop } from "../../load/open-loop.js";
import { createServiceGroup } from "../bench-services.js";
import { cpuPerClaim, sampleCpu, type AccountedProcess, type CpuRow } from "../cpu-per-claim.js";
import { messagesPerClaim, readNatsMessages, type MessagesPerClaim } from "../nats-messages.js";
import { openLoopSummary, type OpenLoopSummary } from "../open-loop-summary.js";
import { ensureSkeletonTopology, frame, frameId, platformIds, removeSkeletonTopology, SKELETON_BUCKET, SkeletonStreams, type SkeletonSizes, type SkeletonVariant } from "./skeleton-layout.js";
import { PLATFORM_METADATA, SKELETON_SERVICE } from "./skeleton-service.js";

/** Options for {@link measurePipelineSkeleton}. */
export interface SkeletonRunOptions {
  readonly nc: NatsConnection;
  readonly natsUrl: string;
  /** nats-server's pid, for its share of the CPU; omitted, it is not accounted. */
  readonly natsPid?: number;
  /** nats-server's monitoring URL, for its messages per claim; omitted, they are not counted. */
  readonly natsMonitorUrl?: string;
  readonly sizes: SkeletonSizes;
  /** The process design to measure; default `hub`, today's. */
  readonly variant?: SkeletonVariant;
  readonly platforms?: number;
  readonly concurrency: number;
  readonly channels: number;
  readonly warmupSec?: number;
  readonly durationSec: number;
  /**
   * An open-loop phase before saturation, at the hub's open-loop rate: the design's latency at
   * that rate with none of the hub's work (the floor under the p99 target). Omitted, none.
   */
  readonly openLoop?: { readonly ratePerSec: number; readonly durationSec: number; readonly warmupSec?: number };
  readonly logDir: string;
  readonly say: (line: string) => void;
}

/** What the skeleton did. */
export interface SkeletonRun {
  readonly perSec: number;
  /** Answered calls of every phase (warm-up, open loop, saturation). */
  readonly completed: number;
  readonly errors: number;
  readonly cpu: { readonly rows: readonly CpuRow[]; readonly total: CpuRow };
  /** Messages each skeleton stream took in (its last sequence), for checking the hop count. */
  readonly streamMessages: Readonly<Record<string, number>>;
  /** Keys in the skeleton's KV bucket at the end, and the size of the first claim's record. */
  readonly kvKeys: number;
  readonly firstRecordBytes: number | undefined;
  /** The open-loop phase, when one was asked for. */
  readonly openLoop?: OpenLoopSummary;
  /** nats-server's messages per claim during saturation, when its monitoring URL was given. */
  readonly natsMessages?: MessagesPerClaim;
}

type SettleClient = Client & { settle(req: Buffer, md: Metadata, o: object, cb: (e: Error | null, res?: Buffer) => void): void };

export async function measurePipelineSkeleton(options: SkeletonRunOptions): Promise<SkeletonRun> {
  const platforms = platformIds(options.platforms ?? 31);
  await ensureSkeletonTopology(options.nc, await jetstreamManager(options.nc), platforms);
  const address = `127.0.0.1:${await freePort()}`;
  const variant = options.variant ?? "hub";
  const env = { NATS_URL: options.natsUrl, SKELETON_ADDRESS: address, SKELETON_PLATFORMS: String(platforms.length), SKELETON_SIZES: JSON.stringify(options.sizes), SKELETON_VARIANT: variant };
  const group = createServiceGroup({ logDir: options.logDir, say: options.say, env });
  const Ctor = makeGenericClientConstructor(SKELETON_SERVICE, "Skeleton");
  const clients = Array.from({ length: Math.max(1, options.channels) }, () => new Ctor(address, credentials.createInsecure()) as unknown as SettleClient);
  try {
    await group.launch("skeleton", "skeleton-edge", { SKELETON_ROLE: "edge" });
    const roles = { hub: ["router", "auditor", "platform"], direct: ["auditor", "platform"], "edge-only": [], "link-only": ["platform"], lean: ["auditor", "platform"] }[variant];
    for (const role of roles) await group.launch("skeleton", `skeleton-${role}`, { SKELETON_ROLE: role });
    const run = `${process.pid}-${Date.now().toString(36)}`;
    const idOf = (i: number) => `skel-${run}-${i}`;
    const call = (i: number) =>
      new Promise<void>((resolve, reject) => {
        const md = new Metadata();
        md.set(PLATFORM_METADATA, platforms[i % platforms.length] as string);
        const id = idOf(i);
        (clients[i % clients.length] as SettleClient).settle(frame(id, options.sizes.request), md, { deadline: Date.now() + 30_000 }, (e, res) => {
          if (e !== null) reject(e);
          else if (res === undefined || frameId(res) !== id || res.byteLength !== options.sizes.response) reject(new Error(`skeleton answered claim ${id} with something else`));
          else resolve();
        });
      });
    // Warm-up (JIT, consumers' first pulls), not measured; its calls are counted in the streams.
    const warm = await runClosedLoop(Math.min(64, options.concurrency), options.warmupSec ?? 3, call);
    const open = options.openLoop === undefined ? undefined : await openLoopPhase(options.openLoop, (i) => call(2_000_000_000 + i), options.say);
    const accounted: AccountedProcess[] = [
      ...(options.natsPid === undefined ? [] : [{ name: "nats-server", pid: options.natsPid }]),
      ...group.services.map((s) => ({ name: s.name, pid: s.pid })),
      { name: "load generator", pid: "self" as const },
    ];
    const before = sampleCpu(accounted);
    const msgsBefore = options.natsMonitorUrl === undefined ? undefined : await readNatsMessages(options.natsMonitorUrl);
    const started = performance.now();
    const result = await runClosedLoop(options.concurrency, options.durationSec, (i) => call(1_000_000_000 + i));
    const cpu = cpuPerClaim(before, sampleCpu(accounted), (performance.now() - started) / 1000, result.completed);
    const natsMessages = msgsBefore === undefined || options.natsMonitorUrl === undefined ? undefined : messagesPerClaim(msgsBefore, await readNatsMessages(options.natsMonitorUrl), result.completed);
    const jsm = await jetstreamManager(options.nc);
    const streamMessages: Record<string, number> = {};
    for (const name of Object.values(SkeletonStreams)) streamMessages[name] = (await jsm.streams.info(name)).state.last_seq;
    // nats-server leaves num_subjects out when it is zero.
    const kvKeys = (await jsm.streams.info(`KV_${SKELETON_BUCKET}`)).state.num_subjects ?? 0;
    const firstRecord = await (await new Kvm(options.nc).open(SKELETON_BUCKET)).get(`rec.${idOf(0)}`);
    return {
      perSec: result.perSec,
      completed: result.completed + warm.completed + (open?.completed ?? 0),
      errors: result.errors + warm.errors + (open?.errors ?? 0),
      cpu,
      streamMessages,
      kvKeys,
      firstRecordBytes: firstRecord?.value.byteLength,
      ...(open === undefined ? {} : { openLoop: open }),
      ...(natsMessages === undefined ? {} : { natsMessages }),
    };
  } finally {
    for (const c of clients) c.close();
    await group.stopAll();
    await removeSkeletonTopology(options.nc, await jetstreamManager(options.nc));
  }
}

async function openLoopPhase(phase: NonNullable<SkeletonRunOptions["openLoop"]>, send: (i: number) => Promise<void>, say: (line: string) => void): Promise<OpenLoopSummary> {
  const started = performance.now();
  const r = await runOpenLoop({ ratePerSec: phase.ratePerSec, durationSec: phase.durationSec, warmupSec: phase.warmupSec ?? 0, send, onProgress: say });
  say(`  open loop done in ${((performance.now() - started) / 1000).toFixed(0)} s: answered ${r.completed} of ${r.sent}, errors ${r.errors}`);
  return openLoopSummary(r, phase.durationSec);
}
