// `npm run bench [-- --rate 1000 --duration 20 --saturation-sec 10 --channels 2]`
// The standard scenario on this machine, everything on it: a fresh nats-server, router, auditor
// and translator as processes, the 31 simulated platforms in their own process, and this load
// generator. Then, in the same run, the physical-limit references. Prints a table and writes
// reports/bench-<time>.json. --profile writes a .cpuprofile per service into the run's log folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { create } from "@bufbuild/protobuf";
import { connectNats } from "@tongxing/nats";
import { ClaimGateway, ClaimStatus, SettleClaimRequestSchema } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { bootstrapNats, launchService, type LaunchedService } from "@tongxing/sandbox";
import { prepareNationalMix, type PreparedClaim } from "../load/national-mix.js";
import { runClosedLoop, runOpenLoop, type OpenLoopResult } from "../load/open-loop.js";
import { measureGrpcEcho, measureJetStream } from "./references.js";

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: "1000" },
    duration: { type: "string", default: "20" },
    "saturation-sec": { type: "string", default: "10" },
    concurrency: { type: "string", default: "256" },
    channels: { type: "string", default: "2" },
    profile: { type: "boolean", default: false },
  },
});
const rate = Number(values.rate);
const durationSec = Number(values.duration);
const saturationSec = Number(values["saturation-sec"]);
const concurrency = Number(values.concurrency);
const channels = Number(values.channels);
const root = fileURLToPath(new URL("../../..", import.meta.url));
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const reportDir = resolve(root, "reports");
const logDir = join(reportDir, `bench-${stamp}-logs`);
const say = (line: string) => console.log(line);
const services: LaunchedService[] = [];
const store = mkdtempSync(join(tmpdir(), "tongxing-bench-"));

function ms(us: number): string {
  return (us / 1000).toFixed(2);
}

