import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import {
  Buckets,
  Headers,
  Consumers,
  Streams,
  Subjects,
  connectNats,
  ensureDurableConsumer,
  ensureTopology,
  startDeadLetterSweeper,
  startMessagePump,
  startStrandedMessageSweep,
  type DeadLetterSweeper,
  type StrandedMessageSweep,
  type MessagePump,
} from "@tongxing/nats";
import { DEFAULT_INSURED_POLICIES, seedPolicies } from "@tongxing/policy";
import { defaultPlatformEntries, seedPlatforms, watchRoutingTable, type WatchedRoutingTable } from "@tongxing/routing";
import {
  createRouterMetrics,
  createServiceRegistry,
  ErrorKind,
  startMetricsServer,
  startPlatformBacklogProbe,
  trackNatsReadiness,
  type MetricsServer,
  type NatsReadiness,
  type PlatformBacklogProbe,
} from "@tongxing/metrics";
import { createLogger, createTracing, type Logger } from "@tongxing/telemetry";
import { resolveRouterConfig, type RouterConfig, type RouterOptions } from "./config/config.js";
import { createBacklogPolicy, type BacklogPolicy } from "./backlog/backlog-policy.js";
import { createQueueReleaser, type QueueReleaser } from "./maintenance/queue-releaser.js";
import { routeClaim } from "./route-claim.js";

