import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { clone, create, equals, fromJsonString } from "@bufbuild/protobuf";
import { isInvalidInputError, type FieldViolation } from "@tongxing/domain";
import { ClaimKind, ClaimSchema, FeeLineSchema, type Claim } from "@tongxing/proto";
import { jinbaoLegacyDialect as dialect } from "./jinbao-legacy-dialect.js";

const VECTOR = new URL("../../../../conformance/vectors/jinbao-legacy/001-outpatient-card-settled/", import.meta.url);
const INPUT = readFileSync(new URL("input.txt", VECTOR));
const CLAIM = fromJsonString(ClaimSchema, readFileSync(new URL("claim.json", VECTOR), "utf8"));
const encode = (claim: Claim) => dialect.encodeClaim!(claim);

function refused(claim: Claim): FieldViolation[] {
  try {
    encode(claim);
  } catch (err) {
    assert.ok(isInvalidInputError(err), String(err));
    return [...err.violations];
  }
  assert.fail("encoded");
}
const has = (vs: FieldViolation[], field: string, description: RegExp) =>
  assert.ok(vs.some((v) => v.field === field && description.test(v.description)), `${field} ~ ${description} in ${JSON.stringify(vs)}`);

test("encodeClaim writes the province's exact bytes, and decodeClaim gives the claim back", () => {
  assert.ok(Buffer.from(encode(CLAIM)).equals(INPUT));
  assert.ok(equals(ClaimSchema, dialect.decodeClaim(encode(CLAIM)).claim, CLAIM));
});

test("what the format has no room for is dropped: time of day, trailing spaces, claim_id, submitter_platform", () => {
  const claim = clone(ClaimSchema, CLAIM);
  claim.claimId = "C0123";
  claim.submitterPlatform = "37";
  claim.infTime = "2024-03-01 09:30:00";
  claim.encounter!.begntime = "2024-03-01 08:05:59";
  claim.person!.psnName = "王芳  ";
  claim.feeLines[0]!.feeOcurTime = "2024-03-01 08:10:00";
  assert.ok(Buffer.from(encode(claim)).equals(INPUT));
  const back = dialect.decodeClaim(encode(claim)).claim;
  assert.equal(back.claimId, "");
  assert.equal(back.infTime, "2024-03-01 00:00:00");
});

test("an absent totals block is written as zeros; an absent person fails its required fields", () => {
  const claim = clone(ClaimSchema, CLAIM);
  claim.totals = undefined;
  claim.feeLines = [];
  assert.equal(dialect.decodeClaim(encode(claim)).claim.totals?.medfeeSumamt, 0n);
  claim.person = undefined;
  const vs = refused(claim);
  has(vs, "person.psn_no", /is required/);
  has(vs, "person.insutype", /"" has no local|is required/);
});

test("what the format cannot carry is refused, every canonical field named at once", () => {
  const claim = clone(ClaimSchema, CLAIM);
  claim.person!.psnName = "𠮷田";
  claim.encounter!.medType = "1401";
  claim.encounter!.endtime = "2024-03-01";
  claim.msgid = "H372010200001202403010930000001";
  claim.feeLines[1]!.cntE4 = 10_000_000_000n;
  claim.feeLines[2]!.chrgitmLv = "3";
  claim.fixmedinsName = "医".repeat(51);
  const vs = refused(claim);
  has(vs, "person.psn_name", /holds 𠮷, which GBK cannot encode/);
  has(vs, "encounter.med_type", /"1401" has no local med_type code/);
  has(vs, "encounter.endtime", /must be a time "yyyy-MM-dd HH:mm:ss"/);
  has(vs, "msgid", /at most 30 characters/);
  has(vs, "fee_lines[1].cnt_e4", /1000000\.0000 does not fit 10 bytes/);
  has(vs, "fee_lines[2].chrgitm_lv", /"3" has no local chrgitm_lv code/);
  has(vs, "fixmedins_name", /is 102 GBK bytes, the field holds 100/);
  assert.equal(vs.length, 7);
});

test("only the three settle transactions, each with its kind, can be written", () => {
  const presettle = clone(ClaimSchema, CLAIM);
  presettle.infno = "2206";
  has(refused(presettle), "infno", /"2206" has no local trans_code code/);
  const mismatch = clone(ClaimSchema, CLAIM);
  mismatch.kind = ClaimKind.PHARMACY;
  has(refused(mismatch), "kind", /CLAIM_KIND_PHARMACY|PHARMACY does not go with infno 2207/);
});

test("more than 5,000 fee lines are refused before anything is written", () => {
  const claim = clone(ClaimSchema, CLAIM);
  claim.feeLines = Array.from({ length: 5_001 }, () => create(FeeLineSchema, { feedetlSn: "1", medListCodg: "X" }));
  assert.deepEqual(refused(claim), [{ field: "fee_lines", description: "has 5,001 lines, a settle file at most 5,000" }]);
});
