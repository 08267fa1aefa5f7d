// Reversals (2208 / 2305 / 2103 semantics): only a settled claim, only once, only by its
// treatment side; the ledger gets the exact negation; the original settlement is never edited.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats, Streams, Subjects } from "@tongxing/nats";
import {
  CancelSettlementRequestSchema,
  ClaimGateway,
  ClaimStatus,
  LedgerEntryKind,
  LedgerEntrySchema,
  SettlementCancelSchema,
  type CancelSettlementResponse,
  type SettleClaimResponse,
} from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let nc: NatsConnection;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32", "44"] });
  shandong = createGatewayClient(hub.address, "37");
  nc = await connectNats({ servers: hub.nats.url, name: "cancel-test" });
});

after(async () => {
  await nc.drain();
  shandong.close();
  platforms.close();
  await hub.stop();
});

const client = (platform: string) => createGrpcClient(ClaimGateway, hub.address, { credentials: hub.pki.credentials(platform) });

async function cancel(platform: string, settled: SettleClaimResponse, msgid: string, overrides: { mdtrtId?: string } = {}): Promise<CancelSettlementResponse> {
  const claim = settled.settlement?.adjudication;
  const c = client(platform);
  try {
    const got = await shandong.get(settled.claimId);
    const payload = toBinary(
      SettlementCancelSchema,
      create(SettlementCancelSchema, {
        setlId: claim?.setlId ?? "",
        mdtrtId: overrides.mdtrtId ?? got.record?.claim?.encounter?.mdtrtId ?? "",
        psnNo: got.record?.claim?.person?.psnNo ?? "",
        msgid,
        infno: "2208",
      }),
    );
    return await callUnary(c, ClaimGateway.method.cancelSettlement, create(CancelSettlementRequestSchema, { dialect: "canonical", payload }), {
      metadata: { "x-tongxing-platform": platform },
      timeoutMs: 20_000,
    });
  } finally {
    c.close();
  }
}

/** A settled claim's ledger entry: the settlement's on its (submitter, setl_id) subject, the reversal's on the claim's. */
async function ledgerEntry(kind: "settlement" | "reversal", settled: SettleClaimResponse) {
  const jsm = await jetstreamManager(nc);
  const subject = kind === "settlement" ? Subjects.ledgerSettlement("37", settled.settlement?.adjudication?.setlId ?? "") : Subjects.ledger("reversal", settled.claimId);
  const m = await jsm.streams.getMessage(Streams.LEDGER, { last_by_subj: subject });
  return m === null ? undefined : fromBinary(LedgerEntrySchema, m.data);
}

test("a settled claim is reversed once: CANCELLED, the exact negation in the ledger, the settlement untouched", async () => {
  const settled = await shandong.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 1, seed: 11 }).payload);
  assert.equal(settled.status, ClaimStatus.SETTLED);
  const original = await ledgerEntry("settlement", settled);
  assert.equal(original?.kind, LedgerEntryKind.SETTLEMENT);
  assert.equal(original?.claimId, settled.claimId, "the settlement's subject is the index a cancel finds the claim by");
  assert.equal(original?.fundPaySumamt, settled.settlement?.adjudication?.fundPaySumamt);

  const first = await cancel("37", settled, "CANCEL000000000000000000000001");
  assert.equal(first.status, ClaimStatus.CANCELLED);
  assert.equal(first.duplicate, false);
  const reversal = await ledgerEntry("reversal", settled);
  assert.equal(reversal?.kind, LedgerEntryKind.REVERSAL);
  assert.equal(reversal?.fundPaySumamt, -(original?.fundPaySumamt ?? 0n), "exact negation");
  assert.equal(reversal?.acctPay, -(original?.acctPay ?? 0n));
  assert.equal(reversal?.medfeeSumamt, -(original?.medfeeSumamt ?? 0n));
  assert.deepEqual(await ledgerEntry("settlement", settled), original, "the settlement entry is never edited");

  const again = await cancel("37", settled, "CANCEL000000000000000000000002");
  assert.equal(again.status, ClaimStatus.CANCELLED);
  assert.equal(again.duplicate, true);
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(Streams.LEDGER, { subjects_filter: Subjects.ledger("reversal", settled.claimId) });
  assert.equal(info.state.subjects?.[Subjects.ledger("reversal", settled.claimId)], 1, "one reversal entry, however often cancelled");

  const record = (await shandong.get(settled.claimId)).record;
  assert.deepEqual(record?.events.slice(-4).map((e) => e.status), [ClaimStatus.SETTLED, ClaimStatus.CANCEL_REQUESTED, ClaimStatus.CANCEL_REQUESTED, ClaimStatus.CANCELLED]);
  assert.match(record?.events.at(-2)?.detail ?? "", /^insured platform 32 acknowledged the reversal \(ref REV-/, "the insured side's acknowledgement is an event");
  assert.equal(platforms.clients.get("32")?.reversals.get(settled.claimId), 1, "the insured platform was told once, however often cancelled");
  assert.equal(record?.adjudication?.fundPaySumamt, settled.settlement?.adjudication?.fundPaySumamt, "the adjudication stays as settled");
});

