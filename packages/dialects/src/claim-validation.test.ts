import assert from "node:assert/strict";
import { test } from "node:test";
import { ClaimKind, type Claim } from "@tongxing/proto";
import { MAX_FEE_LINES, validateClaim } from "./claim-validation.js";
import { sampleClaim } from "./claim.fixture.js";

/** The violations of the sample claim after `change`. */
function violationsAfter(change: (c: Claim) => void): { field: string; description: string }[] {
  const claim = sampleClaim();
  change(claim);
  return validateClaim(claim);
}

test("a complete claim, refund line included, has no violations", () => {
  assert.deepEqual(validateClaim(sampleClaim()), []);
});

test("each rule names one canonical field path", () => {
  const cases: [string, (c: Claim) => void, string, RegExp][] = [
    ["kind unspecified", (c) => (c.kind = ClaimKind.UNSPECIFIED), "kind", /is required/],
    ["kind out of the enum", (c) => (c.kind = 9 as ClaimKind), "kind", /not a known claim kind/],
    ["msgid missing", (c) => (c.msgid = ""), "msgid", /is required/],
    ["msgid with a space", (c) => (c.msgid = "H3701 02"), "msgid", /1–30 letters or digits/],
    ["insured region missing", (c) => (c.insuplcAdmdvs = ""), "insuplc_admdvs", /is required/],
    ["treatment region of 7", (c) => (c.mdtrtareaAdmvs = "3701020"), "mdtrtarea_admvs", /6 digits/],
    ["institution missing", (c) => (c.fixmedinsCode = ""), "fixmedins_code", /is required/],
    ["institution of 31", (c) => (c.fixmedinsCode = "H".repeat(31)), "fixmedins_code", /longer than 30/],
    ["psn_no missing", (c) => (c.person!.psnNo = ""), "person.psn_no", /is required/],
    ["insutype 311", (c) => (c.person!.insutype = "311"), "person.insutype", /one of 310, 320, 330, 340, 390, 392, 410, 510; got "311"/],
    ["cert type 04", (c) => (c.person!.mdtrtCertType = "04"), "person.mdtrt_cert_type", /one of 01, 02, 03/],
    ["card without card_sn", (c) => (c.person!.mdtrtCertType = "03"), "person.card_sn", /required when mdtrt_cert_type is 03/],
    ["mdtrt_id missing", (c) => (c.encounter!.mdtrtId = ""), "encounter.mdtrt_id", /is required/],
    ["med_type 7 digits", (c) => (c.encounter!.medType = "1100000"), "encounter.med_type", /2–6 digits/],
    ["mid_setl_flag Y", (c) => (c.encounter!.midSetlFlag = "Y"), "encounter.mid_setl_flag", /one of 0, 1/],
    ["totals missing", (c) => (c.totals = undefined), "totals.medfee_sumamt", /is required/],
    ["negative total", (c) => (c.totals!.overlmtSelfpay = -1n), "totals.overlmt_selfpay", /must not be negative/],
    ["huge total", (c) => (c.totals!.medfeeSumamt = 10n ** 17n), "totals.medfee_sumamt", /at most 15 digits/],
    ["line without sn", (c) => (c.feeLines[0]!.feedetlSn = ""), "fee_lines[0].feedetl_sn", /is required/],
    ["line without code", (c) => (c.feeLines[1]!.medListCodg = ""), "fee_lines[1].med_list_codg", /is required/],
    ["negative cnt, no refund", (c) => (c.feeLines[0]!.cntE4 = -1n), "fee_lines[0].cnt_e4", /refund line/],
    ["negative amount, no refund", (c) => (c.feeLines[0]!.overlmtAmt = -1n), "fee_lines[0].overlmt_amt", /refund line/],
    ["negative price on a refund", (c) => (c.feeLines[1]!.pricE6 = -1n), "fee_lines[1].pric_e6", /must not be negative/],
    ["cnt too large for int64 scaling", (c) => (c.feeLines[0]!.cntE4 = 10n ** 16n), "fee_lines[0].cnt_e4", /at most 12 digits/],
    ["pric beyond", (c) => (c.feeLines[0]!.pricE6 = 10n ** 18n), "fee_lines[0].pric_e6", /at most 12 digits/],
    ["name of 51", (c) => (c.person!.psnName = "𠮷".repeat(51)), "person.psn_name", /longer than 50 characters/],
  ];
  for (const [name, change, field, description] of cases) {
    const v = violationsAfter(change);
    assert.deepEqual(v.map((x) => x.field), [field], `${name}: ${JSON.stringify(v)}`);
    assert.match(v[0]?.description ?? "", description, name);
  }
});

test("lengths count characters (code points), so 50 characters outside the BMP fit a 50 limit", () => {
  assert.deepEqual(violationsAfter((c) => (c.person!.psnName = "𠮷".repeat(50))), []);
  assert.deepEqual(violationsAfter((c) => (c.fixmedinsName = "䶮".repeat(200))), []);
});

test("all problems are reported together", () => {
  const v = violationsAfter((c) => {
    c.msgid = "";
    c.insuplcAdmdvs = "32";
    c.person = undefined;
    c.feeLines[0]!.pricE6 = -5n;
  });
  assert.deepEqual(v.map((x) => x.field), ["msgid", "insuplc_admdvs", "person.psn_no", "person.insutype", "person.mdtrt_cert_type", "person.mdtrt_cert_no", "fee_lines[0].pric_e6"]);
});

test("more than 5,000 lines are named once, not line by line", () => {
  const v = violationsAfter((c) => {
    const line = c.feeLines[0]!;
    c.feeLines = Array.from({ length: MAX_FEE_LINES + 1 }, () => ({ ...line, pricE6: -1n }));
  });
  assert.deepEqual(v, [{ field: "fee_lines", description: "has 5001 lines; at most 5000 are accepted" }]);
});
