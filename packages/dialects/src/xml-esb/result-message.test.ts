import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { ClaimKind, ClaimSchema, ClaimStatus, FindingSeverity, SettlementResultSchema } from "@tongxing/proto";
import { XML_ESB_MAPPING } from "./mapping.js";
import { beijingTimeOf, resultViewOf } from "./result-message.js";

const claim = create(ClaimSchema, { kind: ClaimKind.INPATIENT, infno: "2304", msgid: "M1", fixmedinsCode: "H37010200001", mdtrtareaAdmvs: "370102", insuplcAdmdvs: "320100" });
const view = (init: Parameters<typeof create<typeof SettlementResultSchema>>[1]) => resultViewOf(create(SettlementResultSchema, init), claim, XML_ESB_MAPPING);

test("beijingTimeOf converts a verdict's UTC time to UTC+8 and refuses non-times", () => {
  assert.equal(beijingTimeOf("2026-03-31 17:20:05.123"), "2026-04-01 01:20:05");
  assert.equal(beijingTimeOf("2028-02-28 16:00:00"), "2028-02-29 00:00:00");
  for (const bad of ["", "2026-02-30 00:00:00", "2026-01-01 24:00:00", "yesterday", "0099-01-01 00:00:00"]) assert.equal(beijingTimeOf(bad), "", bad);
});

test("the head echoes the claim and correlates by msgid", () => {
  const v = view({ claimId: "C9", status: ClaimStatus.SETTLED, adjudication: { setlTime: "2026-01-01 08:00:00" } });
  assert.deepEqual(
    { kind: v.kind, infno: v.infno, msgId: v.msgId, refMsgId: v.refMsgId, sender: v.sender, receiver: v.receiver, respTime: v.respTime, retCode: v.retCode },
    { kind: ClaimKind.INPATIENT, infno: "2304", msgId: "C9", refMsgId: "M1", sender: "TXHUB", receiver: "H37010200001", respTime: "2026-01-01 08:00:00", retCode: "0000" },
  );
  assert.equal(view({ status: ClaimStatus.SETTLED, msgid: "M2" }).refMsgId, "M2");
});

test("a refusal gives 1001 with its message, or its code when the message is empty", () => {
  const v = view({ status: ClaimStatus.REJECTED, refusal: { code: "NO_ROUTE", message: "" } });
  assert.equal(v.retCode, "1001");
  assert.equal(v.retMsg, "参保地拒绝结算: NO_ROUTE");
  assert.deepEqual(v.reject, { source: "REFUSAL", reasonCode: "NO_ROUTE", reasonMsg: "" });
});

test("audit reasons: deciding severity first, ids once, fallbacks when nothing fits", () => {
  const findings = [
    { ruleId: "W1", severity: FindingSeverity.WARNING, message: "w" },
    { ruleId: "E1", severity: FindingSeverity.ERROR, message: "e" },
    { ruleId: "E1", severity: FindingSeverity.ERROR, message: "again" },
    { ruleId: "I9", severity: FindingSeverity.INFO, message: "i" },
  ];
  const rejected = view({ status: ClaimStatus.REJECTED, verdict: { findings } });
  assert.equal(rejected.retMsg, "审核拒付: E1");
  assert.deepEqual(rejected.reject, { source: "AUDIT", reasonCode: "E1", reasonMsg: "E1: e; E1: again" });
  assert.equal(view({ status: ClaimStatus.HELD, verdict: { findings } }).hold?.reasonCode, "W1,E1");
  assert.equal(view({ status: ClaimStatus.HELD, verdict: { findings: [findings[3]!] } }).hold?.reasonCode, "I9");
  assert.equal(view({ status: ClaimStatus.REJECTED }).reject?.reasonCode, "AUDIT_REJECT");
  assert.equal(view({ status: ClaimStatus.HELD }).hold?.reasonCode, "REVIEW");
});

test("long reason texts are cut by characters, not UTF-16 units", () => {
  const v = view({ status: ClaimStatus.REJECTED, refusal: { code: "X", message: "𠮷".repeat(1_500) } });
  assert.equal(Array.from(v.reject?.reasonMsg ?? "").length, 1_000);
  assert.equal(Array.from(v.retMsg).length, 200);
});
