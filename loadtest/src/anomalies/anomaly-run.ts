// `npm run anomalies [-- --claims 10000 --rate 0.05 --seed 1]`: plants documented anomaly
// categories at a known rate in a national mix of claims, runs them through a whole hub on this
// machine (fresh nats-server, services in-process, simulated platforms) and prints, per
// category, planted / caught / missed, and the false holds on clean claims.
// Caught = the claim did not settle (REJECTED or HELD). Targets: ≥ 99 % caught, ≤ 0.5 % false.
import { parseArgs } from "node:util";
import { status as GrpcStatus } from "@grpc/grpc-js";
import { create } from "@bufbuild/protobuf";
import { AdjudicationSchema, ClaimStatus, type Claim } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type GatewayClient } from "@tongxing/testkit";
import { Kvm } from "@nats-io/kv";
import { institutionEnforcementKey as enforcementKey, institutionEntryKey as institutionKey } from "@tongxing/filings";
import { Buckets, connectNats } from "@tongxing/nats";
import { DEFAULT_INSURED_POLICIES, putPolicy } from "@tongxing/policy";
import { buildNhsaSettleMessage, pickProvinceByPopulation } from "../claims/claim-factory.js";
import { withoutSplitPayload } from "../claims/fee-upload-shape.js";
import { interimStay } from "../claims/interim-stay.js";
import { createSeededRandom } from "../claims/seeded-random.js";
import { createSimulatedAdjudicator, startSimulatedPlatforms } from "../simulator/simulated-platforms.js";
import type { PlatformReply } from "../simulator/province-link-client.js";
import {
  ANOMALY_CATEGORIES,
  CLEAN_INTERIM_SHARE,
  FOLLOW_UP_CATEGORIES,
  inflateOutpatient,
  NO_SPLIT_SHARE,
  planCategories,
  plantInAdjudication,
  FILING_REQUIRED_POOL,
  QUOTA_POOL,
  quotaOutpatient,
  SHAPE_OF_CATEGORY,
  suspendedInstitution,
  unlistedInstitution,
  type LineShape,
  type PlannedCategory,
} from "./anomaly-plan.js";

const { values } = parseArgs({ options: { claims: { type: "string", default: "10000" }, rate: { type: "string", default: "0.05" }, seed: { type: "string", default: "1" }, concurrency: { type: "string", default: "128" } } });
const count = Number(values.claims);
const rate = Number(values.rate);
const seed = Number(values.seed);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(count) || count < 10 || !(rate > 0 && rate < 1)) throw new Error("--claims must be an integer ≥ 10 and --rate in (0, 1)");

interface Planned {
  readonly category: PlannedCategory;
  readonly platform: string;
  /** Lines sent with their split, or in the fee-upload shape without it (a follow-up: its original's). */
  shape: LineShape;
  payload: Uint8Array;
  msgid: string;
  /** Sent with this idempotency key instead of the default (the msgid). */
  idempotencyKey?: string;
  /** An inpatient stay settled in parts: its interim part, sent (and settled) before this claim, its final. */
  interim?: Uint8Array;
  status?: ClaimStatus;
  rules?: string;
}

