// Pre-settlement (2206 / 2303 / 2101) through the public gRPC path on real components (nats-server,
// gRPC over loopback with mTLS, simulated platforms answering on their ProvinceLink): the counter
// learns what the patient would pay, the hub books nothing (no claim record, no settlement, no
// ledger entry) but keeps the answer, and the encounter's later settlement is checked against it
// (rule S1: a large difference holds the claim).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { buildNhsaSettleMessage, createSimulatedPlatform, startSimulatedPlatforms, type NhsaSettleJson, type PlatformReply, type SimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats, Streams } from "@tongxing/nats";
import { AdjudicationSchema, ClaimStatus, type Claim } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let nc: NatsConnection;
let jsm: JetStreamManager;

/** A person whose insured platform (Jiangsu) quotes 800.00 yuan less for the patient than it settles. */
const MISQUOTED = "32010000000000000555";

/** A person whose insured platform's pre-settlement answer leaves out fund_pay_sumamt (required). */
const NO_FUND_TOTAL = "32010000000000000556";

function jiangsuPreSettler(): (claim: Claim) => PlatformReply {
  const base = createSimulatedPlatform("32").preSettle;
  return (claim) => {
    const reply = base(claim);
    if (claim.person?.psnNo === NO_FUND_TOTAL && "adjudication" in reply) return { adjudication: create(AdjudicationSchema, { ...reply.adjudication, fundPaySumamt: undefined }) };
    if (claim.person?.psnNo !== MISQUOTED || !("adjudication" in reply)) return reply;
    const a = reply.adjudication;
    return { adjudication: create(AdjudicationSchema, { ...a, psnPartAmt: a.psnPartAmt! - 80_000n, psnCashPay: a.psnCashPay! - 80_000n, fundPaySumamt: a.fundPaySumamt! + 80_000n, hifpPay: a.hifpPay! + 80_000n }) };
  };
}

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"], preSettlerFor: (code) => (code === "32" ? jiangsuPreSettler() : createSimulatedPlatform(code).preSettle) });
  shandong = createGatewayClient(hub.address, "37");
  nc = await connectNats({ servers: hub.nats.url, name: "pre-settlement-test" });
  jsm = await jetstreamManager(nc);
});

after(async () => {
  shandong.close();
  platforms.close();
  await nc.drain();
  await hub.stop();
});

const encode = (json: unknown) => new TextEncoder().encode(JSON.stringify(json));
/** The same message as its pre-settle transaction (2207 → 2206, 2304 → 2303, 2102 → 2101). */
const asPreSettle = (json: NhsaSettleJson) => encode({ ...json, infno: ({ "2207": "2206", "2304": "2303", "2102": "2101" } as Record<string, string>)[json.infno] });
const messages = async (stream: string) => (await jsm.streams.info(stream)).state.messages;

async function grpcCode(call: Promise<unknown>): Promise<{ code: string; details: string }> {
  try {
    await call;
    return { code: "OK", details: "" };
  } catch (err) {
    const e = err as ServiceError;
    return { code: GrpcStatus[e.code] ?? String(e.code), details: e.details ?? "" };
  }
}

async function waitFor(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(predicate(), what);
}

