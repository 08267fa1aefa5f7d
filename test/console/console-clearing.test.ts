// The clearing page's API beyond the statement: each platform's reconciliation of the period
// (recorded by the translator on every Reconciliation call, read by the console), and closing a
// period from the console (national auditor, typed confirmation, the chain root, refused twice).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { clearingPeriod, verifyChain } from "@tongxing/auditor";
import { connectNats, Streams, Subjects } from "@tongxing/nats";
import { ClaimStatus, Reconciliation, ReconcileSide, ReconcileTotalsRequestSchema, type SettleClaimResponse } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { callApi, createAccounts } from "./console-client.js";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let tokens: Record<string, string>;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  tokens = await createAccounts(hub.nats.url, [
    { user: "aud", role: "auditor", scope: "national" },
    { user: "aud-sd", role: "auditor", scope: "37" },
    { user: "rev", role: "reviewer", scope: "national" },
    { user: "view", role: "viewer", scope: "national" },
    { user: "js", role: "viewer", scope: "32" },
  ]);
});

after(async () => {
  shandong.close();
  platforms.close();
  await hub.stop();
});

const api = (path: string, init: Parameters<typeof callApi>[2] = {}) => callApi(hub.regulatorApiUrl, path, init);

function reconcileTotals(platform: string, side: ReconcileSide, totals: unknown) {
  const c = createGrpcClient(Reconciliation, hub.address, { credentials: hub.pki.credentials(platform) });
  return callUnary(c, Reconciliation.method.reconcileTotals as never, create(ReconcileTotalsRequestSchema, { date: today, side, totals } as never) as never, { timeoutMs: 10_000 }).finally(() => c.close()) as unknown as Promise<{ matched: boolean }>;
}

type ReconRow = { platform: string; side: string; status: string; days_matched: number; days_mismatched: string[]; last_at: string | null };
const row = (rows: ReconRow[], platform: string, side: string) => rows.find((r) => r.platform === platform && r.side === side);

test("reconciliation per platform: not yet, matched, mismatched — from the platforms' own calls", async () => {
  const period = clearingPeriod(Date.now());
  const settled: SettleClaimResponse[] = [];
  for (let i = 0; i < 2; i++) settled.push(await shandong.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: i, seed: 900 + i }).payload));
  assert.ok(settled.every((s) => s.status === ClaimStatus.SETTLED));

  const before = await api(`/api/v1/reconciliation/${period}`, { token: tokens.view });
  assert.equal(before.status, 200);
  const rows0 = before.json.platforms as ReconRow[];
  assert.equal(row(rows0, "37", "treatment")?.status, "not-yet");
  assert.equal(row(rows0, "44", "insured")?.status, "not-yet", "every platform of the routing table is listed");

  const a = (s: SettleClaimResponse) => s.settlement!.adjudication!;
  const totals = { count: 2, medfeeSumamt: settled.reduce((x, s) => x + a(s).medfeeSumamt!, 0n), fundPaySumamt: settled.reduce((x, s) => x + a(s).fundPaySumamt!, 0n), acctPay: settled.reduce((x, s) => x + a(s).acctPay!, 0n) };
  assert.equal((await reconcileTotals("37", ReconcileSide.TREATMENT, totals)).matched, true);
  assert.equal((await reconcileTotals("32", ReconcileSide.INSURED, { ...totals, medfeeSumamt: totals.medfeeSumamt + 100n })).matched, false);

  const after = await api(`/api/v1/reconciliation/${period}`, { token: tokens.view });
  const rows = after.json.platforms as ReconRow[];
  assert.deepEqual({ ...row(rows, "37", "treatment"), last_at: null }, { platform: "37", side: "treatment", status: "matched", days_matched: 1, days_mismatched: [], last_at: null });
  assert.ok(row(rows, "37", "treatment")?.last_at, "when it reconciled");
  assert.equal(row(rows, "37", "insured")?.status, "not-yet", "the other side is its own");
  assert.deepEqual(row(rows, "32", "insured")?.days_mismatched, [today]);
  assert.equal(row(rows, "32", "insured")?.status, "mismatched");
  const calls = after.json.calls as { platform: string; at: string }[];
  const jiangsu = calls.find((c) => c.platform === "32");
  assert.deepEqual(jiangsu, { platform: "32", side: "insured", date: today, call: "totals", matched: false, hub_count: 2, differences: 2, at: jiangsu?.at });

  // Jiangsu fixes its books and calls again: the day's latest call is its status.
  assert.equal((await reconcileTotals("32", ReconcileSide.INSURED, totals)).matched, true);
  assert.equal(row((await api(`/api/v1/reconciliation/${period}`, { token: tokens.view })).json.platforms as ReconRow[], "32", "insured")?.status, "matched");

  // A provincial account sees its own platform only; another period has no calls.
  const js = (await api(`/api/v1/reconciliation/${period}`, { token: tokens.js })).json.platforms as ReconRow[];
  assert.deepEqual([...new Set(js.map((r) => r.platform))], ["32"]);
  assert.equal(row((await api(`/api/v1/reconciliation/202001`, { token: tokens.view })).json.platforms as ReconRow[], "37", "treatment")?.status, "not-yet");
  assert.equal((await api(`/api/v1/reconciliation/2026-11`, { token: tokens.view })).status, 400);
  assert.equal((await api(`/api/v1/reconciliation/${period}`)).status, 401, "anonymous");
});

