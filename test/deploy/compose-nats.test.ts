// deploy/compose/compose.yaml, the NATS cluster configs (deploy/nats) and the Prometheus /
// Grafana wiring, parsed and cross-checked against the code (env variables, stream names); the
// regulators' console published by the console-only auditor alone.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import { test } from "node:test";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { findNatsServerBinary, MAX_MSG_BYTES, renderNatsAccount, serviceInboxPrefix, SERVICE_PERMISSIONS, startNatsServer, Subjects } from "@tongxing/nats";
import { arr, at, exists, obj, portOf, read, ROOT, SERVICES, serviceEnvNames, str, yamlDoc, type Obj, type ServiceName } from "./deploy-files.ts";

const COMPOSE = "deploy/compose/compose.yaml";
const compose = yamlDoc(COMPOSE);
const services = obj(compose.services, "services");
const composeDir = dirname(COMPOSE);
const rel = (p: string): string => normalize(join(composeDir, p));
const NODES = ["nats-1", "nats-2", "nats-3"];
/** Compose services that run a service's image, with that service: the three, and the console-only auditor. */
const RUNNING: readonly (readonly [string, ServiceName])[] = [...SERVICES.map((s) => [s, s] as const), ["auditor-console", "auditor"]];
/** What the console-only auditor sets differently from the settling one. */
const CONSOLE_ENV = new Set(["AUDITOR_CONSOLE_ONLY", "REGULATOR_API_ADDRESS"]);

function env(svc: Obj): Record<string, string> {
  const e = svc.environment;
  if (Array.isArray(e)) return Object.fromEntries(e.map((x) => String(x).split(/=(.*)/s).slice(0, 2)));
  return Object.fromEntries(Object.entries(obj(e ?? {}, "environment")).map(([k, v]) => [k, String(v)]));
}

/** The prometheus.yml job's DNS name and port. */
function scrape(job: string): { name: string; port: number } {
  const prom = yamlDoc("deploy/prometheus/prometheus.yml");
  const j = arr(prom.scrape_configs, "scrape_configs").map((x) => obj(x, "job")).find((x) => x.job_name === job);
  assert.ok(j, `prometheus job ${job}`);
  const sd = obj(arr(j.dns_sd_configs, `${job} dns_sd_configs`)[0], "sd");
  return { name: str(arr(sd.names, "names")[0], "name"), port: Number(sd.port) };
}

test("compose: every service image is built from its Dockerfile in the repository", () => {
  for (const name of SERVICES) {
    const svc = obj(services[name], name);
    const build = obj(svc.build, `${name}.build`);
    const context = rel(str(build.context, "context"));
    assert.equal(normalize(context), ".", `${name} builds with the repository root as context`);
    const dockerfile = str(build.dockerfile, "dockerfile");
    assert.equal(dockerfile, `services/${name}/Dockerfile`);
    assert.ok(exists(join(context, dockerfile)), `${dockerfile} exists`);
  }
});

