import { Server, ServerCredentials } from "@grpc/grpc-js";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { Buckets, connectNats, ensureTopology } from "@tongxing/nats";
import { ClaimGateway, FilingRegistry, InstitutionRegistry, ProvinceLink, Reconciliation } from "@tongxing/proto";
import { toGrpcServiceDefinition } from "@tongxing/proto/grpc";
import { watchRoutingTable, type WatchedRoutingTable } from "@tongxing/routing";
import { watchInstitutionRegistry, type WatchedInstitutions } from "@tongxing/filings";
import { createServiceRegistry, createTranslatorMetrics, startMetricsServer, trackNatsReadiness, type MetricsServer, type NatsReadiness } from "@tongxing/metrics";
import { createLogger, createTracing, type Logger } from "@tongxing/telemetry";
import { DEV_PRIVACY_KEY_FILE, installServicePrivacyKeys } from "@tongxing/privacy";
import { resolveTranslatorConfig, type TranslatorConfig, type TranslatorOptions } from "./config/config.js";
import { createDialectRegistry } from "@tongxing/dialects";
import { openClaimStore } from "@tongxing/claim-store";
import { openReconciliationLog } from "@tongxing/ledger";
import { watchPlatformKeys, type WatchedPlatformKeys } from "@tongxing/pki";
import { createCallerIdentityInterceptor } from "./grpc/caller-identity-interceptor.js";
import { createSignatureInterceptor } from "./grpc/signature-interceptor.js";
import { createPlatformLimitsInterceptor } from "./grpc/platform-limits-interceptor.js";
import { createMtlsServerCredentials } from "./grpc/mtls-server-credentials.js";
import { addReflectionAndHealth, HEALTH_SERVICES } from "./grpc/reflection-and-health.js";
import { tracedUnary } from "./grpc/traced-unary.js";
import { SettlementWaiters } from "./intake/settlement-waiters.js";
import type { LinkSession } from "./link/link-session.js";
import { connectRoute } from "./routes/connect.js";
import type { RouteContext } from "./routes/context.js";
import { cancelSettlementRoute } from "./routes/cancel-settlement.js";
import { cancelFamilyBindingRoute, cancelFilingRoute, putFamilyBindingRoute, putFilingRoute } from "./routes/filing-registry.js";
import { getInstitutionStatusRoute, putInstitutionRoute } from "./routes/institution-registry.js";
import { getClaimRoute } from "./routes/get-claim.js";
import { reconcileDetailsRoute, reconcileTotalsRoute } from "./routes/reconciliation.js";
import { preSettleClaimRoute } from "./routes/pre-settle-claim.js";
import { settleClaimRoute } from "./routes/settle-claim.js";
import { submitClaimRoute } from "./routes/submit-claim.js";

