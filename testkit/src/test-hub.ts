import { createAuditor } from "@tongxing/auditor";
import { createRouter } from "@tongxing/router";
import { createLogger, type SpanExporter } from "@tongxing/telemetry";
import { createTranslator, type PlatformLimits } from "@tongxing/translator";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kvm } from "@nats-io/kv";
import { Buckets, connectNats, hubServiceUsers, renderNatsAuthorization, type HubServiceUser } from "@tongxing/nats";
import { ensureDevPlatformKeys, ensureHubSigningKey, hubKeyPaths, type HubSigningKey, type PlatformSigner } from "@tongxing/pki";
import { ensurePrivacyKeyFile, installPrivacyKeys } from "@tongxing/privacy";
import { freePort } from "./free-port.js";
import { registerHubPki, registerHubSigners, unregisterHubPki, unregisterHubSigners } from "./hub-credentials.js";
import { testPki, TEST_PKI_PLATFORMS, type TestPki } from "./test-pki.js";
import { startServiceProcess, type ServiceProcess } from "./service-process.js";
import { startTestNats, type TestNats } from "./test-nats.js";

/** The hub's services. */
export type ServiceName = "router" | "auditor" | "translator";

/** Options for {@link startTestHub}. */
export interface TestHubOptions {
  /** Services to run as child processes (so a test can SIGKILL them); the rest run in-process. */
  readonly asProcess?: readonly ServiceName[];
  /** Log level of the in-process services. Default "warn" (LOG_LEVEL overrides). */
  readonly logLevel?: string;
  /** Receives every span of the in-process services (e.g. an InMemorySpanExporter). */
  readonly spanExporter?: SpanExporter;
  /**
   * How platforms prove who they are: "mtls" (default; the hub's test PKI, see
   * {@link TestHub.pki}) or "dev-header" (the development switch: plaintext, x-tongxing-platform).
   */
  readonly identity?: "mtls" | "dev-header";
  /** The translator's per-platform limits (LIMIT_* for a translator process); default the service's. */
  readonly limits?: Partial<PlatformLimits>;
  /** Extra environment of the services run as processes (e.g. a testing hook), by service. */
  readonly processEnv?: Readonly<Partial<Record<ServiceName, Readonly<Record<string, string>>>>>;
}

