// NATS users and TLS in deploy/k8s: every service has its own user in the account TONGXING, its
// password comes from the Secret tongxing-nats-users (server side through the chart's container
// env, client side as the pod's only key of that Secret), the CA from tongxing-nats-tls. And the
// accounts block, rendered the way the chart renders `config.merge`, runs in a real nats-server:
// each user gets JetStream, a connection without a user is refused.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { findNatsServerBinary, freeTcpPort, natsPermissionsConfig, serviceInboxPrefix, SERVICE_PERMISSIONS, type HubServiceUser } from "@tongxing/nats";
import { arr, at, obj, read, ROOT, SERVICES, str, yamlDoc, yamlDocs, type Obj } from "./deploy-files.ts";

const USERS_SECRET = "tongxing-nats-users";
const TLS_SECRET = "tongxing-nats-tls";
const values = yamlDoc("deploy/k8s/nats-values.yaml");
const BASE = "deploy/k8s/base";
const objects = arr(yamlDoc(`${BASE}/kustomization.yaml`).resources, "resources").flatMap((r) => yamlDocs(`${BASE}/${str(r, "r")}`).map((d) => obj(d, String(r))));
const users = arr(at(values, "config.merge.accounts.TONGXING.users"), "users").map((u) => obj(u, "user"));
const passwordVar = (user: string) => `NATS_${user.toUpperCase()}_PASSWORD`;

test("k8s NATS: one user per service (and admin) in TONGXING, each password from the Secret through the chart's env", () => {
  assert.equal(at(values, "config.merge.accounts.TONGXING.jetstream"), "enabled");
  assert.deepEqual(users.map((u) => u.user).sort(), [...SERVICES, "admin"].sort());
  for (const u of users) {
    const v = passwordVar(String(u.user));
    assert.equal(u.password, `<< $${v} >>`, `${String(u.user)}'s password is the variable ${v}`);
    assert.deepEqual(at(values, `container.env.${v}.valueFrom.secretKeyRef`), { name: USERS_SECRET, key: u.user });
  }
  assert.equal(at(values, "config.nats.tls.enabled"), true);
  assert.equal(at(values, "config.nats.tls.secretName"), TLS_SECRET);
  assert.equal(at(values, "config.nats.tls.ca"), undefined, "no ca: the chart would require client certificates");
  const ops = read("docs/operations.md");
  for (const name of [USERS_SECRET, TLS_SECRET]) assert.ok(ops.includes(`\`${name}\``), `docs/operations.md names ${name}`);
});

test("k8s NATS: each service user has exactly the permissions npm start and the test hub give it (SERVICE_PERMISSIONS: publish, subscribe, responses); admin is unrestricted", () => {
  for (const service of SERVICES) {
    const u = users.find((x) => x.user === service);
    assert.deepEqual(at(u, "permissions"), natsPermissionsConfig(SERVICE_PERMISSIONS[service as HubServiceUser]), `${service}'s permissions (npm run nats-values writes them)`);
  }
  assert.equal(at(users.find((x) => x.user === "admin"), "permissions"), undefined);
});

