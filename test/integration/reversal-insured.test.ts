// A reversal reaches the insured platform over its ProvinceLink: its acknowledgement is an event
// in the claim's timeline and the audit chain; a reversal it refuses is held for a regulator
// (REVERSAL_HELD, in the review queue), who approves it (the ledger's negation, once) or rejects
// it (the settlement stands, nothing posted). Public gRPC path, real simulators.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { buildNhsaSettleMessage, DEFAULT_REFUSE_REVERSAL_MARKER, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats, Streams, Subjects } from "@tongxing/nats";
import { AuditBlockSchema, CancelSettlementRequestSchema, ClaimGateway, ClaimStatus, LedgerEntryKind, LedgerEntrySchema, SettlementCancelSchema, type CancelSettlementResponse, type SettleClaimResponse } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { callApi, createAccounts } from "../console/console-client.js";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let nc: NatsConnection;
let tokens: Record<string, string>;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  nc = await connectNats({ servers: hub.nats.url, name: "reversal-insured-test" });
  tokens = await createAccounts(hub.nats.url, [
    { user: "zhao", displayName: "赵监管", role: "reviewer", scope: "national" },
    { user: "qian", displayName: "钱监管", role: "reviewer", scope: "national" },
  ]);
});

after(async () => {
  await nc.drain();
  shandong.close();
  platforms.close();
  await hub.stop();
});

const api = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) => callApi(hub.regulatorApiUrl, path, init);

async function settle(seq: number): Promise<SettleClaimResponse> {
  const settled = await shandong.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: 300 + seq }).payload);
  assert.equal(settled.status, ClaimStatus.SETTLED);
  return settled;
}

async function cancel(settled: SettleClaimResponse, msgid: string, reason = ""): Promise<CancelSettlementResponse> {
  const record = (await shandong.get(settled.claimId)).record;
  const payload = toBinary(SettlementCancelSchema, create(SettlementCancelSchema, {
    setlId: settled.settlement?.adjudication?.setlId ?? "",
    mdtrtId: record?.claim?.encounter?.mdtrtId ?? "",
    psnNo: record?.claim?.person?.psnNo ?? "",
    msgid,
    infno: "2208",
    reason,
  }));
  const c = createGrpcClient(ClaimGateway, hub.address, { credentials: hub.pki.credentials("37") });
  try {
    return await callUnary(c, ClaimGateway.method.cancelSettlement, create(CancelSettlementRequestSchema, { dialect: "canonical", payload }), { metadata: { "x-tongxing-platform": "37" }, timeoutMs: 20_000 });
  } finally {
    c.close();
  }
}

async function reversalEntries(claimId: string) {
  const jsm = await jetstreamManager(nc);
  const subject = Subjects.ledger("reversal", claimId);
  const count = (await jsm.streams.info(Streams.LEDGER, { subjects_filter: subject })).state.subjects?.[subject] ?? 0;
  const last = count === 0 ? null : await jsm.streams.getMessage(Streams.LEDGER, { last_by_subj: subject });
  return { count, entry: last === null ? undefined : fromBinary(LedgerEntrySchema, last.data) };
}

async function chainEventsOf(claimId: string) {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(Streams.AUDIT_CHAIN);
  const events = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(Streams.AUDIT_CHAIN, { seq });
    if (m !== null) events.push(...fromBinary(AuditBlockSchema, m.data).events.filter((e) => e.claimId === claimId));
  }
  return events;
}

test("the insured platform's acknowledgement is in the claim's timeline and the audit chain; it was told once", async () => {
  const settled = await settle(1);
  const res = await cancel(settled, "REVCANCEL000000000000000000001");
  assert.equal(res.status, ClaimStatus.CANCELLED);
  assert.equal(platforms.clients.get("32")?.reversals.get(settled.claimId), 1);
  assert.equal(platforms.clients.get("37")?.reversals.get(settled.claimId), undefined, "only the insured side is told");
  const timeline = (await shandong.get(settled.claimId)).record?.events ?? [];
  const ack = timeline.find((e) => e.detail.startsWith("insured platform 32 acknowledged the reversal"));
  assert.ok(ack, "acknowledgement in the timeline");
  assert.match(ack.detail, new RegExp(`ref REV-${settled.settlement?.adjudication?.setlId}`));
  const chained = await chainEventsOf(settled.claimId);
  assert.ok(chained.some((e) => e.detail === ack.detail), "acknowledgement in the audit chain");
  assert.ok(chained.some((e) => e.status === ClaimStatus.CANCELLED));
  assert.equal((await reversalEntries(settled.claimId)).count, 1);
});

