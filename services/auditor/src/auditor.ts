import type { FastifyInstance } from "fastify";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import {
  Buckets,
  Consumers,
  Streams,
  Subjects,
  connectNats,
  ensureDurableConsumer,
  ensureTopology,
  startMessagePump,
  type MessagePump,
} from "@tongxing/nats";
import { openClaimStore } from "@tongxing/claim-store";
import { openReconciliationLog } from "@tongxing/ledger";
import { watchPolicies } from "@tongxing/policy";
import { watchRoutingTable, type WatchedRoutingTable } from "@tongxing/routing";
import {
  createAuditorMetrics,
  createServiceRegistry,
  ErrorKind,
  startMetricsServer,
  trackNatsReadiness,
  type MetricsServer,
  type NatsReadiness,
} from "@tongxing/metrics";
import { createLogger, createTracing, type Logger } from "@tongxing/telemetry";
import { DEV_PRIVACY_KEY_FILE, installServicePrivacyKeys } from "@tongxing/privacy";
import { startPruningJob, type PruningJob } from "./retention/pruning-job.js";
import { resolveAuditorConfig, type AuditorConfig, type AuditorOptions } from "./config/config.js";
import type { ClaimRecord } from "@tongxing/proto";
import { ChainAppender } from "./audit-chain/chain-appender.js";
import { withEvidence } from "./audit-chain/event-evidence.js";
import { createAccountStore } from "./console/account-store.js";
import { openConsoleBucket } from "./console/open-console-bucket.js";
import { createConsoleServer } from "./console/console-server.js";
import { watchKvMirror, type KvMirror } from "./console/kv-mirror.js";
import { createSessionStore, openSessionBucket, SESSION_KEYS, SESSION_TTL_MS } from "./console/session-store.js";
import { createSignInLimiter } from "./console/sign-in-limiter.js";
import { followAuditChain, LiveStats } from "./console/overview/live-stats.js";
import { createPlatformTiles } from "./console/overview/platform-tiles.js";
import { createCachedTiles } from "./console/overview/cached-tiles.js";
import { watchInstitutions } from "./institutions/networked-institutions.js";
import { noCrashPoints } from "./reversals/crash-point.js";
import { handleReversal } from "./reversals/handle-reversal.js";
import { startAdjudicationResponder, type AdjudicationResponder } from "./adjudication-responder.js";
import { settleClaim } from "./settle-claim.js";
import { startDecisionSweeper, type DecisionSweeper } from "./review/resume-decisions.js";
import { crashAtFaultPoint } from "./review/crash-at-fault-point.js";

