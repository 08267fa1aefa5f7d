// A regulator's decision on a held reversal (REVERSAL_HELD: the insured platform refused the
// cancel) is crash-safe: the real auditor process kills itself (testing hook TONGXING_CRASH_AT)
// at each step boundary of an approval — after the record, after the negation, after CANCELLED,
// after the result — and of a rejection — after the record, after the result — and is started
// again. The restarted auditor's start-up sweep finishes the decision: an approval ends CANCELLED
// with exactly one negation on the ledger, a rejection SETTLED with none; the result on the
// submitter's link; off the review queue; the same decision again answers the same outcome, a
// different one 409.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { openClaimStore, type ClaimStore } from "@tongxing/claim-store";
import { buildNhsaSettleMessage, DEFAULT_REFUSE_REVERSAL_MARKER, ProvinceLinkClient, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats, Streams, Subjects } from "@tongxing/nats";
import { CancelSettlementRequestSchema, ClaimGateway, ClaimStatus, LedgerEntrySchema, SettlementCancelSchema, type CancelSettlementResponse, type SettlementResult, type SettleClaimResponse } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { callApi, createAccounts } from "../console/console-client.js";

let hub: TestHub;
let insured: SimulatedPlatforms;
let shandongLink: ProvinceLinkClient;
let shandong: GatewayClient;
let nc: NatsConnection;
let store: ClaimStore;
let tokens: Record<string, string>;
const pushed: SettlementResult[] = [];
const figures = { decisions: 0, crashes: 0, cancelled: 0, stood: 0, lost: 0, twice: 0 };

before(async () => {
  hub = await startTestHub({ asProcess: ["auditor"] });
  insured = startSimulatedPlatforms({ address: hub.address, provinces: ["32"] });
  shandongLink = new ProvinceLinkClient({
    address: hub.address,
    platform: "37",
    adjudicate: () => ({ refusal: { code: "UNEXPECTED", message: "not insured here" } }),
    onResult: (r) => pushed.push(r),
  });
  shandongLink.connect();
  shandong = createGatewayClient(hub.address, "37");
  tokens = await createAccounts(hub.nats.url, [
    { user: "sun", displayName: "孙监管", role: "reviewer", scope: "national" },
    { user: "zhou", displayName: "周监管", role: "reviewer", scope: "national" },
  ]);
  nc = await connectNats({ servers: hub.nats.url, name: "reversal-decision-crash-test" });
  store = await openClaimStore(nc);
});

after(async () => {
  console.log(`held-reversal decisions through a crash: ${figures.decisions} decisions, ${figures.crashes} crashes, ${figures.cancelled} cancelled, ${figures.stood} settlements stood, lost ${figures.lost}, twice ${figures.twice}`);
  await nc.close();
  shandong.close();
  shandongLink.close();
  insured.close();
  await hub.stop();
});

const api = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) => callApi(hub.regulatorApiUrl, path, init);

async function until(what: string, ok: () => Promise<boolean> | boolean, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
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
    return await callUnary(c, ClaimGateway.method.cancelSettlement, create(CancelSettlementRequestSchema, { dialect: "canonical", payload }), { metadata: { "x-tongxing-platform": "37" }, timeoutMs: 60_000 });
  } finally {
    c.close();
  }
}

/** Entries on the claim's ledger subject of `kind` (a settlement's is its (submitter, setl_id)), and the last. */
async function ledgerEntries(claimId: string, kind: "settlement" | "reversal") {
  const jsm = await jetstreamManager(nc);
  const record = (await store.read(claimId))?.record;
  const subject = kind === "reversal" ? Subjects.ledger("reversal", claimId) : Subjects.ledgerSettlement(record?.claim?.submitterPlatform ?? "", record?.adjudication?.setlId ?? "");
  const count = (await jsm.streams.info(Streams.LEDGER, { subjects_filter: subject })).state.subjects?.[subject] ?? 0;
  const last = count === 0 ? null : await jsm.streams.getMessage(Streams.LEDGER, { last_by_subj: subject });
  return { count, entry: last === null ? undefined : fromBinary(LedgerEntrySchema, last.data) };
}

/** A settled claim whose cancel the insured platform refused: REVERSAL_HELD. */
async function heldReversal(seq: number): Promise<SettleClaimResponse> {
  const settled = await shandong.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 700 + seq, seed: 1700 + seq }).payload);
  assert.equal(settled.status, ClaimStatus.SETTLED);
  const held = await cancel(settled, `RDCRASH${String(seq).padStart(23, "0")}`, `patient disputes (${DEFAULT_REFUSE_REVERSAL_MARKER})`);
  assert.equal(held.status, ClaimStatus.REVERSAL_HELD);
  return settled;
}