test("k8s NATS: each service pod (the console-only auditors' too) holds only its own service's password and the CA that Node trusts; the job is admin", () => {
  const deployments = objects.filter((o) => o.kind === "Deployment");
  assert.deepEqual(SERVICES.filter((s) => !deployments.some((d) => at(d, "metadata.name") === s)), [], "a Deployment per service");
  for (const d of deployments) {
    const what = String(at(d, "metadata.name"));
    const c = obj(arr(at(d, "spec.template.spec.containers"), "c")[0], "c");
    // the NATS user is the service whose image the pod runs (auditor-console: auditor)
    const service = SERVICES.find((s) => str(c.image, "image").startsWith(`tongxing/${s}:`)) ?? assert.fail(`${what} runs a service image`);
    const mount = arr(c.volumeMounts, "m").find((m) => at(m, "name") === "nats-client");
    assert.ok(mount, `${what} mounts nats-client`);
    const vol = arr(at(d, "spec.template.spec.volumes"), "v").find((v) => at(v, "name") === "nats-client");
    const sources = arr(at(vol, "projected.sources"), "sources").map((s) => obj(at(s, "secret"), "secret"));
    const keysOf = (secret: string) => sources.filter((s) => s.name === secret).flatMap((s) => arr(s.items, "items").map((i) => `${String(at(i, "key"))}→${String(at(i, "path"))}`));
    assert.deepEqual(keysOf(USERS_SECRET), [`${service}→password`], `${what} gets its service's own password only`);
    assert.deepEqual(keysOf(TLS_SECRET), ["ca.crt→ca.crt"], `${what} gets the CA only, not the server key`);
    const env = new Map(arr(c.env, "env").map((e) => [at(e, "name"), at(e, "value")]));
    assert.equal(env.get("NATS_USER"), service, `${what} connects as ${service}`);
    assert.equal(env.get("NODE_EXTRA_CA_CERTS"), `${String(at(mount, "mountPath"))}/ca.crt`);
  }
  const job = objects.find((o) => o.kind === "Job")!;
  const jc = obj(arr(at(job, "spec.template.spec.containers"), "c")[0], "c");
  const env = new Map(arr(jc.env, "env").map((e) => [String(at(e, "name")), e as Obj]));
  assert.equal(at(env.get("NATS_USER"), "value"), "admin");
  assert.deepEqual(at(env.get("NATS_PASSWORD"), "valueFrom.secretKeyRef"), { name: USERS_SECRET, key: "admin" });
  const caPath = String(at(env.get("NATS_CA"), "value"));
  assert.ok(arr(jc.volumeMounts, "m").some((m) => caPath.startsWith(`${String(at(m, "mountPath"))}/`)), "NATS_CA is on a mounted volume");
});

/** The chart's nats.formatConfig: JSON, with "<< X >>" strings unquoted into config variables. */
function chartConfigText(merge: unknown): string {
  return JSON.stringify(merge, null, 2).replace(/"<<\s+(.*)\s+>>"/g, "$1");
}

test("k8s NATS: the accounts block runs in nats-server: each user uses JetStream, no user is refused", async (t) => {
  const binary = findNatsServerBinary();
  if (binary === undefined) {
    t.skip("nats-server is not installed");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "tongxing-nats-auth-"));
  const port = await freeTcpPort();
  const passwords = Object.fromEntries(users.map((u) => [passwordVar(String(u.user)), `pw-${String(u.user)}-${port}`]));
  const merge = obj(at(values, "config.merge"), "merge");
  // the chart adds listen, JetStream store and TLS itself; TLS (from the Secret's files) is left out here
  writeFileSync(join(dir, "nats.conf"), `listen: 127.0.0.1:${port}\njetstream { store_dir: "${join(dir, "js")}" }\n${chartConfigText(merge).slice(1, -1)}\n`);
  const server = spawn(binary, ["-c", join(dir, "nats.conf")], { env: { ...process.env, ...passwords }, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (b: Buffer) => {
      log += b.toString("utf8");
      if (log.includes("Server is ready")) resolve();
    };
    server.stdout.on("data", onData);
    server.stderr.on("data", onData);
    server.once("exit", (code) => reject(new Error(`nats-server exited ${code}:\n${log}`)));
  });
  try {
    await ready;
    const adminNc = await connect({ servers: `127.0.0.1:${port}`, user: "admin", pass: passwords[passwordVar("admin")] });
    await (await jetstreamManager(adminNc)).streams.add({ name: "S_probe", subjects: ["t.probe.>"] });
    for (const u of users) {
      // a service's replies come to its own inbox prefix (connectNats sets it), the only one it may subscribe to
      const nc = await connect({ servers: `127.0.0.1:${port}`, user: String(u.user), pass: passwords[passwordVar(String(u.user))], inboxPrefix: serviceInboxPrefix(String(u.user)) });
      const jsm = await jetstreamManager(nc);
      assert.ok((await jsm.getAccountInfo()).streams >= 1, `${String(u.user)} has JetStream`);
      await nc.close();
    }
    // The permissions parse and apply: the router may neither make nor delete a stream, admin may.
    const routerNc = await connect({ servers: `127.0.0.1:${port}`, user: "router", pass: passwords[passwordVar("router")], inboxPrefix: serviceInboxPrefix("router") });
    await assert.rejects((await jetstreamManager(routerNc)).streams.add({ name: "S_router", subjects: ["t.router.>"] }), /permission/i, "the router's user makes no stream of its own");
    await assert.rejects((await jetstreamManager(routerNc)).streams.delete("S_probe"), /permission/i, "the router's user deletes no stream");
    await routerNc.close();
    assert.equal(await (await jetstreamManager(adminNc)).streams.delete("S_probe"), true);
    await adminNc.close();
    await assert.rejects(connect({ servers: `127.0.0.1:${port}`, reconnect: false, maxReconnectAttempts: 0 }), /Authorization|authorization/, "no user, no connection");
    await assert.rejects(connect({ servers: `127.0.0.1:${port}`, user: "router", pass: "wrong", reconnect: false }), /Authorization|authorization/);
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
});

