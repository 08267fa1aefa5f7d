// HOLD → a regulator's decision → settle (or reject), through the console's JSON API with a
// reviewer's bearer token. The held claim waits without blocking any other claim; the decision
// records who, when and why.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { ClaimStatus, VerdictOutcome } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { callApi, createAccounts, heldClaim } from "../console/console-client.js";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let tokens: Record<string, string>;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  tokens = await createAccounts(hub.nats.url, [
    { user: "wang", displayName: "王监管", role: "reviewer", scope: "national" },
    { user: "li", displayName: "李监管", role: "reviewer", scope: "national" },
  ]);
});

after(async () => {
  shandong.close();
  platforms.close();
  await hub.stop();
});

const api = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) => callApi(hub.regulatorApiUrl, path, init);

test("a held claim is listed (masked), approved by a signed-in reviewer, then settled exactly once", async () => {
  const held = await shandong.settle(heldClaim(1, "25000.00"));
  assert.equal(held.status, ClaimStatus.HELD);
  assert.deepEqual(held.settlement?.verdict?.findings.map((f) => f.ruleId), ["R1"]);
  assert.match(new TextDecoder().decode(held.payload), /held for regulator review/);

  // Other claims are not held up meanwhile.
  const normal = await shandong.settle(buildNhsaSettleMessage({ kind: "pharmacy", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 2, seed: 2 }).payload);
  assert.equal(normal.status, ClaimStatus.SETTLED);

  assert.equal((await api("/api/v1/review-queue")).status, 401, "anonymous callers are refused");
  const queue = await api("/api/v1/review-queue", { token: tokens.wang });
  assert.equal(queue.status, 200);
  const listed = (queue.json.held as { claim_id: string; psn_no: string; medfee_sumamt_fen: string; findings: { rule_id: string }[] }[]).find((c) => c.claim_id === held.claimId);
  assert.ok(listed, "the held claim is in the queue");
  assert.equal(listed.medfee_sumamt_fen, "2500000");
  assert.match(listed.psn_no, /\*/, "personal identifiers are masked");
  assert.equal(listed.findings[0]?.rule_id, "R1");

  assert.equal((await api(`/api/v1/claims/${held.claimId}/decision`, { method: "POST", body: { decision: "approve", reason: "x" } })).status, 401, "who decides is required");
  const bad = await api(`/api/v1/claims/${held.claimId}/decision`, { method: "POST", token: tokens.wang, body: { decision: "maybe" } });
  assert.equal(bad.status, 400);
  assert.deepEqual((bad.json.field_violations as { field: string }[]).map((v) => v.field), ["decision", "reason"]);

  const approved = await api(`/api/v1/claims/${held.claimId}/decision`, { method: "POST", token: tokens.wang, body: { decision: "approve", reason: "inpatient-level care documented" } });
  assert.equal(approved.status, 200);
  assert.equal(approved.json.status, "SETTLED");
  assert.equal((approved.json.review as { reviewer: string }).reviewer, "王监管 (wang)");
  assert.equal((await api(`/api/v1/claims/${held.claimId}/decision`, { method: "POST", token: tokens.li, body: { decision: "reject", reason: "late" } })).status, 409, "decided once");

  const again = await shandong.settle(heldClaim(1, "25000.00"));
  assert.equal(again.status, ClaimStatus.SETTLED, "the submitter now gets the settlement");
  assert.equal(again.duplicate, true);
  const record = (await shandong.get(held.claimId)).record;
  assert.equal(record?.review?.outcome, VerdictOutcome.APPROVE);
  assert.equal(record?.events.filter((e) => e.status === ClaimStatus.SETTLED).length, 1);
  assert.ok(record?.events.some((e) => e.actor === "regulator" && e.detail.startsWith("王监管 (wang)")));
  const after = await api("/api/v1/review-queue", { token: tokens.wang });
  assert.ok(!(after.json.held as { claim_id: string }[]).some((c) => c.claim_id === held.claimId), "no longer queued");
});

test("a rejected held claim ends REJECTED with the regulator's reason", async () => {
  const held = await shandong.settle(heldClaim(3, "25000.00"));
  assert.equal(held.status, ClaimStatus.HELD);
  const rejected = await api(`/api/v1/claims/${held.claimId}/decision`, { method: "POST", token: tokens.li, body: { decision: "reject", reason: "挂床: no nursing records" } });
  assert.equal(rejected.status, 200);
  assert.equal(rejected.json.status, "REJECTED");
  assert.equal((await shandong.get(held.claimId)).record?.status, ClaimStatus.REJECTED);
  assert.equal((await api("/api/v1/claims/C000000000000000000000000", { token: tokens.li })).status, 404);
});

test("two regulators deciding one held claim at once: exactly one decision is taken, the other gets 409", async () => {
  const held = await shandong.settle(heldClaim(5, "25000.00"));
  assert.equal(held.status, ClaimStatus.HELD);
  const [a, b] = await Promise.all([
    api(`/api/v1/claims/${held.claimId}/decision`, { method: "POST", token: tokens.wang, body: { decision: "approve", reason: "documented" } }),
    api(`/api/v1/claims/${held.claimId}/decision`, { method: "POST", token: tokens.li, body: { decision: "reject", reason: "not documented" } }),
  ]);
  assert.deepEqual([a.status, b.status].sort(), [200, 409]);
  const winner = a.status === 200 ? a : b;
  const record = (await shandong.get(held.claimId)).record;
  assert.equal(record?.status, winner.json.status === "SETTLED" ? ClaimStatus.SETTLED : ClaimStatus.REJECTED);
  assert.equal(record?.events.filter((e) => e.actor === "regulator" && e.status !== ClaimStatus.SETTLED).length, 1, "one regulator's event");
});
