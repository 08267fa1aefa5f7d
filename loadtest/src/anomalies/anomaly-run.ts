// `npm run anomalies [-- --claims 10000 --rate 0.05 --seed 1]`: plants documented anomaly
// categories at a known rate in a national mix of claims, runs them through a whole hub on this
// machine (fresh nats-server, services in-process, simulated platforms) and prints, per
// category, planted / caught / missed, and the false holds on clean claims.
// Caught = the claim did not settle (REJECTED or HELD). Targets: ≥ 99 % caught, ≤ 0.5 % false.
import { parseArgs } from "node:util";
import { create } from "@bufbuild/protobuf";
import { AdjudicationSchema, ClaimStatus, type Claim } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type GatewayClient } from "@tongxing/testkit";
import { buildNhsaSettleMessage, pickProvinceByPopulation } from "../claims/claim-factory.js";
import { createSeededRandom } from "../claims/seeded-random.js";
import { createSimulatedAdjudicator, startSimulatedPlatforms } from "../simulator/simulated-platforms.js";
import type { PlatformReply } from "../simulator/province-link-client.js";
import { ANOMALY_CATEGORIES, planCategories, plantInAdjudication, type PlannedCategory } from "./anomaly-plan.js";

const { values } = parseArgs({ options: { claims: { type: "string", default: "10000" }, rate: { type: "string", default: "0.05" }, seed: { type: "string", default: "1" }, concurrency: { type: "string", default: "128" } } });
const count = Number(values.claims);
const rate = Number(values.rate);
const seed = Number(values.seed);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(count) || count < 10 || !(rate > 0 && rate < 1)) throw new Error("--claims must be an integer ≥ 10 and --rate in (0, 1)");

interface Planned {
  readonly category: PlannedCategory;
  readonly platform: string;
  payload: Uint8Array;
  msgid: string;
  status?: ClaimStatus;
  rules?: string;
}

const plan = planCategories(count, rate, seed);
const rng = createSeededRandom(seed + 1);
const runTag = Date.now() % 1_000_000;
const planned: Planned[] = plan.map((category, i) => {
  const treatment = pickProvinceByPopulation(rng);
  let insured = pickProvinceByPopulation(rng);
  while (insured.code === treatment.code) insured = pickProvinceByPopulation(rng);
  const message = buildNhsaSettleMessage({
    kind: category === "inflated-outpatient" || category === "duplicate-billing" ? "outpatient" : rng.pick(["outpatient", "outpatient", "pharmacy", "inpatient"] as const),
    treatmentAdmdvs: `${treatment.capitalAdmdvs.slice(0, 4)}02`,
    insuredAdmdvs: insured.capitalAdmdvs,
    seq: i,
    seed: seed * 7_919 + i,
    at: new Date(Date.UTC(2026, 5, 1) + runTag * 60_000 + i * 1_000),
    ...(category === "account-for-resident" ? { insutype: "390" } : {}),
  });
  let payload = message.payload;
  if (category === "inflated-outpatient") {
    const json = structuredClone(message.json) as unknown as { input: Record<string, unknown> & { data: Record<string, unknown> } };
    json.input.feedetail = [];
    Object.assign(json.input.data, { medfee_sumamt: "30000.00", inscp_scp_amt: "30000.00", fulamt_ownpay_amt: "0.00", overlmt_selfpay: "0.00", preselfpay_amt: "0.00" });
    payload = new TextEncoder().encode(JSON.stringify(json));
  }
  return { category, platform: treatment.code, payload, msgid: message.msgid };
});
const platformAnomalies = new Map(planned.filter((p) => ["fund-off-by-one-fen", "account-for-resident", "policy-mismatch"].includes(p.category)).map((p) => [p.msgid, p.category]));

function plantingAdjudicator(code: string): (claim: Claim) => PlatformReply {
  const base = createSimulatedAdjudicator(code);
  return (claim) => {
    const reply = base(claim);
    const category = platformAnomalies.get(claim.msgid);
    if (category === undefined || !("adjudication" in reply)) return reply;
    return { adjudication: create(AdjudicationSchema, plantInAdjudication(category, reply.adjudication)) };
  };
}