test("compose: the regulators' console is published by the console-only auditor alone; the settling auditor's listens on loopback", () => {
  const settling = obj(services.auditor, "auditor");
  const console = obj(services["auditor-console"], "auditor-console");
  const sEnv = env(settling);
  const kEnv = env(console);
  assert.equal(kEnv.AUDITOR_CONSOLE_ONLY, "1");
  assert.ok(!["1", "true"].includes(sEnv.AUDITOR_CONSOLE_ONLY ?? ""), "the auditor service settles");
  const strip = (e: Record<string, string>) => Object.entries(e).filter(([k]) => !CONSOLE_ENV.has(k)).sort(([a], [b]) => a.localeCompare(b));
  assert.deepEqual(strip(kEnv), strip(sEnv), "the same env otherwise (NATS user, keys, period roots; AUDITOR_CONCURRENCY sets the durable consumer auditor's ack-pending limit)");
  for (const field of ["image", "secrets", "volumes", "read_only", "tmpfs", "cap_drop", "security_opt", "depends_on"]) assert.deepEqual(console[field], settling[field], `the same ${field}`);
  assert.equal(console.build, undefined, "it runs the image the auditor service builds (compose does not pull an image another service builds)");
  // Which services publish the port a REGULATOR_API_ADDRESS binds: the console-only one alone.
  const consolePort = portOf(kEnv.REGULATOR_API_ADDRESS ?? "");
  const publishing = Object.entries(services).filter(([, s]) => arr(obj(s, "s").ports ?? [], "ports").some((p) => String(p).endsWith(`:${consolePort}`)));
  assert.deepEqual(publishing.map(([n]) => n), ["auditor-console"], `only auditor-console publishes :${consolePort}`);
  for (const [n, s] of publishing) assert.equal(env(obj(s, n)).AUDITOR_CONSOLE_ONLY, "1", `${n}, which publishes the console, is console-only`);
  assert.deepEqual(arr(console.ports, "ports").map(String), [`127.0.0.1:${consolePort}:${consolePort}`], "published on the host's loopback only (no authentication of its own)");
  assert.match(kEnv.REGULATOR_API_ADDRESS ?? "", /^0\.0\.0\.0:\d+$/, "reachable through the published port");
  assert.equal(settling.ports, undefined, "the settling auditor publishes nothing");
  assert.match(sEnv.REGULATOR_API_ADDRESS ?? "", /^(127\.0\.0\.1|localhost|\[::1\]):\d+$/, "the settling auditor's console listens on its loopback (the image's default is 0.0.0.0)");
});

test("compose: services get only variables they read, metrics where Prometheus scrapes, NATS_URL naming the 3 nodes", () => {
  for (const [name, service] of RUNNING) {
    const svc = obj(services[name], name);
    const e = env(svc);
    const reads = serviceEnvNames(service);
    for (const k of Object.keys(e)) assert.ok(reads.has(k) || k === "NODE_EXTRA_CA_CERTS", `${name}: ${k} is read by services/${service}/src/config/env.ts (or Node's own)`);
    assert.equal(portOf(e.METRICS_ADDRESS ?? ""), scrape(name).port, `${name} metrics port = prometheus.yml's`);
    assert.equal(scrape(name).name, name, `prometheus resolves the compose service name ${name}`);
    const urls = (e.NATS_URL ?? "").split(",").map((u) => new URL(u));
    assert.deepEqual(urls.map((u) => u.hostname).sort(), NODES);
    for (const u of urls) assert.equal(u.port, "4222");
    for (const node of NODES) assert.equal(at(svc, `depends_on.${node}.condition`), "service_healthy", `${name} waits for ${node}`);
    assert.equal(svc.read_only, true, `${name} has a read-only root file system`);
    assert.ok(arr(svc.tmpfs, "tmpfs").includes("/tmp"), `${name} gets a writable /tmp (tsx cache)`);
  }
  const translator = obj(services.translator, "translator");
  assert.equal(translator.container_name, undefined, "translator can be scaled (no container_name)");
  for (const p of arr(translator.ports ?? [], "ports")) assert.match(String(p), /^(?:[\d.]+:)?\d+-\d+:\d+$/, "scalable: a host port range");
  const grpc = env(translator).GRPC_ADDRESS ?? "";
  assert.ok(arr(translator.ports, "ports").some((p) => String(p).endsWith(`:${portOf(grpc)}`)), "the gRPC port is published");
});

