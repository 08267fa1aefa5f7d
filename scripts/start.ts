// `npm start`: the whole hub on this machine — a local nats-server (installed if missing),
// router, auditor and translator, the 31 simulated provincial platforms and a slow stream of
// demo claims. Ctrl-C stops everything in order. With NATS_URL set, that server is used instead.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PROVINCES } from "@tongxing/domain";
import { platformCredentialsFromPki, startDemoTraffic, startSimulatedPlatforms } from "@tongxing/loadtest";
import { Buckets, connectNats, type NatsServerProcess } from "@tongxing/nats";
import { Kvm } from "@nats-io/kv";
import { ensureDevPki, ensureDevPlatformKeys, ensureHubSigningKey, hubKeyPaths } from "@tongxing/pki";
import { ensurePrivacyKeyFile } from "@tongxing/privacy";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { hubServiceUsers, renderNatsAuthorization } from "@tongxing/nats";
import { ensureDevAccount } from "@tongxing/auditor";
import { bootstrapNats, launchService, type LaunchedService } from "@tongxing/sandbox";

const root = fileURLToPath(new URL("..", import.meta.url));
const dataDir = resolve(root, process.env.TONGXING_DATA_DIR ?? ".data");
const grpcAddress = process.env.GRPC_ADDRESS ?? "127.0.0.1:50051";
const say = (line: string) => console.log(line);

let nats: NatsServerProcess | undefined;
const services: LaunchedService[] = [];
let platforms: ReturnType<typeof startSimulatedPlatforms> | undefined;
let demo: ReturnType<typeof startDemoTraffic> | undefined;
let stopping = false;