const cases: readonly { decision: "approve" | "reject"; point: string }[] = [
  { decision: "approve", point: "decision.after-record" },
  { decision: "approve", point: "decision.after-ledger" },
  { decision: "approve", point: "decision.after-final" },
  { decision: "approve", point: "decision.after-result" },
  { decision: "reject", point: "decision.after-record" },
  { decision: "reject", point: "decision.after-result" },
];

for (const [i, { decision, point }] of cases.entries()) {
  const approve = decision === "approve";
  test(`a held reversal's ${approve ? "approval" : "rejection"} cut by a crash at ${point} is finished by the restarted auditor`, { timeout: 240_000 }, async () => {
    await hub.kill("auditor");
    await hub.restart("auditor", { TONGXING_CRASH_AT: point });
    const settled = await heldReversal(i);
    const claimId = settled.claimId;
    figures.decisions++;
    const answer = await api(`/api/v1/claims/${claimId}/decision`, { method: "POST", token: tokens.sun, body: { decision, reason: "documented" } }).catch((err: unknown) => err);
    assert.ok(answer instanceof Error, `the auditor died at ${point} before answering`);
    await hub.exited("auditor");
    figures.crashes++;
    const midway = (await store.read(claimId))?.record.status;
    assert.ok(approve ? midway === ClaimStatus.CANCEL_REQUESTED || midway === ClaimStatus.CANCELLED : midway === ClaimStatus.SETTLED, `the decision was recorded before the crash (left ${midway === undefined ? "?" : ClaimStatus[midway]})`);
    await hub.restart("auditor", {});

    const final = approve ? ClaimStatus.CANCELLED : ClaimStatus.SETTLED;
    await until("the decision finished and off the review index", async () => (await store.read(claimId))?.record.status === final && !(await store.heldClaimIds()).includes(claimId)).catch((err: unknown) => {
      figures.lost++;
      throw err;
    });
    const record = (await store.read(claimId))?.record;
    const regulatorEvents = record?.events.filter((e) => e.actor === "regulator") ?? [];
    assert.ok(regulatorEvents[0]?.detail.startsWith(`孙监管 (sun): reversal ${approve ? "approved" : "rejected"}`), "the decision and who took it are in the record");
    assert.equal(record?.events.filter((e) => e.status === ClaimStatus.CANCELLED).length, approve ? 1 : 0, "CANCELLED once (approve) or never (reject)");

    const negation = await ledgerEntries(claimId, "reversal");
    if (negation.count > (approve ? 1 : 0)) figures.twice++;
    assert.equal(negation.count, approve ? 1 : 0, approve ? "exactly one negation" : "nothing negated");
    if (approve) assert.equal(negation.entry?.fundPaySumamt, -(settled.settlement?.adjudication?.fundPaySumamt ?? 0n), "the exact negation");
    assert.equal((await ledgerEntries(claimId, "settlement")).count, 1, "the settlement's own entry untouched");
    await until("the result on the submitter's link", () => pushed.some((r) => r.claimId === claimId && r.status === final));
    const queue = await api("/api/v1/review-queue", { token: tokens.sun });
    assert.ok(!(queue.json.held as { claim_id: string }[]).some((c) => c.claim_id === claimId), "not in the review queue");

    const retried = await api(`/api/v1/claims/${claimId}/decision`, { method: "POST", token: tokens.sun, body: { decision, reason: "documented" } });
    assert.equal(retried.status, 200, `the same decision again answers its outcome: ${JSON.stringify(retried.json)}`);
    assert.equal(retried.json.status, ClaimStatus[final]);
    const other = await api(`/api/v1/claims/${claimId}/decision`, { method: "POST", token: tokens.zhou, body: { decision: approve ? "reject" : "approve", reason: "late" } });
    assert.equal(other.status, 409, "a different decision is a conflict");
    assert.equal((await ledgerEntries(claimId, "reversal")).count, approve ? 1 : 0, "still one negation (approve), none (reject)");
    if (approve) {
      figures.cancelled++;
      const repeat = await cancel(settled, `RDCRASH${String(100 + i).padStart(23, "0")}`);
      assert.equal(repeat.status, ClaimStatus.CANCELLED, "a repeated cancel gets the reversal");
    } else {
      figures.stood++;
    }
    assert.equal(insured.clients.get("32")?.reversals.get(claimId), 1, "the insured side was asked once");
  });
}