test("compose: every bind-mounted file exists; Prometheus and Grafana get the repository's config", () => {
  for (const [name, s] of Object.entries(services)) {
    for (const v of arr(obj(s, name).volumes ?? [], "volumes")) {
      const src = String(v).split(":")[0] ?? "";
      if (src.startsWith(".")) assert.ok(exists(rel(src)), `${name}: ${src} exists`);
    }
  }
  const promVolumes = arr(obj(services.prometheus, "prometheus").volumes, "volumes").map(String);
  assert.ok(promVolumes.includes("../prometheus:/etc/prometheus:ro"));
  const cmd = arr(obj(services.prometheus, "prometheus").command, "command").map(String);
  assert.ok(cmd.includes("--config.file=/etc/prometheus/prometheus.yml"));
  const grafanaVolumes = arr(obj(services.grafana, "grafana").volumes, "volumes").map(String);
  const dash = grafanaVolumes.find((v) => v.startsWith("../grafana/tongxing-dashboard.json:"));
  assert.ok(dash, "the dashboard is mounted");
  const provider = yamlDoc("deploy/grafana/provisioning/dashboards/tongxing.yaml");
  const path = str(at(arr(provider.providers, "providers")[0], "options.path"), "path");
  assert.ok(dash.split(":")[1]?.startsWith(path + "/"), "mounted where the dashboard provider reads");
  assert.ok(grafanaVolumes.includes("../grafana/provisioning:/etc/grafana/provisioning:ro"));
  const ds = obj(arr(yamlDoc("deploy/grafana/provisioning/datasources/prometheus.yaml").datasources, "ds")[0], "ds");
  assert.equal(ds.type, "prometheus");
  assert.equal(new URL(str(ds.url, "url")).hostname, "prometheus", "the datasource is the compose Prometheus");
  // the NATS exporters answer to the name the nats job resolves
  const { name: exporterName, port } = scrape("nats");
  const exporters = Object.entries(services).filter(([, s]) => (at(s, "networks.default.aliases") as unknown[] | undefined)?.includes(exporterName));
  assert.equal(exporters.length, 3, "one exporter per NATS node behind one name");
  assert.equal(port, 7777);
  const targets = exporters.map(([, s]) => new URL(String(arr(obj(s, "e").command, "command").at(-1))).hostname).sort();
  assert.deepEqual(targets, NODES);
});

interface NatsConf {
  serverName: string;
  clusterName: string;
  clusterPort: number;
  routes: URL[];
  jetstream: boolean;
  storeDir: string | undefined;
  maxPayload: number;
}

