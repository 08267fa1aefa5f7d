// Interim settlement of long inpatient stays (住院中途结算, mid_setl_flag) through the public gRPC
// path on real components (nats-server, gRPC over loopback with mTLS, simulated platforms): an
// interim part settles; the same part again is a duplicate (D1); the final states the whole stay
// and settles even on the interim's charge batch; the ledger posts it net of the interim, so the
// stay's entries add up to the final's amounts; an interim after the final, and a final that does
// not restate its interim, are rejected by S2; an interim cannot be cancelled once the final that
// netted it has settled (FAILED_PRECONDITION naming the final), only after the final is cancelled.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { buildNhsaSettleMessage, interimStay, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats, Streams, Subjects } from "@tongxing/nats";
import { CancelSettlementRequestSchema, ClaimGateway, ClaimStatus, LedgerEntrySchema, SettlementCancelSchema, type CancelSettlementResponse, type LedgerEntry, type SettleClaimResponse } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let nc: NatsConnection;
let jsm: JetStreamManager;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  nc = await connectNats({ servers: hub.nats.url, name: "interim-test" });
  jsm = await jetstreamManager(nc);
});

after(async () => {
  shandong.close();
  platforms.close();
  await nc.drain();
  await hub.stop();
});

/** The subject a claim's settlement entry is on: its (submitter, setl_id). */
async function settlementSubject(claimId: string): Promise<string> {
  const record = (await shandong.get(claimId)).record;
  return Subjects.ledgerSettlement(record?.claim?.submitterPlatform ?? "", record?.adjudication?.setlId ?? "");
}

async function ledgerEntry(claimId: string): Promise<LedgerEntry> {
  const m = await jsm.streams.getMessage(Streams.LEDGER, { last_by_subj: await settlementSubject(claimId) });
  assert.ok(m !== null, `a ledger entry for ${claimId}`);
  return fromBinary(LedgerEntrySchema, m.data);
}

/** Cancels a settlement of Shandong's through the public gRPC path (canonical 2305). */
async function cancel(settled: SettleClaimResponse, msgid: string): Promise<CancelSettlementResponse> {
  const record = (await shandong.get(settled.claimId)).record;
  const payload = toBinary(
    SettlementCancelSchema,
    create(SettlementCancelSchema, {
      setlId: settled.settlement?.adjudication?.setlId ?? "",
      mdtrtId: record?.claim?.encounter?.mdtrtId ?? "",
      psnNo: record?.claim?.person?.psnNo ?? "",
      msgid,
      infno: "2305",
    }),
  );
  const c = createGrpcClient(ClaimGateway, hub.address, { credentials: hub.pki.credentials("37") });
  try {
    return await callUnary(c, ClaimGateway.method.cancelSettlement, create(CancelSettlementRequestSchema, { dialect: "canonical", payload }), { metadata: { "x-tongxing-platform": "37" }, timeoutMs: 30_000 });
  } finally {
    c.close();
  }
}

const why = (r: { settlement?: { verdict?: { findings: { ruleId: string; message: string }[] } } }) => JSON.stringify(r.settlement?.verdict?.findings.map((f) => `${f.ruleId} ${f.message}`));

