import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { clone, equals, fromJsonString } from "@bufbuild/protobuf";
import { isInvalidInputError, type FieldViolation } from "@tongxing/domain";
import { AdjudicationSchema, ClaimSchema, SettlementResultSchema } from "@tongxing/proto";
import { jinbaoLegacyDialect as dialect } from "./jinbao-legacy-dialect.js";

const VECTOR = new URL("../../../../conformance/vectors/jinbao-legacy/001-outpatient-card-settled/", import.meta.url);
const CLAIM = clone(ClaimSchema, fromJsonString(ClaimSchema, readFileSync(new URL("claim.json", VECTOR), "utf8")));
CLAIM.claimId = "C-0001";
const ADJUDICATION = clone(AdjudicationSchema, fromJsonString(SettlementResultSchema, readFileSync(new URL("result.json", VECTOR), "utf8")).adjudication!);
ADJUDICATION.claimId = "C-0001";
ADJUDICATION.setlTime = "2024-03-01 00:00:00";
const REPLY = Buffer.from(dialect.encodeAdjudication!(ADJUDICATION, CLAIM));

function violations(payload: Uint8Array): FieldViolation[] {
  try {
    dialect.decodeAdjudication!(payload, CLAIM);
  } catch (err) {
    assert.ok(isInvalidInputError(err), String(err));
    return [...err.violations];
  }
  assert.fail("decoded");
}
const has = (vs: FieldViolation[], field: string, description: RegExp) =>
  assert.ok(vs.some((v) => v.field === field && description.test(v.description)), `${field} ~ ${description} in ${JSON.stringify(vs)}`);
/** The reply with `text` written at 0-based byte `offset`. */
const patched = (offset: number, text: string) => {
  const out = Buffer.from(REPLY);
  out.write(text, offset, "latin1");
  return out;
};

test("an adjudication reply round-trips: the insured system's figures to the fen, the claim's id, no adjudicated_by", () => {
  const back = dialect.decodeAdjudication!(REPLY, CLAIM);
  assert.ok(equals(AdjudicationSchema, back, ADJUDICATION));
  assert.equal(back.claimId, "C-0001");
  assert.equal(back.adjudicatedBy, "");
});

test("the reply is the response layout with 0000 / status 1 and the claim's msgid, transaction and person", () => {
  const text = REPLY.toString("latin1");
  assert.equal(text.slice(0, 35), "RMZJSH37010200001202403010930000001");
  assert.equal(text.slice(105, 110), "00001");
  assert.ok(text.endsWith("20240301\r\n"));
});

test("a settlement time's time of day is not carried: it reads back as midnight", () => {
  const a = clone(AdjudicationSchema, ADJUDICATION);
  a.setlTime = "2024-03-01 09:30:05";
  assert.equal(dialect.decodeAdjudication!(dialect.encodeAdjudication!(a, CLAIM), CLAIM).setlTime, "2024-03-01 00:00:00");
});

test("a reply that does not answer this claim, or does not settle, is refused field by field", () => {
  has(violations(patched(5, "H37010200001202403010930009999")), "record[1].msgid", /the claim's msgid is "H37010200001202403010930000001"/);
  has(violations(patched(1, "ZYJS")), "record[1].trans_code", /says "2304", the claim's infno says "2207"/);
  has(violations(patched(35, "32010000000000000099")), "record[1].psn_no", /the claim's person\.psn_no says/);
  const refusal = violations(patched(105, "10012"));
  has(refusal, "record[1].ret_code", /is 1001, not 0000: the insured system did not settle \(结算成功\)/);
  has(refusal, "record[1].setl_stas", /says REJECTED: an adjudication reply is SETTLED/);
  has(violations(patched(458, " ".repeat(40))), "record[1].setl_id", /is required in an adjudication reply/);
});

test("blank transaction code and person number are accepted (a system that does not repeat them)", () => {
  const blank = patched(1, "    ");
  blank.write(" ".repeat(30), 35, "latin1");
  assert.ok(equals(AdjudicationSchema, dialect.decodeAdjudication!(blank, CLAIM), ADJUDICATION));
});

test("the reply's shape: one R record (then only L records), full width, ended by CR LF", () => {
  has(violations(new Uint8Array(0)), "payload", /is empty/);
  has(violations(Buffer.concat([REPLY, REPLY])), "record[2]", /is a record of type "R", not L/);
  has(violations(patched(0, "T")), "record[1]", /is a record of type "T", not R \(response\)/);
  has(violations(REPLY.subarray(0, 800)), "record[1]", /not ended by CR LF/);
  has(violations(Buffer.concat([REPLY.subarray(0, 700), Buffer.from("\r\n")])), "record[1]", /truncated: 700 bytes, record type R \(response\) has 829/);
});

test("encodeAdjudication refuses what the reply cannot carry", () => {
  const a = clone(AdjudicationSchema, ADJUDICATION);
  a.setlId = "";
  a.clrType = "12";
  a.hifpPay = -(10n ** 14n);
  assert.throws(
    () => dialect.encodeAdjudication!(a, CLAIM),
    (err: unknown) =>
      isInvalidInputError(err) &&
      ["adjudication.setl_id", "adjudication.clr_type", "adjudication.hifp_pay"].every((f) => err.violations.some((v) => v.field === f)),
  );
});

test("per-line results travel as L records after the R record (spec §7.1): split, class and cap exact; an absent cap stays absent", () => {
  const withLines = clone(AdjudicationSchema, ADJUDICATION);
  withLines.feeLines = CLAIM.feeLines.map((l, i) => ({
    $typeName: "tongxing.v1.AdjudicatedFeeLine" as const,
    feedetlSn: l.feedetlSn,
    detItemFeeSumamt: l.detItemFeeSumamt,
    fulamtOwnpayAmt: 0n,
    overlmtAmt: 1n,
    preselfpayAmt: 2n,
    inscpScpAmt: l.detItemFeeSumamt! - 3n,
    chrgitmLv: "02",
    ...(i === 0 ? { pricUplmtAmtE6: 1_234_500n } : {}),
  }));
  assert.ok(withLines.feeLines.length >= 1);
  const reply = Buffer.from(dialect.encodeAdjudication!(withLines, CLAIM));
  const records = reply.toString("latin1").split("\r\n").filter((r) => r !== "");
  assert.deepEqual(records.map((r) => r[0]), ["R", ...withLines.feeLines.map(() => "L")]);
  assert.ok(records.slice(1).every((r) => r.length === 94));
  const back = dialect.decodeAdjudication!(reply, CLAIM);
  assert.ok(equals(AdjudicationSchema, back, withLines));
  if (back.feeLines.length > 1) assert.equal(back.feeLines[1]?.pricUplmtAmtE6, undefined);
  assert.equal(back.feeLines[0]?.selfpayPropPermille, undefined, "selfpay_prop is not carried");
});

