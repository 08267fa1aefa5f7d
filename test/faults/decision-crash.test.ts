// A regulator's decision is crash-safe: the real auditor process kills itself (testing hook
// TONGXING_CRASH_AT) at each step boundary of a decision — after the record, after the ledger
// entry, after the final status, after the result — and is started again. The restarted
// auditor's start-up sweep finishes the decision: exactly one ledger entry, the result on the
// submitter's link, the claim off the review queue; the same decision asked again answers the
// same outcome, a different one 409.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { jetstreamManager } from "@nats-io/jetstream";
import { openClaimStore, type ClaimStore } from "@tongxing/claim-store";
import { ProvinceLinkClient, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats, Streams, Subjects } from "@tongxing/nats";
import { ClaimStatus, VerdictOutcome, type SettlementResult } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import type { NatsConnection } from "@nats-io/nats-core";
import { callApi, createAccounts, heldClaim } from "../console/console-client.js";

let hub: TestHub;
let insured: SimulatedPlatforms;
let shandongLink: ProvinceLinkClient;
let shandong: GatewayClient;
let nc: NatsConnection;
let store: ClaimStore;
let tokens: Record<string, string>;
const pushed: SettlementResult[] = [];

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
    { user: "wang", displayName: "王监管", role: "reviewer", scope: "national" },
    { user: "li", displayName: "李监管", role: "reviewer", scope: "national" },
  ]);
  nc = await connectNats({ servers: hub.nats.url, name: "decision-crash-test" });
  store = await openClaimStore(nc);
});

after(async () => {
  await nc.close();
  shandong.close();
  shandongLink.close();
  insured.close();
  await hub.stop();
});

const api = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) => callApi(hub.regulatorApiUrl, path, init);

async function until(what: string, ok: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function ledgerEntries(claimId: string): Promise<number> {
  const jsm = await jetstreamManager(nc);
  const subject = Subjects.ledger("settlement", claimId);
  return (await jsm.streams.info(Streams.LEDGER, { subjects_filter: subject })).state.subjects?.[subject] ?? 0;
}

/** A held claim decided with the auditor crashing at `point`; returns the claim id once the restarted auditor is up. */
async function decideThroughCrash(seq: number, point: string, decision: "approve" | "reject"): Promise<string> {
  await hub.kill("auditor");
  await hub.restart("auditor", { TONGXING_CRASH_AT: point });
  const held = await shandong.settle(heldClaim(seq, "25000.00"));
  assert.equal(held.status, ClaimStatus.HELD);
  const answer = await api(`/api/v1/claims/${held.claimId}/decision`, { method: "POST", token: tokens.wang, body: { decision, reason: "documented" } }).catch((err: unknown) => err);
  assert.ok(answer instanceof Error, `the auditor died at ${point} before answering`);
  await hub.exited("auditor");
  await hub.restart("auditor", {});
  return held.claimId;
}

for (const [i, point] of ["decision.after-record", "decision.after-ledger", "decision.after-final", "decision.after-result"].entries()) {
  test(`an approval cut by a crash at ${point} is finished by the restarted auditor: settled once, one ledger entry, result delivered`, async () => {
    const claimId = await decideThroughCrash(20 + i, point, "approve");
    await until("the claim settled and off the review index", async () => (await store.read(claimId))?.record.status === ClaimStatus.SETTLED && !(await store.heldClaimIds()).includes(claimId));
    const record = (await store.read(claimId))?.record;
    assert.equal(record?.review?.outcome, VerdictOutcome.APPROVE);
    assert.deepEqual(record?.events.slice(-2).map((e) => e.status), [ClaimStatus.APPROVED, ClaimStatus.SETTLED]);
    assert.equal(record?.events.filter((e) => e.status === ClaimStatus.SETTLED).length, 1, "one SETTLED event");
    assert.equal(await ledgerEntries(claimId), 1, "exactly one ledger entry");
    await until("the result on the submitter's link", () => pushed.some((r) => r.claimId === claimId && r.status === ClaimStatus.SETTLED));

    const retried = await api(`/api/v1/claims/${claimId}/decision`, { method: "POST", token: tokens.wang, body: { decision: "approve", reason: "documented" } });
    assert.equal(retried.status, 200, "the same decision again answers its outcome, not a conflict");
    assert.equal(retried.json.status, "SETTLED");
    assert.equal((await api(`/api/v1/claims/${claimId}/decision`, { method: "POST", token: tokens.li, body: { decision: "reject", reason: "late" } })).status, 409, "a different decision is a conflict");
    assert.equal(await ledgerEntries(claimId), 1, "still one ledger entry");
    const again = await shandong.settle(heldClaim(20 + i, "25000.00"));
    assert.equal(again.status, ClaimStatus.SETTLED, "the submitter's resend gets the settlement");
  });
}

test("a rejection cut by a crash after its record is finished by the restarted auditor: result delivered, no ledger entry", async () => {
  const claimId = await decideThroughCrash(30, "decision.after-record", "reject");
  await until("the result on the submitter's link", () => pushed.some((r) => r.claimId === claimId && r.status === ClaimStatus.REJECTED));
  await until("off the review index", async () => !(await store.heldClaimIds()).includes(claimId));
  assert.equal((await store.read(claimId))?.record.status, ClaimStatus.REJECTED);
  assert.equal(await ledgerEntries(claimId), 0);
  const queue = await api("/api/v1/review-queue", { token: tokens.wang });
  assert.ok(!(queue.json.held as { claim_id: string }[]).some((c) => c.claim_id === claimId));
});
