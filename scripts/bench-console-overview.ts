// `npm run bench:console [-- --seconds 30 --concurrency 64 --warmup 5 --console-only --nice N --hub-in-process]`:
// the overview's answer time while the hub runs a saturation load. A test hub (real nats-server;
// router, auditor and translator each in its own process, as deployed) with the 31 simulated
// provinces, plus a second auditor in its own process whose console is the one probed (as in
// production, where the console's auditor is a process of its own that also settles its share of
// the claims). First the idle claim latency (20 claims one at a time); then closed-loop callers in
// this process settle claims as fast as the hub answers (saturation: more callers only queue), and
// after a warm-up a probe in a process of its own (scripts/bench-console-probe.ts, as a regulator's
// browser is) asks GET /api/v1/overview every 250 ms. Prints the hub's claims/s, the claim latency
// idle and under load (the evidence that the hub was saturated: callers wait in queues), and the
// overview's p50 / p99 / max as the probe waited for it and as the console spent on it (its
// Server-Timing header). A benchmark, not a test: the issue's target is an overview answer within
// 200 ms. --console-only starts the probed auditor with AUDITOR_CONSOLE_ONLY=1 (it settles nothing;
// the test hub's auditor settles everything); --nice N renices it; --hub-in-process runs the test
// hub's services in this process instead (the layout of the earlier runs: the callers' event loop
// is then the hub's too).
import { spawn, spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { createAccountStore, LiveStats, openConsoleBucket } from "@tongxing/auditor";
import { buildNhsaSettleMessage, startSimulatedPlatforms } from "@tongxing/loadtest";
import { hubKeyPaths } from "@tongxing/pki";
import { connectNats } from "@tongxing/nats";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { createGatewayClient, freePort, startServiceProcess, startTestHub } from "@tongxing/testkit";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "30" }, concurrency: { type: "string", default: "64" }, warmup: { type: "string", default: "5" }, "console-only": { type: "boolean", default: false }, nice: { type: "string" }, "hub-in-process": { type: "boolean", default: false } } });
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const warmupS = Number(values.warmup);
for (const [name, v] of [["seconds", seconds], ["concurrency", concurrency], ["warmup", warmupS]] as const) {
  if (!Number.isInteger(v) || v < (name === "warmup" ? 0 : 1)) throw new Error(`--${name} must be a whole number${name === "warmup" ? "" : " from 1"}, got "${values[name]}"`);
}
const PROVINCES = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"];