test("closing a period from the console: national auditor only, typed confirmation, the chain root, refused a second time", async () => {
  const period = "202001"; // a past period: the running traffic cannot change its statement
  const close = (token: string | undefined, body: unknown = { confirm: period }) => api(`/api/v1/clearing/${period}/close`, { method: "POST", ...(token === undefined ? {} : { token }), body });
  assert.equal((await close(undefined)).status, 401);
  assert.equal((await close(tokens.view)).status, 403, "a viewer");
  assert.equal((await close(tokens.rev)).status, 403, "a reviewer");
  assert.equal((await close(tokens["aud-sd"])).status, 403, "a provincial auditor");
  const unconfirmed = await close(tokens.aud, {});
  assert.equal(unconfirmed.status, 400);
  assert.match(String(unconfirmed.json.error), /confirm/);
  assert.equal((await api(`/api/v1/clearing/${period}`, { token: tokens.view })).json.closed, "no");

  const closed = await close(tokens.aud);
  assert.equal(closed.status, 200, JSON.stringify(closed.json));
  assert.match(String(closed.json.chain_root), /^[0-9a-f]{64}$/);
  // The root also leaves NATS, signed with the hub's key (docs/audit-chain.md#evidence).
  const exported = JSON.parse(readFileSync(String(closed.json.signed_root_file), "utf8")) as { root_hash: string; height: string; hub_key_id: string };
  assert.ok(String(closed.json.signed_root_file).startsWith(hub.periodRootsDir));
  assert.deepEqual([exported.root_hash, exported.height, exported.hub_key_id], [closed.json.chain_root, String(closed.json.chain_blocks), hub.hubSigningKey.keyId]);
  // the root is the head of the hub's one chain, as `npm run verify-chain` reads it (nothing settles meanwhile)
  const nc = await connectNats({ servers: hub.nats.url, name: "test-verify" });
  try {
    const chain = await verifyChain(nc, Streams.AUDIT_CHAIN, Subjects.auditChain);
    assert.ok(chain.ok);
    assert.equal(chain.blocks, closed.json.chain_blocks);
    assert.equal(chain.headHashHex, closed.json.chain_root);
  } finally {
    await nc.close();
  }
  const statement = await api(`/api/v1/clearing/${period}`, { token: tokens.view });
  assert.equal(statement.json.closed, "yes");
  assert.equal(statement.json.chain_root, closed.json.chain_root);
  assert.match(String(statement.json.closed_by), /\(aud\)$/);

  const again = await close(tokens.aud);
  assert.equal(again.status, 409);
  assert.equal(again.json.refusal, "already-closed");
  assert.equal(again.json.chain_root, closed.json.chain_root);
  assert.match(String(again.json.error), new RegExp(`period ${period} is already closed with root hash ${String(closed.json.chain_root)}`));
});