async function main(): Promise<void> {
  let natsUrl = process.env.NATS_URL;
  // Each service its own NATS user (fresh passwords each start, in files only it is told of) and
  // publish permissions; a connection without credentials (local tools) is the "operator".
  const secretsDir = resolve(dataDir, "nats-users");
  mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  const passwords = { translator: secret(), router: secret(), auditor: secret() };
  const natsUserEnv = (name: string): Record<string, string> => {
    if (nats === undefined || !(name in passwords)) return {};
    const file = resolve(secretsDir, `${name}.password`);
    writeFileSync(file, passwords[name as keyof typeof passwords], { mode: 0o600 });
    return { NATS_USER: name, NATS_PASSWORD_FILE: file };
  };
  if (natsUrl === undefined) {
    say(`starting nats-server (JetStream, store ${resolve(dataDir, "nats")}, a user per service) ...`);
    const authorization = renderNatsAuthorization([...hubServiceUsers(passwords), { user: "operator", password: secret() }], "operator");
    nats = await bootstrapNats({ storeDir: resolve(dataDir, "nats"), say, authorization });
    natsUrl = nats.url;
  } else {
    say(`using NATS at ${natsUrl} (NATS_URL)`);
  }
  // A development PKI, created once: CA, CRL, the hub's server certificate, one client
  // certificate per simulated platform. The translator speaks mTLS only.
  const pki = await ensureDevPki({ dir: resolve(dataDir, "pki"), platforms: PROVINCES.map((p) => p.code) });
  const credentialsFor = platformCredentialsFromPki(pki);
  // The hub's SM2 key (verdicts, settlements, period roots), created once beside the CA.
  const hubKey = await ensureHubSigningKey(pki.dir);
  // The privacy key file, created once: personal identifiers are sealed at rest with its keys.
  const privacyKeyFile = resolve(dataDir, "privacy-keys.json");
  ensurePrivacyKeyFile(privacyKeyFile);
  const env = { NATS_URL: natsUrl, GRPC_ADDRESS: grpcAddress, LOG_LEVEL: process.env.LOG_LEVEL ?? "info", PRIVACY_KEY_FILE: privacyKeyFile };
  const tlsEnv = { TLS_CA_FILE: pki.caCert, TLS_CERT_FILE: pki.serverCert, TLS_KEY_FILE: pki.serverKey, TLS_CRL_FILE: pki.crl };
  const logDir = resolve(dataDir, "logs");
  const launch = (name: string, readyText: string) => {
    const serviceEnv = { ...env, ...natsUserEnv(name), ...(name === "translator" ? tlsEnv : {}), ...(name === "auditor" ? { HUB_SIGNING_KEY_FILE: hubKeyPaths(pki.dir).privateKey, PERIOD_ROOTS_DIR: resolve(dataDir, "period-roots") } : {}) };
    const s = launchService({ name, entry: `services/${name}/src/main.ts`, cwd: root, env: serviceEnv, logDir, readyText, onProblem: say });
    services.push(s);
    return s.ready;
  };
  say("starting router, auditor, translator ...");
  await launch("router", "router started");
  // Each simulated platform's SM2 signing key (public key in the platform-keys store, private key
  // beside its certificate), created once; platforms whose routing entry requires signatures sign
  // with it (docs/security.md#signatures).
  const keysNc = await connectNats({ servers: natsUrl, name: "start-platform-keys" });
  const signers = await ensureDevPlatformKeys(await new Kvm(keysNc).open(Buckets.PLATFORM_KEYS), pki.dir, PROVINCES.map((p) => p.code)).finally(() => keysNc.close());
  await Promise.all([launch("auditor", "auditor started"), launch("translator", "translator listening on")]);
  platforms = startSimulatedPlatforms({ address: grpcAddress, credentialsFor, signerFor: (p) => signers.get(p) });
  const nc = await connectNats({ servers: natsUrl, name: "start" });
  const dev = await ensureDevAccount(nc).finally(() => nc.close());

  say("");
  say("Tongxing hub is running:");
  say(`  NATS JetStream     ${natsUrl}${nats === undefined ? "" : ` (pid ${nats.pid}, data ${resolve(dataDir, "nats")})`}`);
  for (const s of services) say(`  ${s.name.padEnd(18)} pid ${s.pid}, log ${s.logFile}`);
  say(`  gRPC gateway       ${grpcAddress}  (mTLS; tongxing.v1.ClaimGateway, tongxing.v1.ProvinceLink; reflection and health on)`);
  say(`  PKI (development)  ${pki.dir}  (CA, CRL, server and one client certificate per province; npm run certs issues more)`);
  say(`  signing keys       hub ${hubKey.keyId} (${hubKeyPaths(pki.dir).privateKey}); one SM2 key per province in the platform-keys store (npm run platform-keys -- list)`);
  const consoleAddress = (process.env.REGULATOR_API_ADDRESS ?? "127.0.0.1:8081").replace(/^0\.0\.0\.0:/, "127.0.0.1:");
  say(`  regulators' console http://${consoleAddress}/console/  (REGULATOR_API_ADDRESS) sign in as ${dev.user} / ${dev.password}`);
  say("                     (a national reviewer; more accounts: npm run accounts -- create --user U --role R --scope 37|national)");
  say(`  simulated platforms 31 provinces connected through ProvinceLink`);
  say("  demo claims        one every 1.5 s below; Ctrl-C stops everything");
  say("");
  say("Call it as Shandong (37), identified by its client certificate:");
  say(`  grpcurl -cacert ${pki.caCert} -cert ${pki.platformCert("37")} -key ${pki.platformKey("37")} ${grpcAddress} list`);
  say("");
  demo = startDemoTraffic({ address: grpcAddress, say, credentialsFor });
}

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(`\n${signal}: stopping ...`);
  demo?.stop();
  platforms?.close();
  for (const s of [...services].reverse()) await s.stop();
  await nats?.stop();
  say("stopped.");
}

function secret(): string {
  return randomBytes(18).toString("base64url");
}

process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
main().catch(async (err: unknown) => {
  console.error(`\ncould not start the hub: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
  await shutdown("error");
});
// Children run in their own process groups (so Ctrl-C stops them in order); if the launcher
// itself dies, take them down with it.
process.on("exit", () => {
  for (const s of services) s.kill();
  nats?.kill();
});