test("only the treatment side, only matching details, only settled claims", async () => {
  const settled = await shandong.settle(buildNhsaSettleMessage({ kind: "pharmacy", treatmentAdmdvs: "370102", insuredAdmdvs: "440100", seq: 2, seed: 12 }).payload);
  await assert.rejects(cancel("32", settled, "CANCEL000000000000000000000003"), (e: ServiceError) => e.code === GrpcStatus.NOT_FOUND, "another platform");
  await assert.rejects(cancel("37", settled, "CANCEL000000000000000000000004", { mdtrtId: "someone-else" }), (e: ServiceError) => e.code === GrpcStatus.INVALID_ARGUMENT);
  const unknown = { ...settled, settlement: { ...settled.settlement!, adjudication: { ...settled.settlement!.adjudication!, setlId: "NO-SUCH-SETTLEMENT" } } } as SettleClaimResponse;
  await assert.rejects(cancel("37", unknown, "CANCEL000000000000000000000005"), (e: ServiceError) => e.code === GrpcStatus.NOT_FOUND);
  assert.equal((await shandong.get(settled.claimId)).record?.status, ClaimStatus.SETTLED, "refused cancels change nothing");
});

test("a national 2208 cancel message reverses a 2207 settlement; the answer carries the negated setlinfo", async () => {
  const settled = await shandong.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 3, seed: 13 }).payload);
  assert.equal(settled.status, ClaimStatus.SETTLED);
  const record = (await shandong.get(settled.claimId)).record!;
  const message = {
    infno: "2208",
    msgid: "H37010200001202611241300000001",
    mdtrtarea_admvs: "370102",
    insuplc_admdvs: "320100",
    fixmedins_code: "H37010200001",
    input: { data: { setl_id: settled.settlement!.adjudication!.setlId, mdtrt_id: record.claim!.encounter!.mdtrtId, psn_no: record.claim!.person!.psnNo } },
  };
  const c = client("37");
  try {
    const res = await callUnary(c, ClaimGateway.method.cancelSettlement, create(CancelSettlementRequestSchema, { dialect: "nhsa-json", payload: new TextEncoder().encode(JSON.stringify(message)) }), {
      metadata: { "x-tongxing-platform": "37" },
      timeoutMs: 20_000,
    });
    assert.equal(res.status, ClaimStatus.CANCELLED);
    const answer = new TextDecoder().decode(res.payload);
    assert.match(answer, /"infcode":"0"/);
    const fund = settled.settlement!.adjudication!.fundPaySumamt;
    const yuan = `${fund! / 100n}.${String(fund! % 100n).padStart(2, "0")}`;
    assert.ok(answer.includes(`"fund_pay_sumamt":-${yuan}`), `negated fund ${yuan} in ${answer.slice(0, 300)}`);
  } finally {
    c.close();
  }
});

test("cancels racing for one settlement: one request, one reversal, the insured side told once; every call answers CANCELLED", async () => {
  const settled = await shandong.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 21, seed: 21 }).payload);
  assert.equal(settled.status, ClaimStatus.SETTLED);
  const outcomes = await Promise.allSettled([1, 2, 3].map((i) => cancel("37", settled, `CANCEL00000000000000000000010${i}`)));
  for (const o of outcomes) {
    if (o.status === "fulfilled") assert.equal(o.value.status, ClaimStatus.CANCELLED);
    else assert.fail(`every racing call waits for the one reversal: ${String(o.reason)}`);
  }
  const record = (await shandong.get(settled.claimId)).record;
  assert.equal(record?.status, ClaimStatus.CANCELLED);
  assert.equal(record?.events.filter((e) => e.status === ClaimStatus.CANCEL_REQUESTED && e.detail.startsWith("cancel ")).length, 1, "asked for once");
  assert.equal(platforms.clients.get("32")?.reversals.get(settled.claimId), 1, "the insured platform told once");
  assert.equal(record?.events.filter((e) => e.status === ClaimStatus.CANCELLED).length, 1, "reversed once");
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(Streams.LEDGER, { subjects_filter: Subjects.ledger("reversal", settled.claimId) });
  assert.equal(info.state.subjects?.[Subjects.ledger("reversal", settled.claimId)], 1, "one reversal entry");
});