// What an overview request computes after an hour of traffic (a run of this script is too short
// to show it): the figures over a full hour of answers at 1,000/s, timed here, unloaded.
{
  const hourAgo = Date.now() - 3_600_000;
  const stats = new LiveStats(hourAgo);
  for (let t = hourAgo + 1000; t <= Date.now(); t += 1) stats.record(t % 50 === 0 ? "HELD" : t % 7 === 0 ? "REJECTED" : "SETTLED", 5 + (t % 997), t);
  for (let i = 0; i < 20; i++) stats.figures();
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) stats.figures();
  console.log(`overview figures over a full hour of answers (1,000/s): ${((performance.now() - t0) / 200).toFixed(2)} ms of CPU per request, unloaded`);
}
const hub = await startTestHub(values["hub-in-process"] === true ? {} : { asProcess: ["router", "auditor", "translator"] });
console.log(`test hub up (${values["hub-in-process"] === true ? "services in this process" : "router, auditor, translator: one process each"}); probed auditor ${values["console-only"] === true ? "console only" : "also settles"}`);
const platforms = startSimulatedPlatforms({ address: hub.address });
const nc = await connectNats({ servers: hub.nats.url, name: "bench-console" });
const store = createAccountStore(await openConsoleBucket(nc));
await store.create({ user: "bench", role: "viewer", scope: "national", password: "bench-password-1" });
const token = await store.issueToken("bench");
await nc.close();
const passwordFile = join(mkdtempSync(join(tmpdir(), "bench-console-")), "auditor.password");
writeFileSync(passwordFile, hub.natsUsers.auditor.pass, { mode: 0o600 });
const consolePort = await freePort();
const consoleAuditor = await startServiceProcess("auditor", { NATS_URL: hub.nats.url, NATS_USER: hub.natsUsers.auditor.user, NATS_PASSWORD_FILE: passwordFile, REGULATOR_API_ADDRESS: `127.0.0.1:${consolePort}`, PRIVACY_KEY_FILE: hub.privacyKeyFile, HUB_SIGNING_KEY_FILE: hubKeyPaths(hub.pki.paths.dir).privateKey, ...(values["console-only"] === true ? { AUDITOR_CONSOLE_ONLY: "1" } : {}) }, "auditor started");
// --nice N: the probed auditor's scheduling priority (renice; negative needs root), standing in
// for the CPU of its own that a deployment gives the console's instance.
if (values.nice !== undefined) {
  const r = spawnSync("renice", ["-n", values.nice, "-p", String(consoleAuditor.pid)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`renice -n ${values.nice} failed: ${r.stderr}`);
}
const consoleUrl = `http://127.0.0.1:${consolePort}`;

const clients = PROVINCES.map((p) => createGatewayClient(hub.address, p));
const message = (seq: number) => {
  const treated = PROVINCES[seq % PROVINCES.length] ?? "37";
  const insured = PROVINCES[(seq * 7 + 3) % PROVINCES.length] ?? "32";
  return { client: clients[PROVINCES.indexOf(treated)], payload: buildNhsaSettleMessage({ kind: seq % 3 === 0 ? "pharmacy" : "outpatient", treatmentAdmdvs: `${treated}0102`, insuredAdmdvs: `${insured}0100`, seq, seed: seq }).payload };
};
const idle: number[] = [];
for (let seq = 900_000_000; seq < 900_000_020; seq++) {
  const { client, payload } = message(seq);
  const t0 = performance.now();
  await client?.settle(payload);
  idle.push(performance.now() - t0);
}
let answered = 0;
let loadedMsTotal = 0;
let measuring = false;
let stop = false;
const workers = Array.from({ length: concurrency }, async (_, w) => {
  for (let seq = w * 1_000_000; !stop; seq++) {
    const { client, payload } = message(seq);
    const t0 = performance.now();
    const ok = await client?.settle(payload).then(() => true, () => false);
    if (ok === true && measuring) {
      answered += 1;
      loadedMsTotal += performance.now() - t0;
    }
  }
});

await new Promise((r) => setTimeout(r, warmupS * 1000));
console.log(`saturating with ${concurrency} callers; probing the overview for ${seconds} s …`);
measuring = true;
const started = Date.now();
const probe = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./bench-console-probe.ts", import.meta.url)), "--url", consoleUrl, "--seconds", String(seconds)], { env: { ...process.env, CONSOLE_TOKEN: token }, stdio: ["ignore", "pipe", "inherit"] });
let probeOut = "";
probe.stdout.on("data", (c: Buffer) => (probeOut += c.toString("utf8")));
const probeCode = await new Promise<number | null>((r) => probe.once("exit", r));
if (probeCode !== 0) throw new Error(`the overview probe exited with ${probeCode}`);
const { latencies: pairs } = JSON.parse(probeOut) as { latencies: [number, number | null][] };
const latencies = pairs.map(([c]) => c).sort((a, b) => a - b);
const serverMs = pairs.flatMap(([, s]) => (s === null ? [] : [s])).sort((a, b) => a - b);
const elapsedS = (Date.now() - started) / 1000;
stop = true;
await Promise.all(workers);
latencies.sort((a, b) => a - b);
const q = (p: number, xs = latencies) => (xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0).toFixed(1);
idle.sort((a, b) => a - b);
console.log(`hub: ${(answered / elapsedS).toFixed(1)} claims/s answered with ${concurrency} closed-loop callers over ${elapsedS.toFixed(0)} s (after ${warmupS} s warm-up)`);
const idleMs = idle[Math.floor(idle.length / 2)] ?? 0;
const loadedMs = answered === 0 ? 0 : loadedMsTotal / answered;
const saturated = loadedMs > 3 * idleMs;
console.log(`claim latency: idle median ${idleMs.toFixed(1)} ms (one at a time), under load mean ${loadedMs.toFixed(1)} ms: ${saturated ? "saturated (callers queue; more would only wait longer)" : "NOT saturated (under 3x idle): raise --concurrency"}`);
console.log(`GET /api/v1/overview: ${latencies.length} requests, p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${(latencies.at(-1) ?? 0).toFixed(1)} ms as the probe waited (target: within 200 ms)`);
console.log(`  of which in the console (Server-Timing app): p50 ${q(0.5, serverMs)} ms, p99 ${q(0.99, serverMs)} ms, max ${(serverMs.at(-1) ?? 0).toFixed(1)} ms`);
for (const c of clients) c.close();
platforms.close();
await consoleAuditor.stop();
await hub.stop();
