// Re-settlement after an outage (补录重新结算), through the public gRPC path with the simulated
// platforms: care paid in cash during an outage, submitted later in the national dialect with an
// `input.late_setl` block, settles within the deadline, is flagged for audit (LS1, on the record,
// in the result and in the console's claim view), states the refund owed to the patient in fen;
// past the deadline it is refused FAILED_PRECONDITION naming the deadline; an encounter settled
// already is refused by D1, so it never settles twice.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { ClaimStatus, FindingSeverity } from "@tongxing/proto";
import { badRequestOf } from "@tongxing/proto/grpc";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { callApi, createAccounts } from "../console/console-client.js";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let tokens: Record<string, string>;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  tokens = await createAccounts(hub.nats.url, [{ user: "zhou", displayName: "周审计", role: "auditor", scope: "national" }]);
});

after(async () => {
  shandong.close();
  platforms.close();
  await hub.stop();
});

const DAY_MS = 86_400_000;

/** Beijing time "yyyy-MM-dd HH:mm:ss" of an instant. */
function beijing(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}

type Message = Record<string, unknown> & { msgid: string; input: Record<string, unknown> & { data: Record<string, unknown> } };

/** A national 2207 message of encounter `seq`, under msgid suffix `suffix`, optionally with a late_setl block. */
function message(seq: number, suffix: string, lateSetl?: Record<string, unknown>): Uint8Array {
  const m = structuredClone(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: seq }).json) as unknown as Message;
  m.msgid = m.msgid.slice(0, 26) + suffix;
  if (lateSetl !== undefined) m.input.late_setl = lateSetl;
  return new TextEncoder().encode(JSON.stringify(m));
}

/** The claim's billed total as its message says it, in yuan text. */
function billedYuan(seq: number): string {
  return String(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: seq }).json.input.data.medfee_sumamt);
}

function toFen(yuan: string): bigint {
  const [whole = "0", frac = ""] = yuan.split(".");
  return BigInt(whole) * 100n + BigInt((frac + "00").slice(0, 2));
}

test("a late claim within the deadline settles once, is flagged LS1 and states the refund owed to the patient", async () => {
  const billed = billedYuan(501);
  const late = { win_id: "JS-2026-11-MAINT", outage_begntime: beijing(Date.now() - 12 * DAY_MS), outage_endtime: beijing(Date.now() - 10 * DAY_MS), cash_rcpt_no: "SJ0001", cash_medfee_sumamt: billed, cash_pay_amt: billed };
  const answer = await shandong.settle(message(501, "L501", late));
  assert.equal(answer.status, ClaimStatus.SETTLED);
  const adjudication = answer.settlement?.adjudication;
  assert.ok(adjudication !== undefined);
  const refund = toFen(billed) - adjudication.psnCashPay!;
  assert.ok(refund > 0n, "the patient paid everything in cash: the funds' and account's share comes back");
  assert.equal(answer.settlement?.lateSettlementRefundFen, refund, "the refund is stated in the result, integer fen");
  const ls1 = answer.settlement?.verdict?.findings.find((f) => f.ruleId === "LS1");
  assert.equal(ls1?.severity, FindingSeverity.INFO, "flagged for audit, not held");
  assert.match(ls1?.message ?? "", /JS-2026-11-MAINT/);
  assert.match(ls1?.message ?? "", /receipt total matches medfee_sumamt/);

  // The national answer carries output.late_setl with the refund in yuan.
  const rendered = JSON.parse(new TextDecoder().decode(answer.payload)) as { output: { late_setl?: { refd_amt: number; cash_rcpt_no: string } } };
  assert.equal(rendered.output.late_setl?.cash_rcpt_no, "SJ0001");
  assert.equal(toFen(String(rendered.output.late_setl?.refd_amt)), refund);

  const record = (await shandong.get(answer.claimId)).record;
  assert.equal(record?.claim?.lateSettlement?.cashPaidAmt, toFen(billed));
  assert.ok(record?.verdict?.findings.some((f) => f.ruleId === "LS1"), "the flag is on the claim's record");

  const view = await callApi(hub.regulatorApiUrl, `/api/v1/claims/${answer.claimId}`, { token: tokens.zhou });
  assert.equal(view.status, 200);
  const lateView = view.json.late_settlement as { flagged_for_audit: boolean; refund_owed_fen: string; window_id: string };
  assert.equal(lateView.flagged_for_audit, true);
  assert.equal(lateView.refund_owed_fen, refund.toString());
  assert.ok((view.json.findings as { rule_id: string }[]).some((f) => f.rule_id === "LS1"), "the console shows the flag");

  const again = await shandong.settle(message(501, "L501", late));
  assert.equal(again.duplicate, true, "a resend is the same claim");
  assert.equal((await shandong.get(answer.claimId)).record?.events.filter((e) => e.status === ClaimStatus.SETTLED).length, 1);
});

test("a late claim past the deadline (3 months after the outage) is refused FAILED_PRECONDITION naming the deadline", async () => {
  const billed = billedYuan(502);
  const endMs = Date.now() - 100 * DAY_MS;
  await assert.rejects(shandong.settle(message(502, "L502", { outage_endtime: beijing(endMs), cash_pay_amt: billed })), (err: ServiceError) => {
    assert.equal(err.code, GrpcStatus.FAILED_PRECONDITION);
    assert.match(err.details, /late settlement deadline \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(Beijing time; 3 months after the outage ended/);
    return true;
  });
});

test("a late claim for an encounter settled already is refused by D1: never settled twice", async () => {
  const billed = billedYuan(503);
  const first = await shandong.settle(message(503, "N503"));
  assert.equal(first.status, ClaimStatus.SETTLED);
  const late = await shandong.settle(message(503, "L503", { outage_endtime: beijing(Date.now() - DAY_MS), cash_pay_amt: billed }));
  assert.equal(late.status, ClaimStatus.REJECTED);
  assert.ok(late.settlement?.verdict?.findings.some((f) => f.ruleId === "D1"), "rejected as a duplicate settlement of the encounter");
  assert.equal(late.settlement?.lateSettlementRefundFen, undefined, "no refund stated for a claim not settled");
});

test("a late_setl block without its outage end or cash paid is INVALID_ARGUMENT naming the fields", async () => {
  await assert.rejects(shandong.settle(message(504, "L504", { win_id: "W1" })), (err: ServiceError) => {
    assert.equal(err.code, GrpcStatus.INVALID_ARGUMENT);
    const fields = badRequestOf(err)?.fieldViolations.map((v) => v.field) ?? [];
    assert.ok(fields.includes("input.late_setl.outage_endtime"), fields.join(","));
    assert.ok(fields.includes("input.late_setl.cash_pay_amt"), fields.join(","));
    return true;
  });
});
