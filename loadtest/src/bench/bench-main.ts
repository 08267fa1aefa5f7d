// `npm run bench [-- --rate 500 --duration 20 --saturation-sec 10 --channels 2]`
// The standard scenario on this machine, everything on it: a fresh nats-server, router, auditor
// and translator as processes, the 31 simulated platforms in their own process, and this load
// generator. Then, in the same run, the physical-limit references. Prints a table and writes
// reports/bench-<time>.json. --profile writes a .cpuprofile per service into the run's log folder.
// --nats-users runs nats-server with the per-service users and permissions `npm start` uses.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { toBinary } from "@bufbuild/protobuf";
import { ClaimSchema } from "@tongxing/proto";
import { createDialectRegistry } from "@tongxing/dialects";
import { connectNats, hubServiceUsers, renderNatsAuthorization } from "@tongxing/nats";
import { randomBytes } from "node:crypto";
import { bootstrapNats } from "@tongxing/sandbox";
import { DEFAULT_KIND_WEIGHTS } from "../claims/claim-factory.js";
import { prepareNationalMix, STANDARD_MIX } from "../load/national-mix.js";
import { runClosedLoop, runOpenLoop, type OpenLoopResult } from "../load/open-loop.js";
import { freePort } from "@tongxing/testkit";
import { createServiceGroup, REPO_ROOT } from "./bench-services.js";
import { cpuPerClaim, sampleCpu, type AccountedProcess } from "./cpu-per-claim.js";
import { messagesPerClaim, readNatsMessages } from "./nats-messages.js";
import { CLAIM_PATH_TARGETS as T } from "./targets.js";
import { hopReport, scrapeHops } from "./hop-latency.js";
import { measureGrpcEcho, measureJetStream } from "./references.js";
import { measurePipelineSkeleton, type SkeletonRun } from "./skeleton/measure-skeleton.js";
import { parseSkeletonVariant, type SkeletonVariant } from "./skeleton/skeleton-layout.js";
import { openLoopLatencyLines, skeletonComparison, skeletonVariantLines, targetBudgetLines } from "./skeleton/skeleton-report.js";
import { openLoopSummary } from "./open-loop-summary.js";
import { createSettleLoad } from "./settle-load.js";
import { BENCH_IDENTITY_ENV } from "./bench-identity.js";

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: String(T.p99AtPerSec) },
    duration: { type: "string", default: "20" },
    "saturation-sec": { type: "string", default: "10" },
    concurrency: { type: "string", default: "256" },
    channels: { type: "string", default: "2" },
    profile: { type: "boolean", default: false },
    // Each service its own NATS user with its permissions, as `npm start` runs it (default: none).
    "nats-users": { type: "boolean", default: false },
    // Today's hops and the mission's own floor by default; add direct and edge-only by hand.
    skeleton: { type: "string", default: "hub,lean,link-only" },
  },
});
const rate = Number(values.rate);
const durationSec = Number(values.duration);
const saturationSec = Number(values["saturation-sec"]);
const concurrency = Number(values.concurrency);
const channels = Number(values.channels);
// The pipeline-skeleton designs to measure after the hub: `hub` first (the hub is compared with it).
const skeletonVariants = [...new Set(["hub", ...values.skeleton.split(",").map((v) => v.trim()).filter((v) => v !== "")])].map(parseSkeletonVariant);
/** The skeleton's designs, a few words each (the table's legend). */
const SKELETON_DESIGNS: Readonly<Record<SkeletonVariant, string>> = {
  hub: "today's hops",
  direct: "no router hop",
  "edge-only": "accept durably and answer, nothing after",
  "link-only": "the call passed down the insured platform's link and answered with its reply, nothing stored",
  lean: "docs/design/claim-path.md: route at intake, adjudication to the auditor by request, ledger entry as the settlement index, answer by core publish",
};
const root = REPO_ROOT;
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const reportDir = resolve(root, "reports");
const logDir = join(reportDir, `bench-${stamp}-logs`);
const say = (line: string) => console.log(line);
const store = mkdtempSync(join(tmpdir(), "tongxing-bench-"));