/** A whole hub on loopback: fresh nats-server, router, auditor and translator. */
export interface TestHub {
  readonly nats: TestNats;
  /** host:port of the gRPC gateway (kept across translator restarts). */
  readonly address: string;
  /** http://host:port of the regulators' API (of the auditor's process: on a fixed port, kept across restarts). */
  readonly regulatorApiUrl: string;
  /** http://host:port of /metrics, /healthz and /readyz of each in-process service. */
  readonly metricsUrls: Readonly<Partial<Record<ServiceName, string>>>;
  /** The PKI whose certificates the gateway trusts (the process's test PKI); `pki.credentials("37")` calls as 37. */
  readonly pki: TestPki;
  readonly identity: "mtls" | "dev-header";
  /**
   * Each test platform's SM2 signing key (its public key in the hub's platform-keys store);
   * simulators and test clients of this hub sign with them (see docs/security.md#signatures).
   */
  readonly signers: ReadonlyMap<string, PlatformSigner>;
  /** The hub's own SM2 key: the auditor signs verdicts and settlements with it (its public key: `hubSigningKey.publicKeyPem`). */
  readonly hubSigningKey: HubSigningKey;
  /** Where periods closed from this hub's console export their signed roots (a fresh temp directory). */
  readonly periodRootsDir: string;
  /**
   * Each service's own NATS user (its publish permissions). A connection without credentials
   * (tests, tools) is the unrestricted user "test".
   */
  readonly natsUsers: Readonly<Record<HubServiceUser, { readonly user: string; readonly pass: string }>>;
  /** The privacy key file the hub's services seal personal identifiers with (one per test process). */
  readonly privacyKeyFile: string;
  /** SIGKILLs a service run as a process. */
  kill(name: ServiceName): Promise<void>;
  /** Starts a killed service's process again; `env` replaces its extra environment from then on. */
  restart(name: ServiceName, env?: Readonly<Record<string, string>>): Promise<void>;
  /** Resolves when a service run as a process has exited (e.g. crashed at a testing hook). */
  exited(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

const READY_TEXT: Record<ServiceName, string> = {
  router: "router started",
  auditor: "auditor started",
  translator: "translator listening on",
};

export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const level = process.env.LOG_LEVEL ?? options.logLevel ?? "warn";
  const passwords = { translator: secret(), router: secret(), auditor: secret() };
  const nats = await startTestNats({ authorization: renderNatsAuthorization([...hubServiceUsers(passwords), { user: "test", password: secret() }], "test") });
  const natsUsers = {
    translator: { user: "translator", pass: passwords.translator },
    router: { user: "router", pass: passwords.router },
    auditor: { user: "auditor", pass: passwords.auditor },
  };
  const secretsDir = mkdtempSync(join(tmpdir(), "tongxing-nats-users-"));
  const natsEnv = (name: ServiceName): Record<string, string> => {
    const file = join(secretsDir, `${name}.password`);
    writeFileSync(file, passwords[name], { mode: 0o600 });
    return { NATS_USER: name, NATS_PASSWORD_FILE: file };
  };
  const natsAuth = (name: ServiceName) => ({ natsUser: name, natsPassword: passwords[name] });
  const natsUrl = nats.url;
  const asProcess = new Set(options.asProcess ?? []);
  const grpcAddress = asProcess.has("translator") ? `127.0.0.1:${await freePort()}` : "127.0.0.1:0";
  const processes = new Map<ServiceName, ServiceProcess>();
  const processEnv = new Map(Object.entries(options.processEnv ?? {}) as [ServiceName, Readonly<Record<string, string>>][]);
  const auditorApiAddress = asProcess.has("auditor") ? `127.0.0.1:${await freePort()}` : "127.0.0.1:0";
  const inProcess: { stop(): Promise<void> }[] = [];
  let address = grpcAddress;
  let regulatorApiUrl = asProcess.has("auditor") ? `http://${auditorApiAddress}` : "";
  const metricsUrls: Partial<Record<ServiceName, string>> = {};
  const telemetry = options.spanExporter === undefined ? {} : { spanExporter: options.spanExporter };
  const identity = options.identity ?? "mtls";
  const pki = await testPki();
  const hubSigningKey = await ensureHubSigningKey(pki.paths.dir);
  const hubKeyFile = hubKeyPaths(pki.paths.dir).privateKey;
  const periodRootsDir = mkdtempSync(join(tmpdir(), "tongxing-period-roots-"));
  const privacyKeyFile = testPrivacyKeyFile();
  // The test process reads what the hub's services (in it or children) seal: the same keys.
  installPrivacyKeys(privacyKeyFile);
  const identityOptions = identity === "mtls" ? { tls: pki.serverTls } : { devHeaderIdentity: true };
  const identityEnv: Record<string, string> =
    identity === "mtls"
      ? { TLS_CA_FILE: pki.paths.caCert, TLS_CERT_FILE: pki.paths.serverCert, TLS_KEY_FILE: pki.paths.serverKey, TLS_CRL_FILE: pki.paths.crl }
      : { DEV_HEADER_IDENTITY: "1" };

  async function start(name: ServiceName): Promise<void> {
    if (asProcess.has(name)) {
      processes.set(name, await startServiceProcess(name, { NATS_URL: natsUrl, GRPC_ADDRESS: grpcAddress, REGULATOR_API_ADDRESS: auditorApiAddress, PRIVACY_KEY_FILE: privacyKeyFile, ...natsEnv(name), ...(name === "translator" ? { ...identityEnv, ...limitsEnv(options.limits) } : {}), ...processEnv.get(name), ...(name === "auditor" ? { HUB_SIGNING_KEY_FILE: hubKeyFile, PERIOD_ROOTS_DIR: periodRootsDir } : {}) }, READY_TEXT[name]));
      return;
    }
    const log = createLogger({ service: name, level });
    if (name === "router") {
      const s = createRouter({ natsUrl, ...natsAuth("router"), ...telemetry }, log);
      await s.start();
      metricsUrls.router = s.metricsUrl;
      inProcess.push(s);
    } else if (name === "auditor") {
      const s = createAuditor({ natsUrl, ...natsAuth("auditor"), regulatorApiAddress: "127.0.0.1:0", hubSigningKeyPem: readFileSync(hubKeyFile, "utf8"), periodRootsDir, privacyKeyFile, ...telemetry }, log);
      await s.start();
      regulatorApiUrl = s.regulatorApiUrl;
      metricsUrls.auditor = s.metricsUrl;
      inProcess.push(s);
    } else {
      const s = createTranslator({ natsUrl, ...natsAuth("translator"), grpcAddress, privacyKeyFile, ...telemetry, ...identityOptions, ...(options.limits === undefined ? {} : { limits: options.limits }) }, log);
      address = await s.start();
      metricsUrls.translator = s.metricsUrl;
      inProcess.push(s);
    }
  }

  // The router first: it seeds the routing table the others read.
  await start("router");
  // The router's start created the platform-keys bucket; the keys go in before the translator
  // loads the store.
  const keysNc = await connectNats({ servers: natsUrl, name: "testkit-platform-keys" });
  const signers = await ensureDevPlatformKeys(await new Kvm(keysNc).open(Buckets.PLATFORM_KEYS), pki.paths.dir, TEST_PKI_PLATFORMS).finally(() => keysNc.close());
  await start("auditor");
  await start("translator");
  if (identity === "mtls") registerHubPki(address, pki);
  registerHubSigners(address, signers);

  return {
    nats,
    address,
    regulatorApiUrl,
    metricsUrls,
    pki,
    identity,
    signers,
    hubSigningKey,
    periodRootsDir,
    natsUsers,
    privacyKeyFile,
    async kill(name) {
      const p = processes.get(name);
      if (p === undefined) throw new Error(`${name} is not running as a process`);
      await p.kill();
      processes.delete(name);
    },
    async restart(name, env) {
      if (!asProcess.has(name)) throw new Error(`${name} is not run as a process`);
      if (env !== undefined) processEnv.set(name, env);
      await start(name);
    },
    async exited(name) {
      const p = processes.get(name);
      if (p === undefined) throw new Error(`${name} is not running as a process`);
      await p.exited;
      processes.delete(name);
    },
    async stop() {
      for (const s of [...inProcess].reverse()) await s.stop();
      for (const p of processes.values()) await p.stop();
      await nats.stop();
      unregisterHubPki(address);
      unregisterHubSigners(address);
    },
  };
}

function secret(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * The test process's privacy key file, created once (like `npm start`'s under .data/): every hub
 * of the process and its child services seal and open with the same keys.
 */
export function testPrivacyKeyFile(): string {
  const path = join(tmpdir(), `tongxing-privacy-${process.pid}`, "keys.json");
  ensurePrivacyKeyFile(path);
  return path;
}

function limitsEnv(limits: Partial<PlatformLimits> | undefined): Record<string, string> {
  return {
    ...(limits?.ratePerSecond === undefined ? {} : { LIMIT_RATE_PER_SECOND: String(limits.ratePerSecond) }),
    ...(limits?.burst === undefined ? {} : { LIMIT_BURST: String(limits.burst) }),
    ...(limits?.maxConcurrentCalls === undefined ? {} : { LIMIT_CONCURRENT_CALLS: String(limits.maxConcurrentCalls) }),
  };
}
