// Who may see and do what, route by route: a provincial account (Guangdong, 44) gets nothing of a
// claim Shandong (37) treated and Jiangsu (32) insures, whatever its role and whichever route it
// asks; and every state-changing route refuses the roles it is not for, changing nothing.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { clearingPeriod } from "@tongxing/auditor";
import { startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { ClaimStatus } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { callApi, createAccounts, heldClaim } from "./console-client.js";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let tokens: Record<string, string>;
let heldId: string;
let settledId: string;
let spotCheckId: string;
const period = clearingPeriod(Date.now());

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  tokens = await createAccounts(hub.nats.url, [
    { user: "viewer", role: "viewer", scope: "national" },
    { user: "reviewer", role: "reviewer", scope: "national" },
    { user: "inspector", role: "inspector", scope: "national" },
    { user: "auditor", role: "auditor", scope: "national" },
    { user: "gd-viewer", role: "viewer", scope: "44" },
    { user: "gd-reviewer", role: "reviewer", scope: "44" },
    { user: "gd-inspector", role: "inspector", scope: "44" },
    { user: "gd-auditor", role: "auditor", scope: "44" },
  ]);
  const held = await shandong.settle(heldClaim(301, "30000.00"));
  assert.equal(held.status, ClaimStatus.HELD);
  heldId = held.claimId;
  const settled = await shandong.settle(heldClaim(302, "300.00"));
  assert.equal(settled.status, ClaimStatus.SETTLED);
  settledId = settled.claimId;
  const drawn = await api("/api/v1/spot-checks", { method: "POST", token: tokens.inspector, body: { province: "37", period, sample_size: 5, roster: ["张检", "李检"], seed: "access-seed-01" } });
  assert.equal(drawn.status, 201);
  spotCheckId = String(drawn.json.id);
});

after(async () => {
  shandong?.close();
  platforms?.close();
  await hub?.stop();
});

const api = (path: string, init: Parameters<typeof callApi>[2] = {}) => callApi(hub.regulatorApiUrl, path, init);
const GD = ["gd-viewer", "gd-reviewer", "gd-inspector", "gd-auditor"] as const;

test("another province's claim: every claim route answers 404, whatever the role", async () => {
  for (const user of GD) {
    const token = tokens[user];
    for (const id of [heldId, settledId]) {
      for (const path of [`/api/v1/claims/${id}`, `/api/v1/claims/${id}?unmask=1`, `/api/v1/claims/${id}/timeline`, `/api/v1/claims/${id}/record`, `/api/v1/claims/${id}/evidence`, `/api/v1/claims/${id}/evidence?unmask=1`]) {
        const r = await api(path, { token });
        assert.equal(r.status, 404, `${user} ${path}`);
        assert.doesNotMatch(JSON.stringify(r.json), /370102|320100/, `${user} ${path}: nothing of the claim in the answer`);
      }
    }
  }
  const decided = await api(`/api/v1/claims/${heldId}/decision`, { method: "POST", token: tokens["gd-reviewer"], body: { decision: "approve", reason: "not mine" } });
  assert.equal(decided.status, 404);
  assert.equal((await api(`/api/v1/claims/${heldId}`, { token: tokens.viewer })).json.status, "HELD", "still held");
});