async function runAll(items: Planned[], clients: Map<string, GatewayClient>, say: (s: string) => void): Promise<void> {
  let next = 0;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        try {
          const res = await clients.get(item.platform)!.settle(item.payload, { timeoutMs: 60_000 });
          item.status = res.status;
          item.rules = res.settlement?.verdict?.findings.map((f) => f.ruleId).join(",") ?? res.settlement?.refusal?.code ?? "";
        } catch (err) {
          item.status = ClaimStatus.UNSPECIFIED;
          item.rules = err instanceof Error ? err.message.slice(0, 60) : "error";
        }
        if (++done % 1_000 === 0) say(`  ${done}/${items.length} decided (${Math.round(done / ((performance.now() - started) / 1000))}/s)`);
      }
    }),
  );
}

const say = (line: string) => console.log(line);
say(`anomaly run: ${count} claims, ${(rate * 100).toFixed(1)} % planted across ${Object.keys(ANOMALY_CATEGORIES).length} categories, seed ${seed}`);
const hub = await startTestHub({ logLevel: "error" });
const platforms = startSimulatedPlatforms({ address: hub.address, adjudicatorFor: plantingAdjudicator, maxInFlight: 256 });
const clients = new Map<string, GatewayClient>();
for (const p of planned) if (!clients.has(p.platform)) clients.set(p.platform, createGatewayClient(hub.address, p.platform));
try {
  await new Promise((r) => setTimeout(r, 1_500));
  // Phase 1: everything but the duplicate bills (which need their original settled first).
  const duplicates = planned.filter((p) => p.category === "duplicate-billing");
  await runAll(planned.filter((p) => p.category !== "duplicate-billing"), clients, say);
  // Phase 2: each duplicate re-bills a settled clean claim's encounter under a new msgid.
  const originals = planned.filter((p) => p.category === "clean" && p.status === ClaimStatus.SETTLED);
  duplicates.forEach((d, i) => {
    const original = originals[i % Math.max(1, originals.length)]!;
    const json = JSON.parse(new TextDecoder().decode(original.payload)) as { msgid: string };
    json.msgid = `${json.msgid.slice(0, 22)}DUP${String(i).padStart(5, "0")}`;
    Object.assign(d, { payload: new TextEncoder().encode(JSON.stringify(json)), msgid: json.msgid, platform: original.platform });
  });
  await runAll(duplicates, clients, say);

  const rows: string[] = [];
  let failed = false;
  for (const category of Object.keys(ANOMALY_CATEGORIES) as (keyof typeof ANOMALY_CATEGORIES)[]) {
    const items = planned.filter((p) => p.category === category);
    const caught = items.filter((p) => p.status !== ClaimStatus.SETTLED && p.status !== ClaimStatus.UNSPECIFIED).length;
    const pct = items.length === 0 ? 100 : (100 * caught) / items.length;
    failed ||= pct < 99;
    const byRule = [...new Set(items.map((p) => p.rules ?? ""))].filter((r) => r !== "").slice(0, 4).join("; ");
    rows.push(`| ${category} | ${items.length} | ${caught} | ${items.length - caught} | ${pct.toFixed(1)} % | ${ANOMALY_CATEGORIES[category].caughtBy} | ${byRule} |`);
  }
  const clean = planned.filter((p) => p.category === "clean");
  const falseHolds = clean.filter((p) => p.status !== ClaimStatus.SETTLED);
  const falsePct = (100 * falseHolds.length) / Math.max(1, clean.length);
  failed ||= falsePct > 0.5;
  say("");
  say("| category | planted | caught | missed | caught % | expected rules | rules that fired |");
  say("|---|---:|---:|---:|---:|---|---|");
  for (const r of rows) say(r);
  say(`| clean (false holds or rejections) | ${clean.length} | ${falseHolds.length} | — | ${falsePct.toFixed(2)} % false | — | ${[...new Set(falseHolds.map((p) => p.rules))].slice(0, 4).join("; ")} |`);
  say(failed ? "\nFAIL: below target (≥ 99 % caught per category, ≤ 0.5 % false holds)" : "\nok: every category ≥ 99 % caught, false holds ≤ 0.5 %");
  process.exitCode = failed ? 1 : 0;
} finally {
  for (const c of clients.values()) c.close();
  platforms.close();
  await hub.stop();
}