test("interim then final: each settles, D1 refuses the same part twice, the ledger nets the final, S2 refuses an interim after it", async () => {
  // Residents (390) have no personal account: the stay's amounts depend on the claim alone.
  const stay = buildNhsaSettleMessage({ kind: "inpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 91, insutype: "390", seed: 91 });
  const lines = stay.json.input.feedetail.length;
  assert.ok(lines >= 2, "a stay with several fee lines");
  const { interim, final } = interimStay(stay.json, Math.floor(lines / 2));

  const first = await shandong.settle(interim.payload);
  assert.equal(first.status, ClaimStatus.SETTLED, why(first));
  assert.equal(first.settlement?.adjudication?.medfeeSumamt, BigInt(interim.json.input.data.medfee_sumamt.replace(".", "")));

  // The same interim part again, under another msgid: a duplicate.
  const again = await shandong.settle(new TextEncoder().encode(JSON.stringify({ ...interim.json, msgid: interim.json.msgid.slice(0, 26) + "7777" })));
  assert.equal(again.status, ClaimStatus.REJECTED);
  assert.ok(again.settlement?.verdict?.findings.some((f) => f.ruleId === "D1"), why(again));

  // The final, same mdtrt_id and charge batch, states the whole stay.
  const last = await shandong.settle(final.payload);
  assert.equal(last.status, ClaimStatus.SETTLED, why(last));
  const whole = last.settlement!.adjudication!;
  const part = first.settlement!.adjudication!;
  assert.equal(whole.medfeeSumamt, BigInt(stay.json.input.data.medfee_sumamt.replace(".", "")));

  // Ledger: the interim as settled, the final net of it; together the whole stay.
  const e1 = await ledgerEntry(first.claimId);
  const e2 = await ledgerEntry(last.claimId);
  assert.equal(e1.medfeeSumamt, part.medfeeSumamt);
  assert.equal(e2.medfeeSumamt, whole.medfeeSumamt - part.medfeeSumamt!);
  assert.equal(e2.fundPaySumamt, whole.fundPaySumamt! - part.fundPaySumamt!);
  assert.equal(e1.medfeeSumamt + e2.medfeeSumamt, whole.medfeeSumamt);
  assert.equal(e1.fundPaySumamt + e2.fundPaySumamt, whole.fundPaySumamt);
  assert.equal(e1.acctPay + e2.acctPay, whole.acctPay);

  // An interim of the same stay after its final.
  const late = interimStay(stay.json, 1).interim;
  const lateRes = await shandong.settle(new TextEncoder().encode(JSON.stringify({ ...late.json, msgid: late.json.msgid.slice(0, 26) + "8888", input: { ...late.json.input, data: { ...late.json.input.data, chrg_bchno: "LATE0001" } } })));
  assert.equal(lateRes.status, ClaimStatus.REJECTED);
  assert.ok(lateRes.settlement?.verdict?.findings.some((f) => f.ruleId === "S2" && /after the stay's final/.test(f.message)), why(lateRes));
});

test("a final that does not restate its interim's lines does not net it: rejected by S2, nothing posted", async () => {
  const stay = buildNhsaSettleMessage({ kind: "inpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 92, insutype: "390", seed: 92 });
  const { interim, final } = interimStay(stay.json, Math.floor(stay.json.input.feedetail.length / 2), { omitInterimLines: true });
  const first = await shandong.settle(interim.payload);
  assert.equal(first.status, ClaimStatus.SETTLED, why(first));
  const last = await shandong.settle(final.payload);
  assert.equal(last.status, ClaimStatus.REJECTED);
  const s2 = last.settlement?.verdict?.findings.filter((f) => f.ruleId === "S2") ?? [];
  assert.equal(s2.filter((f) => /does not restate fee line/.test(f.message)).length, interim.json.input.feedetail.length, why(last));
  const m = await jsm.streams.getMessage(Streams.LEDGER, { last_by_subj: await settlementSubject(last.claimId) }).catch(() => null);
  assert.equal(m, null, "a rejected final posts nothing");
  const own = await jsm.streams.getMessage(Streams.LEDGER, { last_by_subj: Subjects.ledger("settlement", last.claimId) }).catch(() => null);
  assert.equal(own, null, "nor on the claim's own subject");
});

test("an interim netted by its stay's settled final cannot be cancelled (FAILED_PRECONDITION naming the final); after the final's cancel it can", async () => {
  const stay = buildNhsaSettleMessage({ kind: "inpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 93, insutype: "390", seed: 93 });
  const { interim, final } = interimStay(stay.json, Math.floor(stay.json.input.feedetail.length / 2));
  const first = await shandong.settle(interim.payload);
  assert.equal(first.status, ClaimStatus.SETTLED, why(first));
  const last = await shandong.settle(final.payload);
  assert.equal(last.status, ClaimStatus.SETTLED, why(last));

  await assert.rejects(cancel(first, "CANCELINTERIM0000000000000001"), (e: ServiceError) => {
    assert.equal(e.code, GrpcStatus.FAILED_PRECONDITION);
    assert.match(e.details, new RegExp(`final settlement \\(claim ${last.claimId}\\)`));
    return true;
  });
  assert.equal((await shandong.get(first.claimId)).record?.status, ClaimStatus.SETTLED, "the refused cancel changed nothing");
  const reversal = await jsm.streams.getMessage(Streams.LEDGER, { last_by_subj: Subjects.ledger("reversal", first.claimId) }).catch(() => null);
  assert.equal(reversal, null, "nothing posted for the interim");

  // The final reversed first (its negation nets the interim back), then the interim may be.
  assert.equal((await cancel(last, "CANCELFINAL0000000000000000001")).status, ClaimStatus.CANCELLED);
  assert.equal((await cancel(first, "CANCELINTERIM0000000000000002")).status, ClaimStatus.CANCELLED);
});