test("a refused reversal is held for a regulator; approval posts the exact negation once and cancels", async () => {
  const settled = await settle(2);
  const held = await cancel(settled, "REVCANCEL000000000000000000002", `patient disputes (${DEFAULT_REFUSE_REVERSAL_MARKER})`);
  assert.equal(held.status, ClaimStatus.REVERSAL_HELD);
  assert.equal((await reversalEntries(settled.claimId)).count, 0, "nothing posted while held");
  const record = (await shandong.get(settled.claimId)).record;
  assert.equal(record?.status, ClaimStatus.REVERSAL_HELD);
  assert.ok(record?.events.some((e) => e.detail.startsWith("insured platform 32 refused the reversal: fund payment")), "the refusal and its reason are recorded");

  const queue = await api("/api/v1/review-queue", { token: tokens.zhao });
  assert.equal(queue.status, 200);
  assert.ok((queue.json.held as { claim_id: string }[]).some((c) => c.claim_id === settled.claimId), "the held reversal is in the review queue");

  const repeat = await cancel(settled, "REVCANCEL000000000000000000003");
  assert.equal(repeat.status, ClaimStatus.REVERSAL_HELD, "a repeated cancel is answered from the record");
  assert.equal(repeat.duplicate, true);

  const approved = await api(`/api/v1/claims/${settled.claimId}/decision`, { method: "POST", token: tokens.zhao, body: { decision: "approve", reason: "the fund payment was made; reversal ordered" } });
  assert.equal(approved.status, 200, JSON.stringify(approved.json));
  assert.equal(approved.json.status, "CANCELLED");
  assert.equal((await api(`/api/v1/claims/${settled.claimId}/decision`, { method: "POST", token: tokens.qian, body: { decision: "reject", reason: "late" } })).status, 409, "decided once");
  const { count, entry } = await reversalEntries(settled.claimId);
  assert.equal(count, 1);
  assert.equal(entry?.fundPaySumamt, -(settled.settlement?.adjudication?.fundPaySumamt ?? 0n), "exact negation");
  const after = await cancel(settled, "REVCANCEL000000000000000000004");
  assert.equal(after.status, ClaimStatus.CANCELLED, "the submitter now gets the reversal");
  assert.equal(platforms.clients.get("32")?.reversals.get(settled.claimId), 1, "the insured side was asked once");
  assert.ok((await shandong.get(settled.claimId)).record?.events.some((e) => e.actor === "regulator" && e.detail.startsWith("赵监管 (zhao): reversal approved")));
});

test("a refused reversal the regulator rejects: the settlement stands, no ledger entry", async () => {
  const settled = await settle(3);
  const held = await cancel(settled, "REVCANCEL000000000000000000005", DEFAULT_REFUSE_REVERSAL_MARKER);
  assert.equal(held.status, ClaimStatus.REVERSAL_HELD);
  const rejected = await api(`/api/v1/claims/${settled.claimId}/decision`, { method: "POST", token: tokens.qian, body: { decision: "reject", reason: "the insured side is right: care was delivered" } });
  assert.equal(rejected.status, 200, JSON.stringify(rejected.json));
  assert.equal(rejected.json.status, "SETTLED");
  assert.equal((await reversalEntries(settled.claimId)).count, 0);
  const record = (await shandong.get(settled.claimId)).record;
  assert.equal(record?.status, ClaimStatus.SETTLED);
  const queue = await api("/api/v1/review-queue", { token: tokens.zhao });
  assert.ok(!(queue.json.held as { claim_id: string }[]).some((c) => c.claim_id === settled.claimId), "no longer in the review queue");
});

test("a rejection after an approval that crashed once its negation was posted finishes the approval (409): the ledger never negates a settlement that stands", async () => {
  const settled = await settle(4);
  const held = await cancel(settled, "REVCANCEL000000000000000000006", DEFAULT_REFUSE_REVERSAL_MARKER);
  assert.equal(held.status, ClaimStatus.REVERSAL_HELD);
  // The state an approval leaves when the auditor dies right after posting the negation: the
  // entry on the claim's reversal subject, the record still REVERSAL_HELD.
  const a = settled.settlement?.adjudication;
  const negation = create(LedgerEntrySchema, { claimId: settled.claimId, kind: LedgerEntryKind.REVERSAL, setlId: a?.setlId ?? "", medfeeSumamt: -(a?.medfeeSumamt ?? 0n), fundPaySumamt: -(a?.fundPaySumamt ?? 0n), acctPay: -(a?.acctPay ?? 0n) });
  await jetstream(nc).publish(Subjects.ledger("reversal", settled.claimId), toBinary(LedgerEntrySchema, negation), { expect: { lastSubjectSequence: 0 } });
  const rejected = await api(`/api/v1/claims/${settled.claimId}/decision`, { method: "POST", token: tokens.qian, body: { decision: "reject", reason: "care was delivered" } });
  assert.equal(rejected.status, 409, JSON.stringify(rejected.json));
  assert.match(String(rejected.json.error ?? rejected.json.message ?? JSON.stringify(rejected.json)), /already on the ledger/);
  assert.equal((await shandong.get(settled.claimId)).record?.status, ClaimStatus.CANCELLED, "finished as approved");
  assert.equal((await reversalEntries(settled.claimId)).count, 1, "one negation, not two");
});
