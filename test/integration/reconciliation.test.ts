// Reconciliation for platforms (3201 / 3202): the day's totals per side from the ledger, and the
// claims that differ when a platform's books do not match the hub's.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { ClaimStatus, Reconciliation, ReconcileDetailsRequestSchema, ReconcileSide, ReconcileTotalsRequestSchema, type ReconcileDetail, type SettleClaimResponse } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
});

after(async () => {
  shandong.close();
  platforms.close();
  await hub.stop();
});

function call<M extends "reconcileTotals" | "reconcileDetails">(platform: string, method: M, request: unknown) {
  const c = createGrpcClient(Reconciliation, hub.address, { credentials: hub.pki.credentials(platform) });
  const schema = method === "reconcileTotals" ? ReconcileTotalsRequestSchema : ReconcileDetailsRequestSchema;
  return callUnary(c, Reconciliation.method[method] as never, create(schema, request as never) as never, { metadata: { "x-tongxing-platform": platform }, timeoutMs: 10_000 }).finally(() => c.close()) as Promise<Record<string, unknown>>;
}

test("matching totals match; a platform that is off gets the hub's claims; details name the differences", async () => {
  const settled: SettleClaimResponse[] = [];
  for (let i = 0; i < 3; i++) settled.push(await shandong.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: i, seed: 40 + i }).payload));
  assert.ok(settled.every((s) => s.status === ClaimStatus.SETTLED));
  const a = (s: SettleClaimResponse) => s.settlement!.adjudication!;
  // Jiangsu (32) reports the fund without the account, as the ledger does.
  const totals = { count: 3, medfeeSumamt: settled.reduce((x, s) => x + a(s).medfeeSumamt!, 0n), fundPaySumamt: settled.reduce((x, s) => x + a(s).fundPaySumamt!, 0n), acctPay: settled.reduce((x, s) => x + a(s).acctPay!, 0n) };

  const ok = await call("37", "reconcileTotals", { date: today, side: ReconcileSide.TREATMENT, totals });
  assert.equal(ok.matched, true);
  assert.deepEqual(ok.hubDetails, []);
  const insured = await call("32", "reconcileTotals", { date: today, side: ReconcileSide.INSURED, totals });
  assert.equal(insured.matched, true, "the insured side sees the same claims");

  const off = await call("37", "reconcileTotals", { date: today, side: ReconcileSide.TREATMENT, totals: { ...totals, fundPaySumamt: totals.fundPaySumamt + 1n } });
  assert.equal(off.matched, false);
  assert.equal((off.hubDetails as ReconcileDetail[]).length, 3);

  const details = (off.hubDetails as ReconcileDetail[]).map((d) => ({ setlId: d.setlId, claimId: d.claimId, medfeeSumamt: d.medfeeSumamt, fundPaySumamt: d.fundPaySumamt, acctPay: d.acctPay }));
  details[0]!.fundPaySumamt += 5n;
  const missing = details.pop()!;
  const diff = await call("37", "reconcileDetails", { date: today, side: ReconcileSide.TREATMENT, details });
  assert.equal(diff.matched, false);
  const problems = (diff.differences as { setlId: string; problem: string }[]).map((d) => [d.setlId, d.problem]).sort();
  assert.deepEqual(problems, [[details[0]!.setlId, "amounts differ"], [missing.setlId, "missing at the platform"]].sort());

  const bad = await call("37", "reconcileTotals", { date: "24/11/2026", side: ReconcileSide.UNSPECIFIED }).catch((e: { code: number }) => e);
  assert.equal((bad as { code: number }).code, 3, "INVALID_ARGUMENT");
});