async function main(): Promise<void> {
  say(`bench: open loop ${rate}/s for ${durationSec} s, saturation ${concurrency} in flight for ${saturationSec} s, ${channels} gRPC channel(s)`);
  const nats = await bootstrapNats({ storeDir: join(store, "nats"), port: 0, say });
  try {
    const gatewayPort = 50_000 + Math.floor(Math.random() * 10_000);
    const address = `127.0.0.1:${gatewayPort}`;
    const env = { NATS_URL: nats.url, GRPC_ADDRESS: address, LOG_LEVEL: "info", GATEWAY_ADDRESS: address };
    const launch = (name: string, entry: string, readyText: string) => {
      const nodeArgs = values.profile ? ["--cpu-prof", "--cpu-prof-dir", logDir] : [];
      const s = launchService({ name, entry, cwd: root, env, logDir, readyText, nodeArgs, onProblem: (l) => say(`  ${l}`) });
      services.push(s);
      return s.ready;
    };
    await launch("router", "services/router/src/main.ts", "router started");
    await Promise.all([
      launch("auditor", "services/auditor/src/main.ts", "auditor started"),
      launch("translator", "services/translator/src/main.ts", "translator listening on"),
    ]);
    await launch("simulator", "loadtest/src/simulator/main.ts", "simulated platforms started");
    await new Promise((r) => setTimeout(r, 2_000));

    const clients = Array.from({ length: channels }, () => createGrpcClient(ClaimGateway, address));
    const settle = (claims: readonly PreparedClaim[]) => async (i: number) => {
      const c = claims[i % claims.length] as PreparedClaim;
      const res = await callUnary(clients[i % channels]!, ClaimGateway.method.settleClaim, create(SettleClaimRequestSchema, { dialect: "nhsa-json", payload: c.payload }), {
        metadata: { "x-tongxing-platform": c.platform },
        timeoutMs: 60_000,
      });
      if (res.status !== ClaimStatus.SETTLED) throw new Error(`claim ${res.claimId} ended ${ClaimStatus[res.status]}`);
    };

    say(`preparing ${Math.round(rate * durationSec)} + ${concurrency * saturationSec * 4} national-mix claims ...`);
    const openClaims = prepareNationalMix(Math.round(rate * durationSec), 1);
    const satClaims = prepareNationalMix(concurrency * saturationSec * 4, 2);
    // Warm-up: JIT, lazily loaded modules, link consumers; not measured.
    say("warm-up: 5 s closed loop, 64 in flight (not measured) ...");
    const warm = await runClosedLoop(64, 5, settle(prepareNationalMix(3_000, 3)));
    say(`  warm-up settled ${warm.completed} (${Math.round(warm.perSec)}/s), errors ${warm.errors}`);
    say(`open loop at ${rate}/s ...`);
    const open: OpenLoopResult = await runOpenLoop({ ratePerSec: rate, durationSec, warmupSec: 2, send: settle(openClaims), onProgress: say });
    say(`saturation (${concurrency} in flight) ...`);
    const sat = await runClosedLoop(concurrency, saturationSec, settle(satClaims));
    for (const c of clients) c.close();

    say("references: bare grpc-js echo, raw JetStream ...");
    const payload = openClaims[0]?.payload ?? new Uint8Array(1024);
    const echo = await measureGrpcEcho(payload, concurrency, saturationSec);
    const nc = await connectNats({ servers: nats.url, name: "bench" });
    const jsRates = await measureJetStream(nc, payload, 20_000);
    await nc.close();

    const h = open.latencyUs;
    const report = {
      at: new Date().toISOString(),
      machine: { node: process.version, cpus: (await import("node:os")).cpus().length },
      payloadBytes: payload.byteLength,
      openLoop: {
        ratePerSec: rate, durationSec, sent: open.sent, completed: open.completed, errors: open.errors, dropped: open.dropped,
        throughputPerSec: Math.round(open.throughputPerSec),
        latencyMs: { p50: ms(h.getValueAtPercentile(50)), p90: ms(h.getValueAtPercentile(90)), p99: ms(h.getValueAtPercentile(99)), p999: ms(h.getValueAtPercentile(99.9)), max: ms(h.maxValue) },
        firstError: open.firstError,
      },
      saturation: { concurrency, settledPerSec: Math.round(sat.perSec), errors: sat.errors },
      references: { grpcEchoPerSec: Math.round(echo), jetstreamPublishPerSec: Math.round(jsRates.publishPerSec), jetstreamConsumePerSec: Math.round(jsRates.consumePerSec) },
      ratios: { hubOverGrpcEcho: Number((sat.perSec / echo).toFixed(3)) },
      targets: { sustainedPerSec: 2000, p99MsAt1000: 50, hubOverEcho: 0.6 },
    };
    say("");
    say(`payload ${report.payloadBytes} bytes (national-format settle message), node ${process.version}`);
    say(`| measure | value | reference / target |`);
    say(`|---|---:|---|`);
    say(`| open loop: offered / settled per s | ${rate} / ${report.openLoop.throughputPerSec} | target ≥ 2,000 sustained |`);
    say(`| open loop latency p50 / p90 / p99 / p99.9 / max ms | ${Object.values(report.openLoop.latencyMs).join(" / ")} | target p99 ≤ 50 at 1,000/s |`);
    say(`| open loop errors / dropped | ${open.errors} / ${open.dropped} | ${open.firstError ?? ""} |`);
    say(`| saturation: settled per s (${concurrency} in flight) | ${report.saturation.settledPerSec} | |`);
    say(`| bare grpc-js echo per s (same payload, ${concurrency} in flight) | ${report.references.grpcEchoPerSec} | hub / echo = ${report.ratios.hubOverGrpcEcho} (target ≥ 0.6) |`);
    say(`| raw JetStream publish / consume per s | ${report.references.jetstreamPublishPerSec} / ${report.references.jetstreamConsumePerSec} | |`);
    mkdirSync(reportDir, { recursive: true });
    const file = join(reportDir, `bench-${stamp}.json`);
    writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
    say(`\nreport: ${file}; service logs: ${logDir}`);
  } finally {
    for (const s of [...services].reverse()) await s.stop();
    await nats.stop();
    rmSync(store, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
});