/** A router instance: a library object; main.ts is its thin process wrapper. */
export interface Router {
  readonly config: RouterConfig;
  /** http://host:port of /metrics, /healthz and /readyz, once started. */
  readonly metricsUrl: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Creates the router: owns the routing table (seeding it on first start), and moves claims
 * from CLAIMS to each serving platform's DELIVERY subject.
 */
export function createRouter(options: RouterOptions = {}, logger?: Logger): Router {
  const config = resolveRouterConfig(options);
  const log = logger ?? createLogger({ service: "router", level: config.logLevel });
  let nc: NatsConnection | undefined;
  let routing: WatchedRoutingTable | undefined;
  let pump: MessagePump | undefined;
  let sweeper: DeadLetterSweeper | undefined;
  let strandedSweep: StrandedMessageSweep | undefined;
  let releaser: QueueReleaser | undefined;
  let backlogPolicy: BacklogPolicy | undefined;
  let stopping: Promise<void> | undefined;
  const registry = createServiceRegistry();
  const metrics = createRouterMetrics(registry);
  const tracing = createTracing({ service: "router", ...config.tracing, onError: (err) => log.warn({ err }, "trace export failed") });
  let metricsServer: MetricsServer | undefined;
  let natsReadiness: NatsReadiness | undefined;
  let backlog: PlatformBacklogProbe | undefined;

  async function start(): Promise<void> {
    metricsServer = await startMetricsServer({
      address: config.metricsAddress,
      registry,
      isReady: () => pump !== undefined && stopping === undefined && natsReadiness?.ready === true,
    });
    log.info({ url: metricsServer.url }, `metrics on ${metricsServer.url}`);
    nc = await connectNats({ servers: config.natsUrl, name: `router-${process.pid}`, ...(config.natsAuth ?? {}) });
    natsReadiness = trackNatsReadiness(nc);
    const jsm = await jetstreamManager(nc);
    await ensureTopology(nc, jsm, { replicas: config.natsReplicas, ...(config.natsAuth === undefined ? {} : { user: config.natsAuth.user }), ...(config.duplicateWindowMs === undefined ? {} : { duplicateWindowMs: config.duplicateWindowMs }) });
    const kv = await new Kvm(nc).open(Buckets.ROUTING);
    if (config.routingSeed === "default") {
      const created = await seedPlatforms(kv, defaultPlatformEntries());
      if (created > 0) log.info({ created }, "seeded routing table with one platform per province");
    }
    if (config.routingSeed === "default") {
      const seeded = await seedPolicies(await new Kvm(nc).open(Buckets.POLICIES), DEFAULT_INSURED_POLICIES.values());
      if (seeded > 0) log.info({ seeded }, "seeded insured-region policies");
    }
    routing = await watchRoutingTable(kv, (key) => log.warn({ key }, "ignoring invalid routing entry"));
    await ensureDurableConsumer(jsm, {
      stream: Streams.CLAIMS,
      durable: Consumers.ROUTER,
      filterSubject: Subjects.claimsAll,
      maxAckPending: config.concurrency * 4,
      retry: config.retry,
    });
    const js = jetstream(nc);
    sweeper = startDeadLetterSweeper({
      nc,
      js,
      jsm,
      onError: (err) => {
        metrics.error(ErrorKind.HANDLER_FAILED);
        log.error({ err }, "dead-lettering a message its consumer gave up on failed");
      },
      onDeadLettered: (stream, consumer, seq) => log.warn({ stream, consumer, seq }, "message dead-lettered after its consumer's last delivery"),
    });
    // What the advisories above missed (sent while no router ran): found by reading the queues.
    strandedSweep = startStrandedMessageSweep({
      js,
      jsm,
      intervalMs: config.strandedSweepIntervalMs,
      onError: (err) => {
        metrics.error(ErrorKind.HANDLER_FAILED);
        log.warn({ err }, "sweeping stranded work-queue messages failed; next sweep retries");
      },
      onDeadLettered: (stream, consumer, seq) => log.warn({ stream, consumer, seq }, "stranded message dead-lettered: over its delivery limit, its advisory unhandled"),
      onUndetermined: (stream, consumer, stranded) => log.warn({ stream, consumer, stranded }, "messages over their delivery limit wait for their consumer to be idle to be told apart"),
    });
    strandedSweep.sweep().catch((err: unknown) => log.warn({ err }, "sweeping stranded work-queue messages failed; next sweep retries"));
    const table = routing.table;
    const queue = createQueueReleaser({
      js,
      jsm,
      table,
      log,
      onError: (err) => {
        metrics.error(ErrorKind.HANDLER_FAILED);
        log.error({ err }, "releasing queued claims failed; will retry");
      },
    });
    releaser = queue;
    await queue.resume();
    const limits = createBacklogPolicy({
      js,
      jsm,
      table,
      log,
      intervalMs: config.backlogIntervalMs,
      resultRetentionMs: config.resultRetentionMs,
      onError: (err) => {
        metrics.error(ErrorKind.BACKLOG_PROBE_FAILED);
        log.warn({ err }, "backlog policy reading failed");
      },
    });
    backlogPolicy = limits;
    await limits.check();
    pump = await startMessagePump({
      js,
      stream: Streams.CLAIMS,
      durable: Consumers.ROUTER,
      concurrency: config.concurrency,
      handler: (msg) => routeClaim(msg, js, table, log, { tracer: tracing.tracer, metrics }, queue, limits),
      onError: (err, msg) => {
        metrics.error(ErrorKind.HANDLER_FAILED);
        log.error({ err, seq: msg.seq, deliveries: msg.info.deliveryCount }, "routing failed; will retry");
      },
      onDeadLettered: (reason, detail, msg) => log.warn({ reason, detail, seq: msg.seq, claim_id: msg.headers?.get(Headers.CLAIM_ID) }, "claim dead-lettered"),
    });
    backlog = startPlatformBacklogProbe({
      jsm,
      metrics,
      platforms: () => table.platforms().map((p) => p.id),
      onError: (err) => {
        metrics.error(ErrorKind.BACKLOG_PROBE_FAILED);
        log.warn({ err }, "platform backlog probe failed");
      },
    });
    log.info({ nats: config.natsUrl, platforms: table.size }, "router started");
  }

  async function stop(): Promise<void> {
    stopping ??= (async () => {
      // Whatever fails on the way, the NATS connection closes: left open it reconnects for ever
      // and keeps the process alive.
      try {
        await backlog?.stop();
        await backlogPolicy?.stop();
        sweeper?.stop();
        await strandedSweep?.stop();
        await pump?.stop();
        await releaser?.stop();
        routing?.stop();
      } finally {
        await nc?.drain().catch(async () => nc?.close());
      }
      await tracing.shutdown();
      await metricsServer?.close();
      log.info("router stopped");
    })();
    return stopping;
  }

  return {
    config,
    get metricsUrl() {
      return metricsServer?.url ?? "";
    },
    start,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
