// Two auditor instances behind one hub: a console session opened on one works on the other and
// ends on both (sessions live in NATS KV, not in a process), and a claims search that may read
// only a few records says so (truncated, scanned, scan_limit) instead of answering silently short;
// failed sign-ins count across instances (the rate limit is the hub's, not one process's).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createAuditor, type Auditor } from "@tongxing/auditor";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { ClaimStatus } from "@tongxing/proto";
import { createLogger } from "@tongxing/telemetry";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { callApi, createAccounts, heldClaim } from "./console-client.js";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let second: Auditor;
let tokens: Record<string, string>;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  // a second auditor on the same NATS, its console reading at most 3 claim records per search
  second = createAuditor(
    { natsUrl: hub.nats.url, natsUser: hub.natsUsers.auditor.user, natsPassword: hub.natsUsers.auditor.pass, regulatorApiAddress: "127.0.0.1:0", searchScanLimit: 3 },
    createLogger({ service: "auditor-2", level: "warn" }),
  );
  await second.start();
  tokens = await createAccounts(hub.nats.url, [
    { user: "zhao", role: "reviewer", scope: "national", password: "zhao-secret-pw" },
    { user: "view", role: "viewer", scope: "national" },
    { user: "lim", role: "viewer", scope: "national", password: "lim-secret-pw" },
  ]);
});

after(async () => {
  await second.stop();
  shandong.close();
  platforms.close();
  await hub.stop();
});

test("a session opened on one instance works on the other, CSRF included, and signing out ends it on both", async () => {
  const one = hub.regulatorApiUrl;
  const two = second.regulatorApiUrl;
  assert.notEqual(one, two);
  const signIn = await callApi(one, "/api/v1/session", { method: "POST", body: { user: "zhao", password: "zhao-secret-pw" } });
  assert.equal(signIn.status, 200);
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const csrf = String(signIn.json.csrf_token);
  const there = await callApi(two, "/api/v1/session", { cookie });
  assert.equal(there.status, 200, "the other instance knows the session");
  assert.equal(there.json.user, "zhao");
  assert.equal(there.json.csrf_token, csrf, "and its CSRF token");

  const held = await shandong.settle(heldClaim(30, "21000.00"));
  assert.equal(held.status, ClaimStatus.HELD);
  const body = { decision: "reject", reason: "no referral" };
  assert.equal((await callApi(two, `/api/v1/claims/${held.claimId}/decision`, { method: "POST", cookie, body })).status, 403, "no CSRF token on the other instance either");
  const decided = await callApi(two, `/api/v1/claims/${held.claimId}/decision`, { method: "POST", cookie, csrf, body });
  assert.equal(decided.status, 200);
  assert.equal(decided.json.status, "REJECTED");

  assert.equal((await callApi(two, "/api/v1/session", { method: "DELETE", cookie, csrf })).status, 200);
  assert.equal((await callApi(one, "/api/v1/session", { cookie })).status, 401, "signed out on the instance that opened it");
  assert.equal((await callApi(two, "/api/v1/session", { cookie })).status, 401);
  assert.equal((await callApi(one, "/api/v1/session", { cookie: "tx_session=made-up-session-id-0000000000000" })).status, 401);
});

test("a search limited to 3 records says its results are truncated; the unlimited instance does not", async () => {
  for (let i = 0; i < 5; i++) {
    const s = await shandong.settle(buildNhsaSettleMessage({ kind: "pharmacy", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 40 + i, seed: 40 + i }).payload);
    assert.equal(s.status, ClaimStatus.SETTLED);
  }
  const limited = await callApi(second.regulatorApiUrl, "/api/v1/claims?status=SETTLED", { token: tokens.view });
  assert.equal(limited.status, 200);
  assert.equal(limited.json.truncated, true);
  assert.equal(limited.json.scanned, 3);
  assert.equal(limited.json.scan_limit, 3);
  assert.ok(Number(limited.json.total) <= 3, "what it found is among the 3 it read");
  const full = await callApi(hub.regulatorApiUrl, "/api/v1/claims?status=SETTLED", { token: tokens.view });
  assert.equal(full.json.truncated, false);
  assert.equal(full.json.scan_limit, 20_000);
  assert.ok(Number(full.json.total) >= 5);
  assert.ok(Number(full.json.scanned) >= 6, "every claim record read (the held one too)");
  const rules = await callApi(second.regulatorApiUrl, "/api/v1/rules", { token: tokens.view });
  assert.equal(rules.json.truncated, true, "the rule statistics read the same bounded scan and say so");
  assert.equal(rules.json.scanned, 3);
});

test("failed sign-ins count across instances: 3 on one and 2 on the other, then even the right password waits", async () => {
  const signIn = (url: string, password: string) => callApi(url, "/api/v1/session", { method: "POST", body: { user: "lim", password } });
  for (let i = 0; i < 3; i++) assert.equal((await signIn(hub.regulatorApiUrl, `guess-${i}`)).status, 401);
  for (let i = 3; i < 5; i++) assert.equal((await signIn(second.regulatorApiUrl, `guess-${i}`)).status, 401);
  for (const url of [hub.regulatorApiUrl, second.regulatorApiUrl]) {
    const limited = await signIn(url, "lim-secret-pw");
    assert.equal(limited.status, 429, url);
    assert.ok(Number(limited.headers.get("retry-after")) > 0);
  }
});
