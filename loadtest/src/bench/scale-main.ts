// `npm run bench:scale [-- --instances 1,2,4,8 --saturation-sec 10 --duration 10 --rate 300 --per-instance --load-processes 4]`
// The scale scenario: for each instance count N, a fresh 3-node JetStream cluster (replicas 3),
// N translators, N routers and N auditors as processes, the 31 simulated platforms spread over
// the translators (some linked to all of them), and the load spread over the translators'
// addresses. Per N: saturation (a fixed number in flight) and an open loop; prints a table of
// throughput against N and writes reports/scale-<time>.json. Everything on 127.0.0.1, every
// phase bounded, and a deadline that ends the run whatever happens.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { findNatsServerBinary } from "@tongxing/nats";
import { REPO_ROOT } from "./bench-services.js";
import { startScaleHub, type ScaleHub } from "./scale-hub.js";
import { renderScaleTable } from "./scale-report.js";
import { runScalePoint, type ScalePoint } from "./scale-scenario.js";

const { values } = parseArgs({
  options: {
    instances: { type: "string", default: "1,2" },
    "cluster-size": { type: "string", default: "3" },
    "warmup-sec": { type: "string", default: "3" },
    "saturation-sec": { type: "string", default: "8" },
    "in-flight": { type: "string", default: "256" },
    rate: { type: "string", default: "300" },
    duration: { type: "string", default: "8" },
    "per-instance": { type: "boolean", default: false },
    channels: { type: "string", default: "2" },
    simulators: { type: "string", default: "1" },
    "load-processes": { type: "string", default: "1" },
    "multi-link": { type: "string", default: "44,37" },
    "saturation-claims": { type: "string", default: "0" },
    "deadline-sec": { type: "string", default: "0" },
    "log-level": { type: "string", default: "info" },
    profile: { type: "boolean", default: false },
  },
});

const num = (name: keyof typeof values, min: number): number => {
  const v = Number(values[name]);
  if (!Number.isFinite(v) || v < min) throw new Error(`--${name} must be a number ≥ ${min}, got ${String(values[name])}`);
  return v;
};
const instanceCounts = String(values.instances)
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n >= 1);
if (instanceCounts.length === 0) throw new Error(`--instances must list instance counts, e.g. 1,2,4,8; got ${values.instances}`);
const clusterSize = num("cluster-size", 1);
const warmupSec = num("warmup-sec", 1);
const saturationSec = num("saturation-sec", 1);
const inFlightBase = num("in-flight", 1);
const rateBase = num("rate", 1);
const openSec = num("duration", 1);
const channels = num("channels", 1);
const simulators = num("simulators", 1);
const loadProcesses = num("load-processes", 1);
if (!Number.isInteger(loadProcesses)) throw new Error(`--load-processes must be a whole number, got ${String(values["load-processes"])}`);
const perInstance = values["per-instance"] === true;
if (loadProcesses > inFlightBase || loadProcesses > rateBase) throw new Error(`--load-processes (${loadProcesses}) must not exceed --in-flight (${inFlightBase}) or --rate (${rateBase}): each process takes a share of both`);
const multiLink = String(values["multi-link"]).split(",").map((s) => s.trim()).filter((s) => s !== "");
const say = (line: string) => console.log(line);
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const reportDir = resolve(REPO_ROOT, "reports");
const logRoot = join(reportDir, `scale-${stamp}-logs`);
const store = mkdtempSync(join(tmpdir(), "tongxing-scale-"));
// Per point: cluster and processes start, warm-up, saturation, open loop (plus its drain), stop.
const perPointSec = 90 + warmupSec + saturationSec + openSec * 2;
const deadlineSec = num("deadline-sec", 0) || Math.round(60 + instanceCounts.reduce((a, n) => a + perPointSec + 10 * n, 0) * 1.5);
let hub: ScaleHub | undefined;
let killStarting: (() => void) | undefined;