test("another province's claims are in none of the lists, figures or ledger pages", async () => {
  const token = tokens["gd-viewer"];
  assert.deepEqual((await api("/api/v1/review-queue", { token })).json.held, []);
  for (const q of ["", "?treated=37", "?insured=32", "?status=HELD", "?status=SETTLED"]) assert.equal((await api(`/api/v1/claims${q}`, { token })).json.total, 0, `search ${q}`);
  const rules = (await api("/api/v1/rules", { token })).json;
  assert.equal(rules.claims_read, 0);
  assert.ok((rules.rules as { hits: number }[]).every((r) => r.hits === 0));
  assert.deepEqual((await api(`/api/v1/flows?period=${period}`, { token })).json.cells, []);
  assert.deepEqual((await api(`/api/v1/flows/claims?period=${period}&treated=37&insured=32`, { token })).json.claims, []);
  assert.deepEqual((await api(`/api/v1/clearing/${period}`, { token })).json.pairs, []);
  const csv = await fetch(`${hub.regulatorApiUrl}/api/v1/clearing/${period}?format=csv`, { headers: { authorization: `Bearer ${token}` } });
  assert.doesNotMatch(await csv.text(), /\n\d{6},32,37,/, "no 32-37 line in the CSV");
  const recon = (await api(`/api/v1/reconciliation/${period}`, { token })).json;
  assert.deepEqual([...new Set((recon.platforms as { platform: string }[]).map((p) => p.platform))], ["44"]);
  assert.deepEqual(((await api("/api/v1/overview", { token })).json.platforms as { id: string }[]).map((t) => t.id), ["44"]);
  // The national view does hold them (so the empty answers above are the scope, not an empty hub).
  assert.ok(((await api("/api/v1/review-queue", { token: tokens.viewer })).json.held as { claim_id: string }[]).some((c) => c.claim_id === heldId));
  assert.ok(((await api(`/api/v1/flows/claims?period=${period}&treated=37&insured=32`, { token: tokens.viewer })).json.claims as { claim_id: string }[]).some((c) => c.claim_id === settledId));
});

test("another province's spot checks: not listed, not readable, not redrawn, no results recorded, none drawn for it", async () => {
  assert.deepEqual((await api("/api/v1/spot-checks", { token: tokens["gd-viewer"] })).json.spot_checks, []);
  assert.equal((await api(`/api/v1/spot-checks/${spotCheckId}`, { token: tokens["gd-viewer"] })).status, 404);
  assert.equal((await api(`/api/v1/spot-checks/${spotCheckId}/redraw`, { method: "POST", token: tokens["gd-viewer"] })).status, 404);
  assert.equal((await api(`/api/v1/spot-checks/${spotCheckId}/results`, { method: "POST", token: tokens["gd-inspector"], body: { claim_id: settledId, result: "x" } })).status, 404);
  const draw = await api("/api/v1/spot-checks", { method: "POST", token: tokens["gd-inspector"], body: { province: "37", period, sample_size: 5, roster: ["甲", "乙"] } });
  assert.equal(draw.status, 403);
  assert.equal((await api(`/api/v1/clearing/${period}/close`, { method: "POST", token: tokens["gd-auditor"], body: { confirm: period } })).status, 403, "a provincial auditor closes no period");
});

test("each state-changing route refuses the roles it is not for, and nothing changes", async () => {
  const decision = { decision: "approve", reason: "r" };
  for (const user of ["viewer", "inspector", "auditor"]) assert.equal((await api(`/api/v1/claims/${heldId}/decision`, { method: "POST", token: tokens[user], body: decision })).status, 403, `${user} decides`);
  for (const user of ["viewer", "reviewer", "inspector"]) {
    assert.equal((await api(`/api/v1/claims/${heldId}?unmask=1`, { token: tokens[user] })).status, 403, `${user} unmasks`);
    assert.equal((await api(`/api/v1/claims/${heldId}/evidence?unmask=1`, { token: tokens[user] })).status, 403, `${user} exports the message's bytes`);
    assert.equal((await api(`/api/v1/clearing/${period}/close`, { method: "POST", token: tokens[user], body: { confirm: period } })).status, 403, `${user} closes a period`);
  }
  for (const user of ["viewer", "reviewer", "auditor"]) {
    assert.equal((await api("/api/v1/spot-checks", { method: "POST", token: tokens[user], body: { province: "37", period, sample_size: 1, roster: ["甲", "乙"] } })).status, 403, `${user} draws`);
    assert.equal((await api(`/api/v1/spot-checks/${spotCheckId}/results`, { method: "POST", token: tokens[user], body: { claim_id: settledId, result: "x" } })).status, 403, `${user} records a result`);
  }
  const after = await api(`/api/v1/claims/${heldId}`, { token: tokens.viewer });
  assert.equal(after.json.status, "HELD");
  assert.equal(after.json.pending_approval, null);
  assert.equal((await api(`/api/v1/clearing/${period}`, { token: tokens.viewer })).json.closed, "no");
  assert.deepEqual((await api(`/api/v1/spot-checks/${spotCheckId}`, { token: tokens.viewer })).json.results, {});
  assert.equal(((await api("/api/v1/spot-checks", { token: tokens.viewer })).json.spot_checks as unknown[]).length, 1);
});