/** An auditor instance: a library object; main.ts is its thin process wrapper. */
export interface Auditor {
  readonly config: AuditorConfig;
  /** http://host:port of the regulators' API, once started. */
  readonly regulatorApiUrl: string;
  /** http://host:port of /metrics, /healthz and /readyz, once started. */
  readonly metricsUrl: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Creates the auditor: re-checks every adjudication before settlement (the links' requests, and
 * the hub's refusals and cancels on ADJUDICATIONS), records the verdict and sends each final
 * result to the submitter.
 */
export function createAuditor(options: AuditorOptions = {}, logger?: Logger): Auditor {
  const config = resolveAuditorConfig(options);
  installServicePrivacyKeys(config.privacyKeyFile, DEV_PRIVACY_KEY_FILE);
  const log = logger ?? createLogger({ service: "auditor", level: config.logLevel });
  let nc: NatsConnection | undefined;
  let routing: WatchedRoutingTable | undefined;
  let pump: MessagePump | undefined;
  let reversalPump: MessagePump | undefined;
  let responder: AdjudicationResponder | undefined;
  let stopping: Promise<void> | undefined;
  let regulatorApi: FastifyInstance | undefined;
  let mirrors: KvMirror[] = [];
  let policies: { stop(): void } | undefined;
  let institutions: { stop(): void } | undefined;
  let regulatorApiUrl = "";
  let pruning: PruningJob | undefined;
  const registry = createServiceRegistry();
  const metrics = createAuditorMetrics(registry);
  const tracing = createTracing({ service: "auditor", ...config.tracing, onError: (err) => log.warn({ err }, "trace export failed") });
  let metricsServer: MetricsServer | undefined;
  let natsReadiness: NatsReadiness | undefined;
  let decisionSweeper: DecisionSweeper | undefined;

  async function start(): Promise<void> {
    metricsServer = await startMetricsServer({
      address: config.metricsAddress,
      registry,
      isReady: () => pump !== undefined && stopping === undefined && natsReadiness?.ready === true,
    });
    log.info({ url: metricsServer.url }, `metrics on ${metricsServer.url}`);
    nc = await connectNats({ servers: config.natsUrl, name: `auditor-${process.pid}`, ...(config.natsAuth ?? {}) });
    natsReadiness = trackNatsReadiness(nc);
    const jsm = await jetstreamManager(nc);
    await ensureTopology(nc, jsm, { replicas: config.natsReplicas, ...(config.natsAuth === undefined ? {} : { user: config.natsAuth.user }) });
    const kvm = new Kvm(nc);
    routing = await watchRoutingTable(await kvm.open(Buckets.ROUTING));
    await ensureDurableConsumer(jsm, {
      stream: Streams.ADJUDICATIONS,
      durable: Consumers.AUDITOR,
      filterSubject: Subjects.adjudicationsAll,
      maxAckPending: config.concurrency * 4,
    });
    // Cancels and reversals: their own stream and consumer, never the adjudication hop.
    await ensureDurableConsumer(jsm, {
      stream: Streams.REVERSALS,
      durable: Consumers.REVERSER,
      filterSubject: Subjects.reversalsHubAll,
      maxAckPending: 256,
    });
    const js = jetstream(nc);
    const chain = new ChainAppender({ nc, js, hash: config.chainHash, log });
    const watchedPolicies = await watchPolicies(await kvm.open(Buckets.POLICIES), (key) => log.warn({ key }, "ignoring invalid policy"));
    policies = watchedPolicies;
    const watchedInstitutions = await watchInstitutions(await kvm.open(Buckets.INSTITUTIONS));
    institutions = watchedInstitutions;
    // Every claim event goes into the audit chain, in the claim store, before its record is written.
    // The chain holds each money event with its evidence (amounts, digests; the hub's signature on
    // verdicts and settlements), added here, in the one hook every transition goes through.
    const table = routing.table;
    const evidence = { hubKey: config.hubSigningKey, fundIncludesAcct: (r: ClaimRecord) => table.platform(r.adjudication?.adjudicatedBy ?? "")?.fundIncludesAcct ?? false };
    if (config.hubSigningKey === undefined) log.warn("no hub signing key (HUB_SIGNING_KEY_FILE): verdicts and settlements are chained unsigned");
    const store = await openClaimStore(nc, { chain: (events, record) => chain.append(withEvidence(events, record, evidence)) });
    const deps = { js, nc, store, routing: routing.table, log, policies: watchedPolicies.book, filings: await kvm.open(Buckets.FILINGS), presettlements: await kvm.open(Buckets.PRESETTLEMENTS), institutions: watchedInstitutions.list, tracer: tracing.tracer, metrics, ...(config.crashAt === undefined ? {} : { faultPoint: crashAtFaultPoint(config.crashAt, log) }) };
    // Decisions a crash left part-done are finished before new work is taken, then periodically.
    decisionSweeper = startDecisionSweeper(deps, config.decisionSweepIntervalMs);
    const resumed = await decisionSweeper.sweep().catch((err: unknown) => (log.warn({ err }, "decision sweep at start-up failed; the periodic sweep retries"), 0));
    if (resumed > 0) log.info({ resumed }, `finished ${resumed} regulators' decisions left part-done`);
    const consoleKv = await openConsoleBucket(nc, config.natsReplicas);
    const sessionKv = await openSessionBucket(nc, config.natsReplicas);
    // Accounts, tokens and sessions followed in memory: signing a console request in reads no NATS.
    const accountMirror = await watchKvMirror(consoleKv);
    const sessionMirror = await watchKvMirror(sessionKv, { key: SESSION_KEYS, ttlMs: SESSION_TTL_MS });
    mirrors = [accountMirror, sessionMirror];
    const liveStats = new LiveStats();
    followAuditChain(nc, liveStats, (err) => log.warn({ err }, "overview: unreadable audit block"));
    const api = await createConsoleServer({
      deps,
      nc,
      consoleKv,
      reconciliations: await openReconciliationLog(nc),
      searchScanLimit: config.console.searchScanLimit,
      accounts: createAccountStore(consoleKv, accountMirror),
      sessions: createSessionStore(sessionKv, SESSION_TTL_MS, sessionMirror),
      limiter: createSignInLimiter(sessionKv),
      fourEyesAboveFen: config.console.fourEyesAboveFen,
      secureCookies: config.console.secureCookies,
      liveStats,
      platformTiles: createCachedTiles(createPlatformTiles(jsm, routing.table), 2_000, (err) => log.warn({ err }, "overview: platform tiles not sampled")),
      streams: new Set(),
      chain,
      ...(config.hubSigningKey === undefined || config.periodRootsDir === undefined ? {} : { periodRoots: { hubKey: config.hubSigningKey, rootsDir: config.periodRootsDir } }),
    });
    regulatorApi = api;
    await api.listen({ port: config.regulatorApi.port, host: config.regulatorApi.host });
    const bound = api.server.address();
    regulatorApiUrl = `http://${config.regulatorApi.host}:${typeof bound === "object" && bound !== null ? bound.port : config.regulatorApi.port}`;
    log.info({ url: regulatorApiUrl }, `regulators' console on ${regulatorApiUrl}/console/ (API under /api/v1/)`);
    // A console-only instance takes no claims: the other instances settle them.
    if (config.consoleOnly) log.info("console only (AUDITOR_CONSOLE_ONLY): this instance takes no adjudications, cancels or reversals");
    else {
      pump = await startMessagePump({
        js,
        stream: Streams.ADJUDICATIONS,
        durable: Consumers.AUDITOR,
        concurrency: config.concurrency,
        // The hub's own refusals (the router's) and cancels; platforms' adjudications come by request.
        handler: (msg) => settleClaim({ data: msg.data, subject: msg.subject, ...(msg.headers === undefined ? {} : { headers: msg.headers }), deliveryCount: msg.info.deliveryCount }, deps),
        onError: (err, msg) => {
          metrics.error(ErrorKind.HANDLER_FAILED);
          log.error({ err, seq: msg.seq }, "settlement step failed; will retry");
        },
      });
      // The same testing hook (TONGXING_CRASH_AT) serves the reversal's step boundaries.
      const reversalDeps = { ...deps, crashPoint: deps.faultPoint ?? noCrashPoints };
      reversalPump = await startMessagePump({
        js,
        stream: Streams.REVERSALS,
        durable: Consumers.REVERSER,
        concurrency: 16,
        handler: (msg) => handleReversal(msg, reversalDeps),
        onError: (err, msg) => {
          metrics.error(ErrorKind.HANDLER_FAILED);
          log.error({ err, seq: msg.seq }, "reversal step failed; will retry");
        },
      });
      responder = startAdjudicationResponder(nc, deps);
    }
    pruning = startPruningJob(store, config.retention, log);
    log.info({ nats: config.natsUrl }, "auditor started");
  }

  async function stop(): Promise<void> {
    stopping ??= (async () => {
      // Whatever fails on the way, the NATS connection closes: left open it reconnects for ever
      // and keeps the process alive.
      try {
        await regulatorApi?.close();
        for (const m of mirrors) m.stop();
        await responder?.stop();
        decisionSweeper?.stop();
        await pump?.stop();
        await reversalPump?.stop();
        await pruning?.stop();
        routing?.stop();
        policies?.stop();
        institutions?.stop();
      } finally {
        await nc?.drain().catch(async () => nc?.close());
      }
      await tracing.shutdown();
      await metricsServer?.close();
      log.info("auditor stopped");
    })();
    return stopping;
  }

  return {
    config,
    get regulatorApiUrl() {
      return regulatorApiUrl;
    },
    get metricsUrl() {
      return metricsServer?.url ?? "";
    },
    start,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