async function main(): Promise<void> {
  say(`bench: open loop ${rate}/s for ${durationSec} s, saturation ${concurrency} in flight for ${saturationSec} s, ${channels} gRPC channel(s)`);
  const natsMonitor = `http://127.0.0.1:${await freePort()}`;
  const natsUsers = values["nats-users"] === true ? benchNatsUsers(join(store, "nats-users")) : undefined;
  if (natsUsers !== undefined) say("nats-server with a user and permissions per service (--nats-users)");
  const nats = await bootstrapNats({ storeDir: join(store, "nats"), port: 0, say, monitorPort: Number(new URL(natsMonitor).port), ...(natsUsers === undefined ? {} : { authorization: natsUsers.authorization }) });
  const gatewayPort = 50_000 + Math.floor(Math.random() * 10_000);
  const address = `127.0.0.1:${gatewayPort}`;
  const group = createServiceGroup({ logDir, profile: values.profile, say, env: { NATS_URL: nats.url, GRPC_ADDRESS: address, LOG_LEVEL: "info", GATEWAY_ADDRESS: address, ...BENCH_IDENTITY_ENV } });
  try {
    const metricsAt = async () => `127.0.0.1:${await freePort()}`;
    const metrics = { router: await metricsAt(), auditor: await metricsAt(), translator: await metricsAt() };
    const metricsUrls = { router: `http://${metrics.router}`, auditor: `http://${metrics.auditor}`, translator: `http://${metrics.translator}` };
    const userEnv = (name: "router" | "auditor" | "translator") => natsUsers?.env(name) ?? {};
    await group.launch("router", "router", { METRICS_ADDRESS: metrics.router, ...userEnv("router") });
    await Promise.all([group.launch("auditor", "auditor", { METRICS_ADDRESS: metrics.auditor, ...userEnv("auditor") }), group.launch("translator", "translator", { METRICS_ADDRESS: metrics.translator, ...userEnv("translator") })]);
    await group.launch("simulator", "simulator");
    await new Promise((r) => setTimeout(r, 2_000));

    const load = createSettleLoad({ addresses: [address], channelsPerAddress: channels });
    const settle = load.sender;

    say(`preparing ${Math.round(rate * durationSec)} + ${concurrency * saturationSec * 4} national-mix claims ...`);
    const mix = (n: number, seed: number) => prepareNationalMix(n, seed, DEFAULT_KIND_WEIGHTS, STANDARD_MIX);
    const openClaims = mix(Math.round(rate * durationSec), 1);
    const satClaims = mix(concurrency * saturationSec * 4, 2);
    // Warm-up: JIT, lazily loaded modules, link consumers; not measured.
    say("warm-up: 5 s closed loop, 64 in flight (not measured) ...");
    const warm = await runClosedLoop(64, 5, settle(mix(3_000, 3)));
    say(`  warm-up settled ${warm.completed} (${Math.round(warm.perSec)}/s), errors ${warm.errors}`);
    say(`open loop at ${rate}/s ...`);
    const hopsBefore = await scrapeHops(metricsUrls);
    const open: OpenLoopResult = await runOpenLoop({ ratePerSec: rate, durationSec, warmupSec: 2, send: settle(openClaims), onProgress: say });
    const hops = hopReport(hopsBefore, await scrapeHops(metricsUrls));
    say(`saturation (${concurrency} in flight) ...`);
    const accounted: AccountedProcess[] = [{ name: "nats-server", pid: nats.pid }, ...group.services.map((s) => ({ name: s.name, pid: s.pid })), { name: "load generator", pid: "self" }];
    const cpuBefore = sampleCpu(accounted);
    const msgsBefore = await readNatsMessages(natsMonitor);
    const satStarted = performance.now();
    const sat = await runClosedLoop(concurrency, saturationSec, settle(satClaims));
    const cpu = cpuPerClaim(cpuBefore, sampleCpu(accounted), (performance.now() - satStarted) / 1000, sat.completed);
    // Cancels sent during saturation are counted in; they are 2 % of the claims.
    const natsMessages = messagesPerClaim(msgsBefore, await readNatsMessages(natsMonitor), sat.completed);
    await load.cancelsSettled();
    load.close();

    say("references: bare grpc-js echo, raw JetStream ...");
    const payload = openClaims.find((c) => c.dialect === "nhsa-json")?.payload ?? new Uint8Array(1024);
    const { perSec: echo, cpuUsPerCall: echoCpuUs } = await measureGrpcEcho(payload, concurrency, saturationSec);
    const nc = await connectNats({ servers: nats.url, name: "bench" });
    const jsRates = await measureJetStream(nc, payload, 20_000);
    const sizes = { request: payload.byteLength, response: load.firstSettledBytes() ?? 1_000, claim: canonicalClaimBytes(payload) };
    const skeletons = new Map<SkeletonVariant, SkeletonRun>();
    for (const variant of skeletonVariants) {
      say(`reference: pipeline skeleton "${variant}" (hops and JetStream operations on opaque bytes; open loop ${rate}/s for ${durationSec} s, then ${concurrency} in flight for ${saturationSec} s) ...`);
      const openLoop = { ratePerSec: rate, durationSec, warmupSec: 2 };
      skeletons.set(variant, await measurePipelineSkeleton({ nc, natsUrl: nats.url, natsPid: nats.pid, natsMonitorUrl: natsMonitor, sizes, variant, concurrency, channels, durationSec: saturationSec, openLoop, logDir, say }));
    }
    const skeleton = skeletons.get("hub") as SkeletonRun;
    await nc.close();
    const versus = skeletonComparison({ perSec: sat.perSec, cpu }, skeleton, echoCpuUs);

    const report = {
      at: new Date().toISOString(),
      machine: { node: process.version, cpus: (await import("node:os")).cpus().length },
      payloadBytes: payload.byteLength,
      natsUsers: natsUsers !== undefined,
      openLoop: openLoopSummary(open, durationSec),
      openLoopHops: hops.json,
      saturation: { concurrency, settledPerSec: Math.round(sat.perSec), errors: sat.errors, cpu: [...cpu.rows, cpu.total], natsMessagesPerClaim: natsMessages },
      mix: { ...STANDARD_MIX, outcomes: Object.fromEntries(load.outcomes), cancels: load.cancels },
      references: { grpcEchoPerSec: Math.round(echo), grpcEchoCpuUsPerCall: echoCpuUs, jetstreamPublishPerSec: Math.round(jsRates.publishPerSec), jetstreamConsumePerSec: Math.round(jsRates.consumePerSec) },
      skeleton: {
        sizes,
        ...versus.json,
        variants: Object.fromEntries(
          [...skeletons].map(([v, r]) => [v, { answeredPerSec: Math.round(r.perSec), errors: r.errors, cpu: [...r.cpu.rows, r.cpu.total], inEchoCalls: Number((r.cpu.total.usPerClaim / echoCpuUs).toFixed(2)), natsMessagesPerClaim: r.natsMessages, openLoop: r.openLoop }]),
        ),
      },
      ratios: { hubOverGrpcEcho: Number((sat.perSec / echo).toFixed(3)), claimCpuInEchoCalls: Number((cpu.total.usPerClaim / echoCpuUs).toFixed(2)) },
      targets: T,
    };
    say("");
    say(`mix: dialects ${Object.entries(STANDARD_MIX.dialects ?? {}).map(([d, w]) => `${d} ${w} %`).join(", ")}; reference payload ${report.payloadBytes} bytes (national-format settle message), node ${process.version}`);
    say(`| measure | value | reference / target |`);
    say(`|---|---:|---|`);
    say(`| open loop: offered / settled per s | ${rate} / ${report.openLoop.throughputPerSec} | |`);
    say(`| open loop latency p50 / p90 / p99 / p99.9 / max ms | ${Object.values(report.openLoop.latencyMs).join(" / ")} | target p99 ≤ ${T.p99Ms} at ${T.p99AtPerSec}/s, 0 errors |`);
    say(`| open loop errors / dropped | ${open.errors} / ${open.dropped} | ${open.firstError ?? ""} |`);
    say(`| saturation: answered per s (${concurrency} in flight) | ${report.saturation.settledPerSec} | target ≥ ${T.saturationPerSec} |`);
    say(`| outcomes, all phases | ${[...load.outcomes].map(([k, v]) => `${k} ${v}`).join(", ")} | HELD = planted anomalies (${(STANDARD_MIX.anomalyShare ?? 0) * 100} %) |`);
    say(`| reversals sent / cancelled / failed | ${load.cancels.sent} / ${load.cancels.cancelled} / ${load.cancels.failed} | ${load.cancels.firstError ?? ""} |`);
    say(`| bare grpc-js echo per s (same payload, ${concurrency} in flight) | ${report.references.grpcEchoPerSec} | hub / echo = ${report.ratios.hubOverGrpcEcho} |`);
    say(`| raw JetStream publish / consume per s | ${report.references.jetstreamPublishPerSec} / ${report.references.jetstreamConsumePerSec} | |`);
    say("");
    say(`CPU per answered claim during saturation (utime + stime; steal time on a shared VM moves the rates above, not these):`);
    say("| process | share of one core | CPU µs per claim |");
    say("|---|---:|---:|");
    for (const r of [...cpu.rows, cpu.total]) say(`| ${r.name} | ${r.corePercent} % | ${r.usPerClaim} |`);
    say(`| bare grpc-js echo, client + server, per call | | ${echoCpuUs} |`);
    say(`a claim costs the CPU of ${report.ratios.claimCpuInEchoCalls} echo calls (machine-speed independent; target ≤ ${T.echoCallsPerClaim})`);
    say("");
    say(`nats-server messages per answered claim during saturation (its /varz in_msgs / out_msgs; target ≤ ${T.natsMessagesPerClaim} in, ≤ ${T.natsMessagesPerClaim} out):`);
    say("| design | in per claim | out per claim |");
    say("|---|---:|---:|");
    say(`| the hub | ${natsMessages.inPerClaim} | ${natsMessages.outPerClaim} |`);
    for (const [v, r] of skeletons) if (r.natsMessages !== undefined) say(`| skeleton \`${v}\` | ${r.natsMessages.inPerClaim} | ${r.natsMessages.outPerClaim} |`);
    say("");
    say(`the hub beside the pipeline skeleton (same processes, hops, JetStream operations and message sizes as a settled SettleClaim, no decoding, rules or telemetry; request ${sizes.request} B, claim ${sizes.claim} B, response ${sizes.response} B):`);
    for (const line of versus.lines) say(line);
    if (skeletons.size > 1) {
      say("");
      say(`the skeleton's designs (${[...skeletons.keys()].map((v) => `${v}: ${SKELETON_DESIGNS[v]}`).join("; ")}):`);
      for (const line of skeletonVariantLines(skeletons, echoCpuUs)) say(line);
    }
    say("");
    for (const line of targetBudgetLines(skeletons, { perSec: sat.perSec, cpuUsPerClaim: cpu.total.usPerClaim }, { perSec: echo, cpuUsPerCall: echoCpuUs })) say(line);
    say("");
    say(`open loop at ${rate}/s, submit → answer: the hub beside the skeleton's designs at the same rate (target p99 ≤ ${T.p99Ms} ms at ${T.p99AtPerSec}/s; latency counts from each call's due time):`);
    for (const line of openLoopLatencyLines(report.openLoop, skeletons)) say(line);
    say("");
    say("per hop during the open loop, from the services' histograms (bucket upper bounds; the rest of end to end is time waiting in JetStream):");
    say("| hop | observations | p50 ms | p99 ms |");
    say("|---|---:|---:|---:|");
    for (const row of hops.rows) say(row);
    mkdirSync(reportDir, { recursive: true });
    const file = join(reportDir, `bench-${stamp}.json`);
    writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
    say(`\nreport: ${file}; service logs: ${logDir}`);
  } finally {
    await group.stopAll();
    await nats.stop();
    rmSync(store, { recursive: true, force: true });
  }
}

/** Bytes of the canonical claim a national-format message decodes to (what each hop carries). */
function canonicalClaimBytes(payload: Uint8Array): number {
  return toBinary(ClaimSchema, createDialectRegistry().get("nhsa-json").decodeClaim(payload).claim).byteLength;
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
});

/** The users `npm start` gives nats-server (fresh passwords in files under dir); the bench's own connections are the operator. */
function benchNatsUsers(dir: string): { authorization: string; env: (name: "router" | "auditor" | "translator") => Record<string, string> } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = () => randomBytes(18).toString("base64url");
  const passwords = { translator: secret(), router: secret(), auditor: secret() };
  for (const [name, password] of Object.entries(passwords)) writeFileSync(join(dir, `${name}.password`), password, { mode: 0o600 });
  return {
    authorization: renderNatsAuthorization([...hubServiceUsers(passwords), { user: "operator", password: secret() }], "operator"),
    env: (name) => ({ NATS_USER: name, NATS_PASSWORD_FILE: join(dir, `${name}.password`) }),
  };
}