/** The fields of a nats-server config these files use (key: value, key { … }, routes [ … ]). */
function parseNatsConf(text: string): NatsConf {
  const t = text.replace(/#.*$/gm, "");
  const block = (name: string): string | undefined => new RegExp(`\\b${name}\\s*\\{([\\s\\S]*?)\\n\\}`).exec(t)?.[1];
  const value = (src: string, key: string): string | undefined => new RegExp(`^\\s*${key}\\s*[:=]\\s*(\\S+)`, "m").exec(src)?.[1];
  const cluster = block("cluster") ?? "";
  const js = block("jetstream");
  const routes = /routes\s*[:=]?\s*\[([\s\S]*?)\]/.exec(cluster)?.[1] ?? "";
  return {
    serverName: value(t, "server_name") ?? "",
    clusterName: value(cluster, "name") ?? "",
    clusterPort: portOf(value(cluster, "listen") ?? ""),
    routes: routes.split(/[\s,]+/).filter(Boolean).map((r) => new URL(r)),
    jetstream: js !== undefined,
    storeDir: js === undefined ? undefined : value(js, "store_dir"),
    maxPayload: Number(value(t, "max_payload")),
  };
}

test("NATS: three configs form one JetStream cluster, each mounted by its compose node", () => {
  const confs = NODES.map((node) => {
    const svc = obj(services[node], node);
    const mount = arr(svc.volumes, "volumes").map(String).find((v) => v.endsWith(":/etc/nats/nats.conf:ro"));
    assert.ok(mount, `${node} mounts a config`);
    assert.ok(arr(svc.command, "command").map(String).includes("/etc/nats/nats.conf"));
    assert.match(str(svc.image, "image"), /^nats:2\.(9|1\d)/);
    const c = parseNatsConf(read(rel(mount.split(":")[0] ?? "")));
    assert.equal(c.serverName, node, `${node}'s config names it`);
    assert.ok(c.jetstream && c.storeDir, `${node} runs JetStream with a store_dir`);
    assert.ok(arr(svc.volumes, "volumes").map(String).some((v) => v.endsWith(`:${c.storeDir}`)), `${node}'s store_dir is a volume`);
    assert.ok(c.maxPayload >= MAX_MSG_BYTES, `max_payload ${c.maxPayload} ≥ the streams' ${MAX_MSG_BYTES}`);
    return c;
  });
  assert.equal(new Set(confs.map((c) => c.serverName)).size, 3, "distinct server names");
  assert.equal(new Set(confs.map((c) => c.clusterName)).size, 1, "one cluster name");
  for (const c of confs) {
    const peers = c.routes.map((r) => `${r.hostname}:${r.port}`).sort();
    assert.deepEqual(peers, confs.map((o) => `${o.serverName}:${o.clusterPort}`).sort(), `${c.serverName} routes to every node`);
  }
});

/** Lays out `dir` as a node's /etc/nats: users.conf, and the secrets compose mounts there (passwords, TLS). */
function etcNats(secretsDir: string, dir: string): void {
  copyFileSync(join(secretsDir, "passwords.conf"), join(dir, "passwords.conf"));
  copyFileSync(join(ROOT, "deploy/nats/users.conf"), join(dir, "users.conf"));
  mkdirSync(join(dir, "tls"), { recursive: true });
  copyFileSync(join(secretsDir, "nats-server.pem"), join(dir, "tls/server.pem"));
  copyFileSync(join(secretsDir, "nats-server-key.pem"), join(dir, "tls/server-key.pem"));
}

/** Runs `npm run compose-secrets` into a throwaway data directory: the password files and passwords.conf, as compose mounts them. */
function composeSecrets(dataDir: string): string {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/compose-secrets.ts"], { cwd: ROOT, env: { ...process.env, TONGXING_DATA_DIR: dataDir }, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return join(dataDir, "compose-nats");
}

test("NATS: nats-server accepts each config (nats-server -t), users and the passwords secret included", (t) => {
  const probe = spawnSync("nats-server", ["--version"], { encoding: "utf8" });
  if (probe.status !== 0) {
    t.skip("nats-server is not installed");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "tongxing-compose-nats-"));
  try {
    // /etc/nats as the nodes see it: nats.conf, users.conf, and the secrets passwords.conf and tls/
    etcNats(composeSecrets(dir), dir);
    for (const node of NODES) {
      writeFileSync(join(dir, "nats.conf"), read(`deploy/nats/${node}.conf`).replaceAll("/etc/nats/", `${dir}/`));
      const r = spawnSync("nats-server", ["-t", "-c", join(dir, "nats.conf")], { encoding: "utf8" });
      assert.equal(r.status, 0, `${node}.conf: ${r.stdout}${r.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("compose: NATS has the hub's users (npm run nats-users); each service connects as itself with its own password secret, the replica job as admin", () => {
  const users = [...SERVICES.map((user) => ({ user, permissions: SERVICE_PERMISSIONS[user] })), { user: "admin" }];
  const conf = read("deploy/nats/users.conf");
  assert.ok(conf.includes(renderNatsAccount("TONGXING", users)), "users.conf holds SERVICE_PERMISSIONS (run npm run nats-users)");
  assert.match(conf, /^include \.\/passwords\.conf$/m);
  const secrets = obj(compose.secrets, "secrets");
  const secretFile = (name: string): string => str(at(secrets, `${name}.file`), `secret ${name}`);
  /** Each secret of a service (source → path in the container; a relative target is under /run/secrets). */
  const targets = (svc: Obj): Map<string, string> =>
    new Map(
      arr(svc.secrets ?? [], "secrets").map((x): [string, string] => {
        const [source, target] = typeof x === "string" ? [x, x] : [str(at(x, "source"), "source"), str(at(x, "target"), "target")];
        return [source, target.startsWith("/") ? target : `/run/secrets/${target}`];
      }),
    );
  assert.equal(rel(secretFile("nats-passwords")), ".data/compose-nats/passwords.conf");
  assert.equal(rel(secretFile("nats-server-cert")), ".data/compose-nats/nats-server.pem");
  assert.equal(rel(secretFile("nats-server-key")), ".data/compose-nats/nats-server-key.pem");
  assert.equal(rel(secretFile("hub-ca")), ".data/pki/ca.pem", "the CA that compose-secrets issues NATS's certificate from");
  for (const node of NODES) {
    const svc = obj(services[node], node);
    assert.ok(arr(svc.volumes, "volumes").map(String).includes("../nats/users.conf:/etc/nats/users.conf:ro"), `${node} mounts users.conf`);
    assert.equal(targets(svc).get("nats-passwords"), "/etc/nats/passwords.conf", `${node} gets the passwords beside users.conf`);
    const conf = read(`deploy/nats/${node}.conf`);
    for (const [secret, key] of [["nats-server-cert", "cert_file"], ["nats-server-key", "key_file"]] as const) {
      const path = new RegExp(`^\\s*${key}:\\s*(\\S+)`, "m").exec(conf)?.[1];
      assert.equal(targets(svc).get(secret), path, `${node}'s tls ${key} is the secret ${secret}`);
    }
    assert.match(read(`deploy/nats/${node}.conf`), /^include \.\/users\.conf$/m, `${node}.conf includes the users`);
  }
  for (const [name, service] of RUNNING) {
    const svc = obj(services[name], name);
    const e = env(svc);
    assert.equal(e.NATS_USER, service, `${name} connects as ${service}`);
    assert.equal(e.NATS_PASSWORD_FILE, "/run/secrets/nats-password");
    const natsSecrets = [...targets(svc)].filter(([src]) => src.startsWith("nats-"));
    assert.deepEqual(natsSecrets, [[`nats-${service}-password`, "/run/secrets/nats-password"]], `${name} gets its service's own password only`);
    assert.equal(e.NODE_EXTRA_CA_CERTS, targets(svc).get("hub-ca"), `${name} trusts the development CA that issued NATS's certificate`);
    assert.equal(rel(secretFile(`nats-${service}-password`)), `.data/compose-nats/${service}.password`);
  }
  const job = obj(services["jetstream-replicas"], "jetstream-replicas");
  assert.equal(env(job).NATS_USER, "admin");
  assert.deepEqual([...targets(job).keys()].sort(), ["hub-ca", "nats-admin-password"]);
  assert.equal(env(job).NATS_CA, targets(job).get("hub-ca"), "the nats CLI trusts the development CA");
  assert.match(arr(job.command, "command").map(String).join(" "), /NATS_PASSWORD=.*\/run\/secrets\/nats-admin-password/);
});

test("compose: the NATS config runs in nats-server: TLS with the development CA's certificate, a service connects with the password compose-secrets made, within its permissions; no user, no connection", async (t) => {
  const binary = findNatsServerBinary();
  if (binary === undefined) {
    t.skip("nats-server is not installed");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "tongxing-compose-users-"));
  const secretsDir = composeSecrets(dir);
  etcNats(secretsDir, dir);
  // a node's nats.conf (its tls block and users), less the cluster (startNatsServer gives the listen address and the store)
  const tlsBlock = /^tls \{[\s\S]*?^\}/m.exec(read("deploy/nats/nats-1.conf"))?.[0] ?? assert.fail("nats-1.conf has a tls block");
  writeFileSync(join(dir, "nats.conf"), `${tlsBlock.replaceAll("/etc/nats/", `${dir}/`)}\ninclude ./users.conf\n`);
  const caFile = join(dir, "pki", "ca.pem");
  const server = await startNatsServer({ storeDir: join(dir, "js"), configFile: join(dir, "nats.conf") });
  try {
    const url = server.url;
    const password = (user: string) => readFileSync(join(secretsDir, `${user}.password`), "utf8").trim();
    const translator = await connect({ servers: url, name: "compose-translator", user: "translator", pass: password("translator"), inboxPrefix: serviceInboxPrefix("translator"), tls: { caFile } });
    assert.equal(translator.info?.tls_required, true, "NATS speaks TLS with the certificate compose-secrets issued from the development CA");
    assert.ok((await (await jetstreamManager(translator)).getAccountInfo()).limits !== undefined, "the translator's user has JetStream");
    let refused: unknown;
    translator.subscribe(Subjects.adjudicateAll, {
      callback: (err) => {
        refused ??= err ?? undefined;
      },
    });
    await translator.flush();
    assert.match(String(refused), /permission/i, "the translator may not listen to the auditor's requests");
    await translator.close();
    await assert.rejects(connect({ servers: url, reconnect: false, tls: { caFile } }), /authorization/i, "no user, no connection");
    await assert.rejects(connect({ servers: url, user: "router", pass: password("translator"), reconnect: false, tls: { caFile } }), /authorization/i, "another user's password is refused");
    await assert.rejects(connect({ servers: url, user: "router", pass: password("router"), reconnect: false }), "without the CA the server certificate is not trusted");
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