test("a 2206 is answered by the insured platform with what the patient would pay; nothing is booked; the settlement then matches it", async () => {
  await waitFor(() => platforms.clients.get("32") !== undefined, "Jiangsu's link is up");
  const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 81, insutype: "310", seed: 81 });
  const before = { ledger: await messages(Streams.LEDGER), claims: await messages(Streams.CLAIMS), settlements: await messages(Streams.SETTLEMENTS), adjudications: await messages(Streams.ADJUDICATIONS) };
  let res = await shandong.preSettle(asPreSettle(message.json)).catch(() => undefined);
  // The link may still be coming up: a pre-settlement is asked again, as a counter would.
  for (let i = 0; res === undefined && i < 40; i++) {
    await new Promise((r) => setTimeout(r, 250));
    res = await shandong.preSettle(asPreSettle(message.json)).catch(() => undefined);
  }
  assert.ok(res !== undefined, "pre-settled");
  const pre = res.preSettlement!;
  assert.match(pre.preSettleId, /^P[0-9a-f]{24}$/);
  assert.equal(pre.answeredBy, "32");
  assert.equal(pre.refusal, undefined);
  const a = pre.adjudication!;
  assert.equal(a.setlId, "", "nothing was booked: no settlement id");
  assert.equal(a.medfeeSumamt, pre.claim!.totals!.medfeeSumamt);
  assert.ok(a.psnPartAmt! > 0n && a.fundPaySumamt! > 0n);
  // The national pre-settle answer: infcode 0 and the setlinfo of what would be paid.
  const json = JSON.parse(new TextDecoder().decode(res.payload)) as { infcode: string; output: { setlinfo: { psn_part_amt: number; setl_id: string } } };
  assert.equal(json.infcode, "0");
  assert.equal(Math.round(json.output.setlinfo.psn_part_amt * 100), Number(a.psnPartAmt));
  assert.equal(platforms.clients.get("32")?.counts.adjudicated, 0, "the insured platform settled nothing");

  // Nothing on the settle path, nothing in the ledger.
  const afterPre = { ledger: await messages(Streams.LEDGER), claims: await messages(Streams.CLAIMS), settlements: await messages(Streams.SETTLEMENTS), adjudications: await messages(Streams.ADJUDICATIONS) };
  assert.deepEqual(afterPre, before);

  // The real 2207 of the same encounter settles for what was quoted; S1 finds nothing.
  const settled = await shandong.settle(message.payload);
  assert.equal(settled.status, ClaimStatus.SETTLED, JSON.stringify(settled.settlement?.verdict?.findings.map((f) => f.message)));
  assert.equal(settled.settlement?.adjudication?.psnPartAmt, a.psnPartAmt);
  assert.equal(settled.settlement?.verdict?.findings.some((f) => f.ruleId === "S1"), false);
  assert.equal(await messages(Streams.LEDGER), before.ledger + 1, "the settlement, not the pre-settlement, has a ledger entry");
});

test("a settlement far from its pre-settlement is held for review by S1, naming the amounts", async () => {
  const message = buildNhsaSettleMessage({ kind: "inpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 82, insutype: "310", psnNo: MISQUOTED, seed: 82 });
  const res = await shandong.preSettle(asPreSettle(message.json));
  const quoted = res.preSettlement!.adjudication!;
  const settled = await shandong.settle(message.payload);
  assert.equal(settled.status, ClaimStatus.HELD);
  const s1 = settled.settlement?.verdict?.findings.filter((f) => f.ruleId === "S1") ?? [];
  assert.deepEqual(s1.map((f) => f.message.split(" ")[0]).sort(), ["fund_pay_sumamt", "psn_part_amt"]);
  const psn = s1.find((f) => f.message.startsWith("psn_part_amt"))!;
  assert.equal(psn.expected, String(quoted.psnPartAmt));
  assert.equal(psn.actual, String(quoted.psnPartAmt! + 80_000n));
});

test("a pre-settlement answer without fund_pay_sumamt is answered as refused, naming the field", async () => {
  const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 84, insutype: "390", psnNo: NO_FUND_TOTAL, seed: 84 });
  const res = await shandong.preSettle(asPreSettle(message.json));
  const pre = res.preSettlement!;
  assert.equal(pre.adjudication, undefined, "never shown with the fund read as 0");
  assert.equal(pre.refusal?.code, "INVALID_ADJUDICATION");
  assert.match(pre.refusal?.message ?? "", /fund_pay_sumamt: is required/);
});

test("dialects without a pre-settle form are refused naming the dialect; a settle transaction is not a pre-settlement", async () => {
  const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 83, seed: 83 });
  const xml = await grpcCode(shandong.preSettle(encode({}), { dialect: "xml-esb" }));
  assert.equal(xml.code, "INVALID_ARGUMENT");
  assert.match(xml.details, /dialect/);
  const settleForm = await grpcCode(shandong.preSettle(message.payload));
  assert.equal(settleForm.code, "INVALID_ARGUMENT");
  assert.match(settleForm.details, /infno/);
});

test("an insured platform with no link up: UNAVAILABLE at once, nothing stored", async () => {
  const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "440300", seq: 84, seed: 84 });
  const ledger = await messages(Streams.LEDGER);
  const r = await grpcCode(shandong.preSettle(asPreSettle(message.json)));
  assert.equal(r.code, "UNAVAILABLE");
  assert.match(r.details, /platform 44/);
  assert.equal(await messages(Streams.LEDGER), ledger);
});
