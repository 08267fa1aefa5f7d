// Re-settlement after an outage (补录重新结算), through the public gRPC path with the simulated
// platforms: care paid in cash during a maintenance window or recorded outage of the insured
// platform (windows of its routing entry), submitted later in the national dialect with an
// `input.late_setl` block, settles within the deadline, is flagged for audit (LS1, on the record,
// in the result and in the console's claim view), states the refund owed to the patient in fen;
// past the deadline it is refused FAILED_PRECONDITION naming the deadline; an encounter settled
// already is refused by D1, so it never settles twice. A late claim whose window is not one of
// the insured platform's, or did not cover the care, is refused FAILED_PRECONDITION saying so.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { readFileSync } from "node:fs";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { Kvm } from "@nats-io/kv";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { Buckets, connectNats } from "@tongxing/nats";
import { putPlatform, watchRoutingTable } from "@tongxing/routing";
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
  // The insured platform's past windows: a planned one, an unplanned outage the operator recorded
  // afterwards, and one that ended more than 3 months ago.
  const nc = await connectNats({ servers: hub.nats.url, name: "late-settlement-test" });
  const routing = await new Kvm(nc).open(Buckets.ROUTING);
  const watched = await watchRoutingTable(routing);
  const jiangsu = watched.table.platform("32");
  assert.ok(jiangsu !== undefined);
  watched.stop();
  await putPlatform(routing, {
    ...jiangsu,
    maintenanceWindows: [
      { id: "JS-OLD-MAINT", start: iso(NOW - 101 * DAY_MS), end: iso(NOW - 100 * DAY_MS), mode: "refuse" },
      { id: "JS-2026-11-MAINT", start: iso(NOW - 12 * DAY_MS), end: iso(NOW - 10 * DAY_MS), mode: "refuse", reason: "系统升级" },
      { id: "JS-OUTAGE-0301", start: iso(NOW - 2 * DAY_MS), end: iso(NOW - DAY_MS), mode: "refuse", reason: "unplanned outage, recorded afterwards" },
    ],
  });
  await nc.close();
  await windowsSeen();
});

after(async () => {
  shandong.close();
  platforms.close();
  await hub.stop();
});

const DAY_MS = 86_400_000;
const NOW = Date.now();

/** An ISO instant with the Beijing offset, as routing entries hold them. */
function iso(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/** Beijing time "yyyy-MM-dd HH:mm:ss" of an instant. */
function beijing(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}

type Message = Record<string, unknown> & { msgid: string; input: Record<string, unknown> & { data: Record<string, unknown> } };

/** A national 2207 message of encounter `seq` (care ending at `careMs`), under msgid suffix `suffix`, optionally with a late_setl block. */
function message(seq: number, suffix: string, lateSetl?: Record<string, unknown>, careMs?: number): Uint8Array {
  const m = structuredClone(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: seq, ...(careMs === undefined ? {} : { at: new Date(careMs) }) }).json) as unknown as Message;
  m.msgid = m.msgid.slice(0, 26) + suffix;
  if (lateSetl !== undefined) m.input.late_setl = lateSetl;
  return new TextEncoder().encode(JSON.stringify(m));
}

/** The claim's billed total as its message says it, in yuan text. */
function billedYuan(seq: number, careMs?: number): string {
  return String(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: seq, ...(careMs === undefined ? {} : { at: new Date(careMs) }) }).json.input.data.medfee_sumamt);
}

function toFen(yuan: string): bigint {
  const [whole = "0", frac = ""] = yuan.split(".");
  return BigInt(whole) * 100n + BigInt((frac + "00").slice(0, 2));
}

/**
 * Waits until the translator sees the windows put in `before` (its routing watcher): a late claim
 * naming an unknown window is refused listing the windows it knows, and nothing is stored.
 */
