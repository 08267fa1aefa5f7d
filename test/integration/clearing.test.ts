// Clearing from the real ledger: settlements across provinces and one reversal give a statement
// whose totals are exactly what the settled answers said, less the reversed claim.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create, toBinary } from "@bufbuild/protobuf";
import type { NatsConnection } from "@nats-io/nats-core";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { connectNats } from "@tongxing/nats";
import { CancelSettlementRequestSchema, ClaimGateway, ClaimStatus, SettlementCancelSchema, type SettleClaimResponse } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { createGatewayClient, startTestHub, type TestHub } from "@tongxing/testkit";
import { clearingPeriod } from "@tongxing/auditor";
import { buildClearingStatement } from "@tongxing/auditor";
import { closePeriod } from "@tongxing/auditor";
import { readLedger } from "@tongxing/ledger";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let nc: NatsConnection;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  nc = await connectNats({ servers: hub.nats.url, name: "clearing-test" });
});

after(async () => {
  await nc.drain();
  platforms.close();
  await hub.stop();
});

test("the period's statement reconciles with the settlements, a reversal netted out", async () => {
  const shandong = createGatewayClient(hub.address, "37");
  const jiangsu = createGatewayClient(hub.address, "32");
  const settled: SettleClaimResponse[] = [];
  for (let i = 0; i < 4; i++) settled.push(await shandong.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: i, seed: 700 + i }).payload));
  for (let i = 0; i < 3; i++) settled.push(await jiangsu.settle(buildNhsaSettleMessage({ kind: "pharmacy", treatmentAdmdvs: "320102", insuredAdmdvs: "370100", seq: 10 + i, seed: 800 + i }).payload));
  assert.ok(settled.every((s) => s.status === ClaimStatus.SETTLED));

  const reversed = settled[0]!;
  const record = (await shandong.get(reversed.claimId)).record!;
  const c = createGrpcClient(ClaimGateway, hub.address, { credentials: hub.pki.credentials("37") });
  const cancel = create(SettlementCancelSchema, { setlId: reversed.settlement!.adjudication!.setlId, mdtrtId: record.claim!.encounter!.mdtrtId, psnNo: record.claim!.person!.psnNo, msgid: "CANCELCLEARING0000000000000001", infno: "2208" });
  const res = await callUnary(c, ClaimGateway.method.cancelSettlement, create(CancelSettlementRequestSchema, { dialect: "canonical", payload: toBinary(SettlementCancelSchema, cancel) }), { metadata: { "x-tongxing-platform": "37" }, timeoutMs: 20_000 });
  c.close();
  assert.equal(res.status, ClaimStatus.CANCELLED);

  const entries = [];
  for await (const e of readLedger(nc)) entries.push(e);
  const statement = buildClearingStatement(clearingPeriod(Date.now()), entries);
  // Jiangsu (32) and Shandong (37) report fund_pay_sumamt without the account.
  const owed = (s: SettleClaimResponse) => s.settlement!.adjudication!.fundPaySumamt! + s.settlement!.adjudication!.acctPay!;
  const jiangsuOwes = settled.slice(1, 4).reduce((sum, s) => sum + owed(s), 0n);
  const shandongOwes = settled.slice(4).reduce((sum, s) => sum + owed(s), 0n);
  const pair = statement.pairs.find((p) => p.a === "32" && p.b === "37")!;
  assert.equal(pair.aOwesB.fundFen + pair.aOwesB.accountFen, jiangsuOwes, "Jiangsu owes Shandong for 3 claims (the 4th reversed)");
  assert.equal(pair.aOwesB.settlements, 4);
  assert.equal(pair.aOwesB.reversals, 1);
  assert.equal(pair.bOwesA.fundFen + pair.bOwesA.accountFen, shandongOwes);
  assert.equal(pair.netFen, jiangsuOwes - shandongOwes);
  shandong.close();
  jiangsu.close();
});

test("closing a period records its audit-chain root once; closing again is refused", async () => {
  const period = clearingPeriod(Date.now());
  const closed = await closePeriod(nc, period);
  assert.match(closed.rootHashHex, /^[0-9a-f]{64}$/);
  assert.ok(closed.statement.entries >= 1);
  await assert.rejects(closePeriod(nc, period), /already closed with root hash [0-9a-f]{64}/);
  await assert.rejects(closePeriod(nc, "2026-11"), /yyyyMM/);
});
