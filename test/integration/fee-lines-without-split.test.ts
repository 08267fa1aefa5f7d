// Absent is not zero, through the public gRPC path on real components (nats-server, gRPC on
// loopback, simulated platforms): a hospital's national 2207 sent in the fee-upload shape (lines
// without their catalogue split) settles, the insured platform's per-line results are kept in the
// claim record; an insured platform that answers without per-line results gets the claim rejected
// by L1 with a reason that says the split is missing (never "expected 0").
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { buildNhsaSettleMessage, createSimulatedAdjudicator, startSimulatedPlatforms, withoutSplitPayload, type PlatformReply, type SimulatedPlatforms } from "@tongxing/loadtest";
import { AdjudicationSchema, ClaimStatus, VerdictOutcome, type Claim } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;

/** Persons whose insured platform (Jiangsu) forgets the per-line results. */
const FORGETFUL = "32010000000000000444";

function jiangsuAdjudicator(): (claim: Claim) => PlatformReply {
  const base = createSimulatedAdjudicator("32");
  return (claim) => {
    const reply = base(claim);
    if (claim.person?.psnNo !== FORGETFUL || !("adjudication" in reply)) return reply;
    return { adjudication: create(AdjudicationSchema, { ...reply.adjudication, feeLines: [] }) };
  };
}

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"], adjudicatorFor: (code) => (code === "32" ? jiangsuAdjudicator() : createSimulatedAdjudicator(code)) });
  shandong = createGatewayClient(hub.address, "37");
});

after(async () => {
  shandong.close();
  platforms.close();
  await hub.stop();
});

test("a 2207 whose lines carry no split settles on the insured side's per-line results, which the hub keeps", async () => {
  const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 71, insutype: "310", seed: 71 });
  const lines = message.json.input.feedetail;
  const res = await shandong.settle(withoutSplitPayload(message.json));
  assert.equal(res.status, ClaimStatus.SETTLED, JSON.stringify(res.settlement?.verdict?.findings.map((f) => f.message)));
  assert.equal(res.settlement?.verdict?.outcome, VerdictOutcome.APPROVE);

  const record = (await shandong.get(res.claimId)).record!;
  // The claim as kept: the split absent on every line and in the totals, not 0.
  for (const line of record.claim!.feeLines) assert.equal(line.inscpScpAmt, undefined);
  assert.equal(record.claim!.totals!.inscpScpAmt, undefined);
  // The insured side's answer per line, kept with the adjudication, adds up to each line.
  const results = record.adjudication!.feeLines;
  assert.deepEqual(results.map((r) => r.feedetlSn), lines.map((l) => l.feedetl_sn));
  for (const r of results) assert.equal(r.fulamtOwnpayAmt! + r.overlmtAmt! + r.preselfpayAmt! + r.inscpScpAmt!, r.detItemFeeSumamt);
  assert.equal(record.adjudication!.inscpScpAmt, results.reduce((s, r) => s + r.inscpScpAmt!, 0n));
});

test("the same claim with its split still settles, and the insured side returns no per-line results for it", async () => {
  const message = buildNhsaSettleMessage({ kind: "inpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 72, insutype: "390", seed: 72 });
  const res = await shandong.settle(message.payload);
  assert.equal(res.status, ClaimStatus.SETTLED);
  assert.deepEqual(res.settlement?.adjudication?.feeLines, []);
});

test("lines without a split from either side are rejected by L1, saying the split is missing", async () => {
  const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 73, insutype: "310", psnNo: FORGETFUL, seed: 73 });
  const res = await shandong.settle(withoutSplitPayload(message.json));
  assert.equal(res.status, ClaimStatus.REJECTED);
  const findings = res.settlement?.verdict?.findings ?? [];
  assert.ok(findings.length > 0);
  for (const f of findings) {
    assert.equal(f.ruleId, "L1");
    assert.match(f.message, /no catalogue split from either side/);
    assert.equal(f.actual, "absent");
  }
  assert.equal(findings.length, message.json.input.feedetail.length);
});