async function windowsSeen(): Promise<void> {
  const probe = message(599, "P599", { win_id: "PROBE", outage_endtime: beijing(NOW - DAY_MS), cash_pay_amt: "1.00" }, NOW - DAY_MS);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const err = (await shandong.settle(probe).then(() => undefined, (e: unknown) => e)) as ServiceError | undefined;
    if (/its windows: JS-OLD-MAINT/.test(err?.details ?? "")) return;
    if (Date.now() > deadline) throw new Error(`the translator did not see the windows: ${err?.details ?? "no error"}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("a late claim within the deadline settles once, is flagged LS1 and states the refund owed to the patient", async () => {
  const careMs = NOW - 11 * DAY_MS;
  const billed = billedYuan(501, careMs);
  const late = { win_id: "JS-2026-11-MAINT", outage_begntime: beijing(NOW - 12 * DAY_MS), outage_endtime: beijing(NOW - 10 * DAY_MS), cash_rcpt_no: "SJ0001", cash_medfee_sumamt: billed, cash_pay_amt: billed };
  const answer = await shandong.settle(message(501, "L501", late, careMs));
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

  const again = await shandong.settle(message(501, "L501", late, careMs));
  assert.equal(again.duplicate, true, "a resend is the same claim");
  assert.equal((await shandong.get(answer.claimId)).record?.events.filter((e) => e.status === ClaimStatus.SETTLED).length, 1);
});

test("a late claim past the deadline (3 months after the outage) is refused FAILED_PRECONDITION naming the deadline", async () => {
  const careMs = NOW - 100 * DAY_MS - 3_600_000;
  const billed = billedYuan(502, careMs);
  await assert.rejects(shandong.settle(message(502, "L502", { win_id: "JS-OLD-MAINT", outage_endtime: beijing(NOW - 100 * DAY_MS), cash_pay_amt: billed }, careMs)), (err: ServiceError) => {
    assert.equal(err.code, GrpcStatus.FAILED_PRECONDITION);
    assert.match(err.details, /late settlement deadline \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(Beijing time; 3 months after the outage ended \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}, window "JS-OLD-MAINT" of platform 32/);
    return true;
  });
});

test("a late claim for an encounter settled already is refused by D1: never settled twice", async () => {
  const careMs = NOW - 1.5 * DAY_MS;
  const billed = billedYuan(503, careMs);
  const first = await shandong.settle(message(503, "N503", undefined, careMs));
  assert.equal(first.status, ClaimStatus.SETTLED);
  // No win_id: the window that covered the care (the recorded outage) is the one.
  const late = await shandong.settle(message(503, "L503", { outage_endtime: beijing(NOW - DAY_MS), cash_pay_amt: billed }, careMs));
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

test("a late claim must refer to a window of the insured platform that covered the care: otherwise FAILED_PRECONDITION naming the field and why", async () => {
  const careMs = NOW - 11 * DAY_MS;
  const billed = billedYuan(505, careMs);
  const refused = async (payload: Uint8Array, why: RegExp) =>
    assert.rejects(shandong.settle(payload), (err: ServiceError) => {
      assert.equal(err.code, GrpcStatus.FAILED_PRECONDITION, err.details);
      assert.match(err.details, why);
      return true;
    });
  await refused(
    message(505, "L505", { win_id: "GD-2026-11-MAINT", outage_endtime: beijing(NOW - 10 * DAY_MS), cash_pay_amt: billed }, careMs),
    /late_settlement\.window_id "GD-2026-11-MAINT" names no maintenance window or recorded outage of platform 32 \(its windows: JS-OLD-MAINT, JS-2026-11-MAINT, JS-OUTAGE-0301\)/,
  );
  const elsewhen = NOW - 5 * DAY_MS;
  await refused(
    message(506, "L506", { win_id: "JS-2026-11-MAINT", outage_endtime: beijing(NOW - 10 * DAY_MS), cash_pay_amt: billedYuan(506, elsewhen) }, elsewhen),
    /late_settlement\.window_id: window "JS-2026-11-MAINT" of platform 32 \(.*\) did not cover the care \(/,
  );
  await refused(
    message(507, "L507", { outage_endtime: beijing(NOW - 4 * DAY_MS), cash_pay_amt: billedYuan(507, elsewhen) }, elsewhen),
    /late_settlement: no maintenance window or recorded outage of platform 32 covered the care/,
  );
});

test("an xml-esb late claim (LateSetl) settles against its window and its answer states the refund owed", async () => {
  const careMs = NOW - 11 * DAY_MS;
  const day = beijing(careMs).slice(0, 10).replaceAll("-", "");
  const compact = (ms: number) => beijing(ms).replace(/[- :]/g, "");
  const vector = readFileSync(new URL("../../conformance/vectors/xml-esb/032-outpatient-late-settlement-settled/input.xml", import.meta.url), "utf8");
  const xml = vector
    .replaceAll("20260314", day)
    .replaceAll("20260302", day)
    .replace("<WinId>JS-2026-03-MAINT</WinId>", "<WinId>JS-2026-11-MAINT</WinId>")
    .replace(/<OutageBegntime>\d+<\/OutageBegntime>/, `<OutageBegntime>${compact(NOW - 12 * DAY_MS)}</OutageBegntime>`)
    .replace(/<OutageEndtime>\d+<\/OutageEndtime>/, `<OutageEndtime>${compact(NOW - 10 * DAY_MS)}</OutageEndtime>`);
  const answer = await shandong.settle(new TextEncoder().encode(xml), { dialect: "xml-esb" });
  assert.equal(answer.status, ClaimStatus.SETTLED);
  const refund = answer.settlement?.lateSettlementRefundFen;
  assert.equal(refund, 34_080n - (answer.settlement?.adjudication?.psnCashPay ?? 0n), "340.80 paid in cash less the patient's cash share");
  assert.ok(answer.settlement?.verdict?.findings.some((f) => f.ruleId === "LS1" && /JS-2026-11-MAINT/.test(f.message)), "flagged LS1 naming the window");
  const rendered = new TextDecoder().decode(answer.payload);
  const yuan = (fen: bigint) => `${fen < 0n ? "-" : ""}${(fen < 0n ? -fen : fen) / 100n}.${String((fen < 0n ? -fen : fen) % 100n).padStart(2, "0")}`;
  assert.match(rendered, new RegExp(`<LateSetl>\\s*<WinId>JS-2026-11-MAINT</WinId>[\\s\\S]*<RefdAmt>${yuan(refund ?? 0n).replace(".", "\\.")}</RefdAmt>`), rendered);
});