const plan = planCategories(count, rate, seed);
/** Every institution the run's claims come from ("<province>.<fixmedins_code>"), listed as networked before the run. */
const institutionsInUse = new Set<string>(["11.H11010200001", "44.H44010200001"]); // the impossible-travel follow-ups' institutions
/** Institutions registered as suspended (InstitutionRegistry status history) since before the run. */
const suspendedInUse = new Set<string>();
const rng = createSeededRandom(seed + 1);
const runTag = Date.now() % 1_000_000;
const planned: Planned[] = plan.map((category, i) => {
  let treatment = pickProvinceByPopulation(rng);
  let insured = pickProvinceByPopulation(rng);
  while (insured.code === treatment.code) insured = pickProvinceByPopulation(rng);
  // Unfiled care: insured in the pool that requires filing, treated in another province.
  while (category === "unfiled-care" && treatment.code === FILING_REQUIRED_POOL.slice(0, 2)) treatment = pickProvinceByPopulation(rng);
  while (category === "quota-exceeded" && treatment.code === QUOTA_POOL.slice(0, 2)) treatment = pickProvinceByPopulation(rng);
  const message = buildNhsaSettleMessage({
    kind: category === "inflated-outpatient" || category === "quota-exceeded" ? "outpatient" : category === "interim-not-netting" ? "inpatient" : rng.pick(["outpatient", "outpatient", "pharmacy", "inpatient"] as const),
    treatmentAdmdvs: `${treatment.capitalAdmdvs.slice(0, 4)}02`,
    insuredAdmdvs: category === "unfiled-care" ? FILING_REQUIRED_POOL : category === "quota-exceeded" ? QUOTA_POOL : insured.capitalAdmdvs,
    seq: i,
    seed: seed * 7_919 + i,
    at: new Date(Date.UTC(2026, 5, 1) + runTag * 60_000 + i * 1_000),
    ...(category === "account-for-resident" ? { insutype: "390" } : {}),
  });
  const shape = SHAPE_OF_CATEGORY[category] ?? (rng.next() < NO_SPLIT_SHARE ? "no-split" : "split");
  if (category === "unlisted-institution") message.json.fixmedins_code = unlistedInstitution(message.json.mdtrtarea_admvs);
  else if (category === "suspended-institution") {
    message.json.fixmedins_code = suspendedInstitution(message.json.mdtrtarea_admvs);
    suspendedInUse.add(`${treatment.code}.${message.json.fixmedins_code}`);
  } else institutionsInUse.add(`${treatment.code}.${message.json.fixmedins_code}`);
  const rewritten = category === "unlisted-institution" || category === "suspended-institution";
  let payload = shape === "no-split" ? withoutSplitPayload(message.json) : rewritten ? new TextEncoder().encode(JSON.stringify(message.json)) : message.payload;
  if (category === "inflated-outpatient") payload = inflateOutpatient(message.json);
  if (category === "quota-exceeded") payload = quotaOutpatient(message.json);
  // A stay settled in parts: the interim first; the final states the whole stay (clean), or leaves
  // the interim's lines out (interim-not-netting). Always in the fee-upload shape.
  const lines = message.json.input.feedetail.length;
  const inParts = lines >= 2 && (category === "interim-not-netting" || (category === "clean" && message.json.infno === "2304" && rng.next() < CLEAN_INTERIM_SHARE));
  if (inParts) {
    const stay = interimStay(message.json, Math.floor(lines / 2), { omitInterimLines: category === "interim-not-netting" });
    return { category, platform: treatment.code, shape: "no-split" as const, payload: stay.final.payload, msgid: stay.final.json.msgid, interim: stay.interim.payload };
  }
  return { category, platform: treatment.code, shape, payload, msgid: message.msgid };
});
const platformAnomalies = new Map(planned.filter((p) => ["fund-off-by-one-fen", "account-for-resident", "policy-mismatch", "family-sharing-unbound", "line-results-missing"].includes(p.category)).map((p) => [p.msgid, p.category]));

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
          const res = await clients.get(item.platform)!.settle(item.payload, { timeoutMs: 60_000, ...(item.idempotencyKey === undefined ? {} : { idempotencyKey: item.idempotencyKey }) });
          item.status = res.status;
          item.rules = res.settlement?.verdict === undefined ? (res.settlement?.refusal?.code ?? "") : [...new Set(res.settlement.verdict.findings.map((f) => f.ruleId))].join(",");
        } catch (err) {
          // Refused at intake with a clear status (an institution the registry shows suspended): not settled.
          const refused = (err as { code?: number }).code === GrpcStatus.FAILED_PRECONDITION;
          item.status = refused ? ClaimStatus.REJECTED : ClaimStatus.UNSPECIFIED;
          item.rules = refused ? "intake" : err instanceof Error ? err.message.slice(0, 60) : "error";
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
  // Every treatment province's networked list is complete (enforced) and names every institution the
  // clean claims come from; an "unlisted-institution" claim's code is on none (rule N1).
  const nc = await connectNats({ servers: hub.nats.url, name: "anomaly-run" });
  const kv = await new Kvm(nc).open(Buckets.INSTITUTIONS);
  for (const entry of institutionsInUse) {
    const [province = "", code = ""] = entry.split(".");
    await kv.put(institutionKey(province, code), new TextEncoder().encode("{}"));
  }
  for (const entry of suspendedInUse) {
    const [province = "", code = ""] = entry.split(".");
    const history = { name: "suspended", changes: [{ status: "NETWORKED", effectiveDate: "2015-01-01" }, { status: "SUSPENDED", effectiveDate: "2020-01-01" }] };
    await kv.put(institutionKey(province, code), new TextEncoder().encode(JSON.stringify(history)));
  }
  for (const province of new Set([...institutionsInUse].map((e) => e.split(".")[0] ?? ""))) await kv.put(enforcementKey(province), new TextEncoder().encode("complete"));
  // The filing-required pool: Jiangsu's policy with filing required (no one insured there has filed).
  const jiangsu = DEFAULT_INSURED_POLICIES.get(FILING_REQUIRED_POOL.slice(0, 2))!;
  await putPolicy(await new Kvm(nc).open(Buckets.POLICIES), { province: FILING_REQUIRED_POOL, versions: jiangsu.versions.map((v) => ({ ...v, filingRequired: true })) });
  // The quota pool: Zhejiang's policy with an annual outpatient quota of 0 (no clean claim is insured there).
  const zhejiang = DEFAULT_INSURED_POLICIES.get(QUOTA_POOL.slice(0, 2))!;
  await putPolicy(await new Kvm(nc).open(Buckets.POLICIES), { province: QUOTA_POOL, versions: zhejiang.versions.map((v) => ({ ...v, outpatientQuotaFen: 0n })) });
  await nc.drain();
  await new Promise((r) => setTimeout(r, 1_500));
  // Phase 0: the interim parts of the stays settled in parts (not counted; their finals are).
  const interims: Planned[] = planned.flatMap((p) => (p.interim === undefined ? [] : [{ category: "clean" as const, platform: p.platform, shape: "no-split" as const, payload: p.interim, msgid: "" }]));
  await runAll(interims, clients, say);
  const interimsUnsettled = interims.filter((p) => p.status !== ClaimStatus.SETTLED).length;
  // Phase 1: every claim that does not need an earlier settled one.
  await runAll(planned.filter((p) => !FOLLOW_UP_CATEGORIES.has(p.category) || p.category === "interim-not-netting"), clients, say);
  // Phase 2: follow-ups built on a settled clean claim of phase 1 (a distinct one each).
  const settledClean = planned.filter((p) => p.category === "clean" && p.status === ClaimStatus.SETTLED);
  const used = new Set<Planned>();
  const take = (want: (p: Planned) => boolean): Planned => {
    const found = settledClean.find((p) => !used.has(p) && want(p)) ?? settledClean.find((p) => !used.has(p))!;
    used.add(found);
    return found;
  };
  const setups: Planned[] = [];
  const followUps = planned.filter((p) => FOLLOW_UP_CATEGORIES.has(p.category) && p.category !== "interim-not-netting");
  followUps.forEach((f, i) => {
    type Msg = { msgid: string; mdtrtarea_admvs: string; fixmedins_code: string; infno: string; input: { data: Record<string, unknown> } };
    const wantKind = f.category === "overlapping-stay" ? "2304" : f.category === "pharmacy-repeat" ? "2102" : "";
    // Not a stay settled in parts: a follow-up rewrites one whole claim.
    const original = take((p) => p.interim === undefined && (wantKind === "" || (JSON.parse(new TextDecoder().decode(p.payload)) as Msg).infno === wantKind));
    const base = JSON.parse(new TextDecoder().decode(original.payload)) as Msg;
    const json = structuredClone(base);
    json.msgid = `${json.msgid.slice(0, 22)}F${String(i).padStart(7, "0")}`;
    let platform = original.platform;
    if (f.category === "overlapping-stay") {
      Object.assign(json.input.data, { mdtrt_id: `${String(json.input.data.mdtrt_id).slice(0, 20)}OV`, chrg_bchno: "OVERLAP", begntime: json.input.data.begntime, endtime: json.input.data.endtime });
    } else if (f.category === "impossible-travel") {
      const end = Date.parse(`${String(json.input.data.endtime).replace(" ", "T")}+08:00`) + 30 * 60_000;
      const text = new Date(end + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
      const elsewhere = original.platform === "44" ? "11" : "44";
      json.mdtrtarea_admvs = `${elsewhere}0102`;
      json.fixmedins_code = `H${elsewhere}010200001`;
      Object.assign(json.input.data, { mdtrt_id: `${elsewhere}TRAVEL${i}`, begntime: text, endtime: text });
      platform = elsewhere;
    } else if (f.category === "pharmacy-repeat") {
      // A second purchase the same day (should settle, not counted), then the planted third one.
      const second = structuredClone(base);
      second.msgid = `${second.msgid.slice(0, 22)}S${String(i).padStart(7, "0")}`;
      Object.assign(second.input.data, { mdtrt_id: `${String(base.input.data.mdtrt_id).slice(0, 20)}R2`, chrg_bchno: "REPEAT2" });
      setups.push({ category: "clean", platform, shape: original.shape, payload: new TextEncoder().encode(JSON.stringify(second)), msgid: second.msgid });
      Object.assign(json.input.data, { mdtrt_id: `${String(base.input.data.mdtrt_id).slice(0, 20)}R3`, chrg_bchno: "REPEAT3" });
    }
    if (f.category === "reused-msgid") {
      // The settled claim's own msgid on another encounter, under a key of its own.
      json.msgid = base.msgid;
      Object.assign(json.input.data, { mdtrt_id: `${String(base.input.data.mdtrt_id).slice(0, 20)}RM`, chrg_bchno: "REUSED" });
      f.idempotencyKey = `reused-${i}`;
    }
    Object.assign(f, { payload: new TextEncoder().encode(JSON.stringify(json)), msgid: json.msgid, platform, shape: original.shape });
  });
  for (const s of setups) if (!clients.has(s.platform)) clients.set(s.platform, createGatewayClient(hub.address, s.platform));
  for (const f of followUps) if (!clients.has(f.platform)) clients.set(f.platform, createGatewayClient(hub.address, f.platform));
  await runAll(setups, clients, say);
  await runAll(followUps.filter((f) => f.category !== "pharmacy-repeat"), clients, say);
  await runAll(followUps.filter((f) => f.category === "pharmacy-repeat"), clients, say);

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
  // Both line shapes reported apart: clean claims of each shape must settle, anomalies of each be caught.
  const shapeRows = (["split", "no-split"] as const).map((shape) => {
    const cleanOf = clean.filter((p) => p.shape === shape);
    const falseOf = cleanOf.filter((p) => p.status !== ClaimStatus.SETTLED);
    const pct = (100 * falseOf.length) / Math.max(1, cleanOf.length);
    failed ||= pct > 0.5;
    const anomalies = planned.filter((p) => p.category !== "clean" && p.shape === shape);
    const caught = anomalies.filter((p) => p.status !== ClaimStatus.SETTLED && p.status !== ClaimStatus.UNSPECIFIED).length;
    const rules = [...new Set(falseOf.map((p) => p.rules))].slice(0, 4).join("; ");
    return `| ${shape === "split" ? "split sent" : "no split (fee-upload shape)"} | ${cleanOf.length} | ${falseOf.length} | ${pct.toFixed(2)} % | ${anomalies.length} | ${caught} | ${((100 * caught) / Math.max(1, anomalies.length)).toFixed(1)} % | ${rules} |`;
  });
  say("");
  say("| category | planted | caught | missed | caught % | expected rules | rules that fired |");
  say("|---|---:|---:|---:|---:|---|---|");
  for (const r of rows) say(r);
  say(`| clean (false holds or rejections) | ${clean.length} | ${falseHolds.length} | — | ${falsePct.toFixed(2)} % false | — | ${[...new Set(falseHolds.map((p) => p.rules))].slice(0, 4).join("; ")} |`);
  say("");
  say("| line shape | clean | false holds | false % | anomalies | caught | caught % | rules on false holds |");
  say("|---|---:|---:|---:|---:|---:|---:|---|");
  for (const r of shapeRows) say(r);
  const pairs = clean.filter((p) => p.interim !== undefined);
  const pairFalse = pairs.filter((p) => p.status !== ClaimStatus.SETTLED);
  failed ||= interimsUnsettled > 0;
  say("");
  say(`stays settled in parts (clean, fee-upload shape): ${interims.length} interim parts (${interimsUnsettled} not settled), ${pairs.length} clean finals (${pairFalse.length} not settled${pairFalse.length === 0 ? "" : `: ${[...new Set(pairFalse.map((p) => p.rules))].slice(0, 4).join("; ")}`})`);
  say(failed ? "\nFAIL: below target (≥ 99 % caught per category, ≤ 0.5 % false holds)" : "\nok: every category ≥ 99 % caught, false holds ≤ 0.5 %");
  process.exitCode = failed ? 1 : 0;
} finally {
  for (const c of clients.values()) c.close();
  platforms.close();
  await hub.stop();
}