test("k8s NATS: with server TLS on, a service's NATS_URL nats://… upgrades to TLS and trusts the CA through NODE_EXTRA_CA_CERTS", async (t) => {
  const binary = findNatsServerBinary();
  const openssl = spawnSync("openssl", ["version"], { encoding: "utf8" });
  if (binary === undefined || openssl.status !== 0) {
    t.skip(binary === undefined ? "nats-server is not installed" : "openssl is not installed (it makes the test CA)");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "tongxing-nats-tls-"));
  const run = (args: string[]) => assert.equal(spawnSync("openssl", args, { cwd: dir, encoding: "utf8" }).status, 0, `openssl ${args.join(" ")}`);
  run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=tongxing-test-ca", "-days", "1"]);
  run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tls.key", "-out", "tls.csr", "-subj", "/CN=nats"]);
  writeFileSync(join(dir, "san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  run(["x509", "-req", "-in", "tls.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "tls.crt", "-days", "1", "-extfile", "san.ext"]);
  const port = await freeTcpPort();
  // what the chart writes for config.nats.tls with a secretName and no ca (files/config/tls.yaml)
  writeFileSync(join(dir, "nats.conf"), `listen: 127.0.0.1:${port}\ntls { cert_file: "${join(dir, "tls.crt")}", key_file: "${join(dir, "tls.key")}" }\n`);
  const server = spawn(binary, ["-c", join(dir, "nats.conf")], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (b: Buffer) => {
      log += b.toString("utf8");
      if (log.includes("Server is ready")) resolve();
    };
    server.stdout.on("data", onData);
    server.stderr.on("data", onData);
    server.once("exit", (code) => reject(new Error(`nats-server exited ${code}:\n${log}`)));
  });
  const client = (extraCa: string | undefined) =>
    spawnSync(process.execPath, ["--input-type=module", "-e", `import { connect } from "@nats-io/transport-node"; const nc = await connect({ servers: "nats://127.0.0.1:${port}", reconnect: false }); console.log("tls_required=" + nc.info.tls_required); await nc.close();`], {
      cwd: ROOT,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: extraCa ?? "" },
      encoding: "utf8",
      timeout: 30_000,
    });
  try {
    const trusted = client(join(dir, "ca.crt"));
    assert.equal(trusted.status, 0, trusted.stderr);
    assert.match(trusted.stdout, /tls_required=true/);
    const untrusted = client(undefined);
    assert.notEqual(untrusted.status, 0, "without the CA the server certificate is refused");
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
});