/** A translator instance: the gRPC edge. A library object; main.ts is its thin process wrapper. */
export interface Translator {
  readonly config: TranslatorConfig;
  /** Starts serving; resolves with the bound address (host:port). */
  start(): Promise<string>;
  /** http://host:port of /metrics, /healthz and /readyz, once started. */
  readonly metricsUrl: string;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Creates the translator: ClaimGateway and ProvinceLink over gRPC, with health and reflection. */
export function createTranslator(options: TranslatorOptions = {}, logger?: Logger): Translator {
  const config = resolveTranslatorConfig(options);
  installServicePrivacyKeys(config.privacyKeyFile, DEV_PRIVACY_KEY_FILE);
  const log = logger ?? createLogger({ service: "translator", level: config.logLevel });
  const sessions = new Set<LinkSession>();
  let nc: NatsConnection | undefined;
  let server: Server | undefined;
  let routing: WatchedRoutingTable | undefined;
  let institutionRegistry: WatchedInstitutions | undefined;
  let platformKeys: WatchedPlatformKeys | undefined;
  let waiters: SettlementWaiters | undefined;
  let stopping: Promise<void> | undefined;
  const registry = createServiceRegistry();
  const metrics = createTranslatorMetrics(registry);
  const tracing = createTracing({ service: "translator", ...config.tracing, onError: (err) => log.warn({ err }, "trace export failed") });
  let metricsServer: MetricsServer | undefined;
  let natsReadiness: NatsReadiness | undefined;
  let grpcBound = false;

  async function start(): Promise<string> {
    metricsServer = await startMetricsServer({ address: config.metricsAddress, registry, isReady: () => grpcBound && natsReadiness?.ready === true });
    log.info({ url: metricsServer.url }, `metrics on ${metricsServer.url}`);
    nc = await connectNats({ servers: config.natsUrl, name: `translator-${process.pid}`, ...(config.natsAuth ?? {}) });
    natsReadiness = trackNatsReadiness(nc);
    const jsm = await jetstreamManager(nc);
    await ensureTopology(nc, jsm, { replicas: config.natsReplicas, ...(config.natsAuth === undefined ? {} : { user: config.natsAuth.user }) });
    const kvm = new Kvm(nc);
    const store = await openClaimStore(nc);
    routing = await watchRoutingTable(await kvm.open(Buckets.ROUTING));
    for (const platform of routing.table.platforms()) metrics.linkKnown(platform.id);
    waiters = new SettlementWaiters(log, { onReceived: () => metrics.resultReceived() });
    waiters.start(nc);
    platformKeys = await watchPlatformKeys(await kvm.open(Buckets.PLATFORM_KEYS), (key) => log.warn({ key }, "unusable platform key entry ignored"));
    const institutions = await kvm.open(Buckets.INSTITUTIONS);
    institutionRegistry = await watchInstitutionRegistry(institutions);
    const ctx: RouteContext = {
      config,
      nc,
      js: jetstream(nc),
      jsm,
      store,
      filings: await kvm.open(Buckets.FILINGS),
      reconciliations: await openReconciliationLog(nc),
      institutions,
      presettlements: await kvm.open(Buckets.PRESETTLEMENTS),
      institutionStatus: (province, code, date) => institutionRegistry?.statusOn(province, code, date),
      routing: routing.table,
      dialects: createDialectRegistry(),
      waiters,
      log,
      maxPayloadBytes: config.maxPayloadBytes,
      tracer: tracing.tracer,
      metrics,
      natsConnected: () => natsReadiness?.ready === true,
      lateSettlementMonths: config.lateSettlementMonths,
      ...(config.hubPrivateKeyPem === undefined ? {} : { hubPrivateKeyPem: config.hubPrivateKeyPem }),
    };
    server = new Server({
      "grpc.max_receive_message_length": config.maxReceiveMessageBytes,
      "grpc.max_send_message_length": config.maxReceiveMessageBytes,
      // In this order: the caller's identity first, then its limits (shed load before any crypto),
      // then its signature (which names that identity).
      interceptors: [createCallerIdentityInterceptor(config.identity, routing.table), createPlatformLimitsInterceptor(config.limits, (p) => ctx.routing.platform(p)?.limits), createSignatureInterceptor(routing.table, platformKeys)],
    });
    // SubmitClaim and SettleClaim start their own spans (they carry the claim's trace on); the
    // other unary RPCs get theirs from one wrapper.
    const traced = <Req, Res>(service: string, method: string, h: Parameters<typeof tracedUnary<Req, Res>>[3]) => tracedUnary(tracing.tracer, service, method, h);
    server.addService(toGrpcServiceDefinition(ClaimGateway), {
      submitClaim: submitClaimRoute(ctx),
      settleClaim: settleClaimRoute(ctx),
      getClaim: traced(ClaimGateway.typeName, "GetClaim", getClaimRoute(ctx)),
      cancelSettlement: traced(ClaimGateway.typeName, "CancelSettlement", cancelSettlementRoute(ctx)),
      preSettleClaim: traced(ClaimGateway.typeName, "PreSettleClaim", preSettleClaimRoute(ctx)),
    });
    server.addService(toGrpcServiceDefinition(ProvinceLink), { connect: connectRoute(ctx, sessions) });
    server.addService(toGrpcServiceDefinition(FilingRegistry), {
      putFiling: traced(FilingRegistry.typeName, "PutFiling", putFilingRoute(ctx)),
      cancelFiling: traced(FilingRegistry.typeName, "CancelFiling", cancelFilingRoute(ctx)),
      putFamilyBinding: traced(FilingRegistry.typeName, "PutFamilyBinding", putFamilyBindingRoute(ctx)),
      cancelFamilyBinding: traced(FilingRegistry.typeName, "CancelFamilyBinding", cancelFamilyBindingRoute(ctx)),
    });
    server.addService(toGrpcServiceDefinition(InstitutionRegistry), {
      putInstitution: traced(InstitutionRegistry.typeName, "PutInstitution", putInstitutionRoute(ctx)),
      getInstitutionStatus: traced(InstitutionRegistry.typeName, "GetInstitutionStatus", getInstitutionStatusRoute(ctx)),
    });
    server.addService(toGrpcServiceDefinition(Reconciliation), {
      reconcileTotals: traced(Reconciliation.typeName, "ReconcileTotals", reconcileTotalsRoute(ctx)),
      reconcileDetails: traced(Reconciliation.typeName, "ReconcileDetails", reconcileDetailsRoute(ctx)),
    });
    const health = addReflectionAndHealth(server);
    const srv = server;
    const credentials = config.identity.kind === "mtls" ? createMtlsServerCredentials(config.identity.tls) : ServerCredentials.createInsecure();
    if (config.identity.kind === "dev-header") {
      log.warn("DEVELOPMENT IDENTITY: no TLS, callers name their platform in the x-tongxing-platform header and anyone can claim to be any platform; never use this outside a developer's machine");
    }
    const port = await new Promise<number>((resolve, reject) =>
      srv.bindAsync(config.grpcAddress, credentials, (err, p) => (err ? reject(err) : resolve(p))),
    );
    for (const s of HEALTH_SERVICES) health.setStatus(s, "SERVING");
    grpcBound = true;
    const host = config.grpcAddress.slice(0, config.grpcAddress.lastIndexOf(":"));
    const address = `${host}:${port}`;
    log.info({ address, nats: config.natsUrl, instance: waiters.instance, identity: config.identity.kind }, `translator listening on ${address}`);
    return address;
  }

  async function stop(): Promise<void> {
    stopping ??= (async () => {
      // Whatever fails on the way, the NATS connection closes: left open it reconnects for ever
      // and keeps the process alive.
      try {
        grpcBound = false;
        const srv = server;
        if (srv !== undefined) {
          for (const s of sessions) s.close("translator stopping");
          await new Promise<void>((resolve) => {
            const force = setTimeout(() => {
              srv.forceShutdown();
              resolve();
            }, 5_000);
            force.unref();
            srv.tryShutdown(() => {
              clearTimeout(force);
              resolve();
            });
          });
        }
        waiters?.stop();
        routing?.stop();
        institutionRegistry?.stop();
        platformKeys?.stop();
      } finally {
        await nc?.drain().catch(async () => nc?.close());
      }
      await tracing.shutdown();
      await metricsServer?.close();
      log.info("translator stopped");
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