const deadline = setTimeout(() => {
  console.error(`bench:scale: deadline of ${deadlineSec} s passed; killing every process`);
  (hub?.kill ?? killStarting)?.();
  rmSync(store, { recursive: true, force: true });
  process.exit(2);
}, deadlineSec * 1000);
deadline.unref();
let interrupted = false;
process.once("SIGINT", () => {
  interrupted = true;
  say("interrupted: stopping ...");
  void (hub?.stop() ?? Promise.resolve()).finally(() => {
    rmSync(store, { recursive: true, force: true });
    process.exit(130);
  });
});

function natsServerVersion(): string {
  const bin = findNatsServerBinary();
  if (bin === undefined) return "not found";
  return spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout.trim();
}

async function main(): Promise<void> {
  say(
    `bench:scale: instances ${instanceCounts.join(", ")}; ${clusterSize}-node JetStream cluster; saturation ${inFlightBase}${perInstance ? " × N" : ""} in flight for ${saturationSec} s; ` +
      `open loop ${rateBase}${perInstance ? " × N" : ""}/s for ${openSec} s; ${loadProcesses} load process${loadProcesses === 1 ? "" : "es"}; deadline ${deadlineSec} s`,
  );
  say(`machine: ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ""}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, ${natsServerVersion()}`);
  const points: ScalePoint[] = [];
  for (const n of instanceCounts) {
    if (interrupted) break;
    const inFlight = perInstance ? inFlightBase * n : inFlightBase;
    const rate = perInstance ? rateBase * n : rateBase;
    const saturationClaims = num("saturation-claims", 0) || Math.ceil(saturationSec * Math.max(inFlight * 4, 1_500 * n));
    say(`\n== ${n} translator(s), ${n} router(s), ${n} auditor(s)`);
    hub = await startScaleHub({
      instances: n,
      clusterSize,
      storeDir: join(store, `n${n}`),
      logDir: join(logRoot, `n${n}`),
      simulators,
      multiLinkProvinces: multiLink,
      logLevel: String(values["log-level"]),
      profile: values.profile === true,
      say,
      onKillable: (kill) => (killStarting = kill),
    });
    try {
      const point = await runScalePoint(hub, { warmupSec, saturationSec, inFlight, openRate: rate, openSec, channelsPerTranslator: channels, saturationClaims, seed: n, loadProcesses, say });
      points.push(point);
      say(`  N=${n}: saturation ${point.saturation.settledPerSec}/s, open loop p50 ${point.openLoop.latencyMs.p50} ms p99 ${point.openLoop.latencyMs.p99} ms, ledger ${point.ledger.ledgerEntries} entries for ${point.ledger.settledClaims} settled claims`);
    } finally {
      say("  stopping ...");
      await hub.stop();
      hub = undefined;
      rmSync(join(store, `n${n}`), { recursive: true, force: true });
    }
  }
  say("");
  for (const line of renderScaleTable(points)) say(line);
  const report = {
    at: new Date().toISOString(),
    scenario: "scale",
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "", memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, natsServer: natsServerVersion() },
    settings: { instances: instanceCounts, clusterSize, warmupSec, saturationSec, inFlight: inFlightBase, rate: rateBase, openSec, perInstance, channelsPerTranslator: channels, simulators, loadProcesses, multiLinkProvinces: multiLink },
    points,
  };
  mkdirSync(reportDir, { recursive: true });
  const file = join(reportDir, `scale-${stamp}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  say(`\nreport: ${file}; service logs: ${logRoot}`);
  const broken = points.filter((p) => p.ledger.duplicates > 0 || p.ledger.missing > 0);
  if (broken.length > 0) {
    console.error(`bench:scale: exactly-once check failed at N = ${broken.map((p) => p.instances).join(", ")}`);
    process.exitCode = 1;
  }
}

main()
  .catch((err: unknown) => {
    console.error(`bench:scale failed: ${err instanceof Error ? err.stack : String(err)}`);
    process.exitCode = 1;
  })
  .finally(() => {
    clearTimeout(deadline);
    rmSync(store, { recursive: true, force: true });
  });
