// A cancel is never stuck and a reversal is recoverable at each step boundary (issue 16): the
// real auditor process kills itself at a crash point (TONGXING_CRASH_AT, a testing hook honoured
// only outside production), is restarted, and the redelivered REVERSALS message finishes the
// reversal: exactly one negated ledger entry, the insured platform told once, the answer delivered.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats, Streams, Subjects } from "@tongxing/nats";
import { CancelSettlementRequestSchema, ClaimGateway, ClaimStatus, LedgerEntrySchema, SettlementCancelSchema, type CancelSettlementResponse, type SettleClaimResponse } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

const CRASH_VAR = "TONGXING_CRASH_AT";
let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let nc: NatsConnection;
let seq = 0;

before(async () => {
  delete process.env[CRASH_VAR];
  hub = await startTestHub({ asProcess: ["auditor"] });
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  nc = await connectNats({ servers: hub.nats.url, name: "reversal-crash-test" });
});

after(async () => {
  delete process.env[CRASH_VAR];
  await nc.drain();
  shandong.close();
  platforms.close();
  await hub.stop();
});

/** Restarts the auditor process with the crash hook set to `point` (or none). */
async function restartAuditor(point: string | undefined): Promise<void> {
  await hub.kill("auditor").catch(() => undefined);
  if (point === undefined) delete process.env[CRASH_VAR];
  else process.env[CRASH_VAR] = point;
  try {
    await hub.restart("auditor");
  } finally {
    delete process.env[CRASH_VAR];
  }
}

async function cancel(settled: SettleClaimResponse, msgid: string): Promise<CancelSettlementResponse> {
  const record = (await shandong.get(settled.claimId)).record;
  const payload = toBinary(SettlementCancelSchema, create(SettlementCancelSchema, {
    setlId: settled.settlement?.adjudication?.setlId ?? "",
    mdtrtId: record?.claim?.encounter?.mdtrtId ?? "",
    psnNo: record?.claim?.person?.psnNo ?? "",
    msgid,
    infno: "2208",
  }));
  const c = createGrpcClient(ClaimGateway, hub.address, { credentials: hub.pki.credentials("37") });
  try {
    return await callUnary(c, ClaimGateway.method.cancelSettlement, create(CancelSettlementRequestSchema, { dialect: "canonical", payload }), { metadata: { "x-tongxing-platform": "37" }, timeoutMs: 90_000 });
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

for (const point of ["reversal.after-cancel-requested", "reversal.after-delivery-queued", "reversal.after-ledger", "reversal.after-cancelled"]) {
  test(`auditor killed at ${point}: restarted, the reversal completes once`, { timeout: 180_000 }, async () => {
    await restartAuditor(point);
    const i = ++seq;
    const settled = await shandong.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 500 + i, seed: 900 + i }).payload);
    assert.equal(settled.status, ClaimStatus.SETTLED);
    const answer = cancel(settled, `CRASHCANCEL0000000000000000${String(i).padStart(3, "0")}`);
    await hub.exited("auditor"); // the hook fired: the real process is gone mid-reversal
    const midway = (await shandong.get(settled.claimId)).record?.status;
    assert.ok(midway === ClaimStatus.CANCEL_REQUESTED || midway === ClaimStatus.CANCELLED, `left ${midway} by the crash`);
    if (point === "reversal.after-ledger") {
      assert.equal(midway, ClaimStatus.CANCEL_REQUESTED);
      assert.equal((await reversalEntries(settled.claimId)).count, 1, "the crash came after the ledger entry");
    }
    await restartAuditor(undefined);
    const res = await answer;
    assert.equal(res.status, ClaimStatus.CANCELLED, "the waiting call gets its answer");
    const { count, entry } = await reversalEntries(settled.claimId);
    assert.equal(count, 1, "exactly one negated ledger entry");
    assert.equal(entry?.fundPaySumamt, -(settled.settlement?.adjudication?.fundPaySumamt ?? 0n));
    assert.equal(platforms.clients.get("32")?.reversals.get(settled.claimId), 1, "the insured platform told once");
    const record = (await shandong.get(settled.claimId)).record;
    assert.equal(record?.status, ClaimStatus.CANCELLED);
    assert.equal(record?.events.filter((e) => e.status === ClaimStatus.CANCELLED).length, 1);
    const repeat = await cancel(settled, `CRASHCANCEL0000000000000001${String(i).padStart(3, "0")}`);
    assert.equal(repeat.status, ClaimStatus.CANCELLED);
    assert.equal(repeat.duplicate, true);
    assert.equal((await reversalEntries(settled.claimId)).count, 1);
  });
}

test("a cancel whose request cannot be stored changes nothing: the claim stays SETTLED and a repeat completes it", { timeout: 120_000 }, async () => {
  const settled = await shandong.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 600, seed: 960 }).payload);
  const jsm = await jetstreamManager(nc);
  const stream = await jsm.streams.info(Streams.REVERSALS);
  // The REVERSALS stream refuses new requests (as a full or unavailable stream would).
  await jsm.streams.update(Streams.REVERSALS, { ...stream.config, subjects: [Subjects.reversalLinkAll, Subjects.reversalAnswer("*")] });
  try {
    await assert.rejects(cancel(settled, "STUCKCANCEL000000000000000001"), (e: { code?: number; details?: string }) => e.code === 14 && /nothing changed/.test(e.details ?? ""));
    assert.equal((await shandong.get(settled.claimId)).record?.status, ClaimStatus.SETTLED, "not stuck in CANCEL_REQUESTED");
  } finally {
    await jsm.streams.update(Streams.REVERSALS, stream.config);
  }
  const res = await cancel(settled, "STUCKCANCEL000000000000000002");
  assert.equal(res.status, ClaimStatus.CANCELLED);
  assert.equal((await reversalEntries(settled.claimId)).count, 1);
});
