// The pre-settle forms (PreSettleClaim): national 2206 / 2303 / 2101, FHIR Claim.use =
// predetermination, canonical; and the dialects without one.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { ClaimKind, ClaimSchema, PreSettlementSchema } from "@tongxing/proto";
import { canonicalDialect } from "./canonical.js";
import { sampleClaim } from "./claim.fixture.js";
import { fhirR4Dialect } from "./fhir-r4/fhir-r4-dialect.js";
import { jinbaoLegacyDialect } from "./jinbao-legacy/jinbao-legacy-dialect.js";
import { nhsaJsonDialect } from "./nhsa-json/nhsa-json-dialect.js";
import { jsonBytes, sampleOutpatientSettle, violationsOf } from "./nhsa-json/settle-message.fixture.js";
import { xmlEsbDialect } from "./xml-esb/xml-esb-dialect.js";

const FHIR = readFileSync(new URL("../../../conformance/vectors/fhir-r4/001-outpatient-general-settled/input.json", import.meta.url), "utf8");

test("nhsa-json: 2206 reads as the 2207 it pre-settles; a 2207 is not a pre-settlement, nor a 2206 a settlement", () => {
  const settle = sampleOutpatientSettle();
  const pre = { ...settle, infno: "2206" };
  const decoded = nhsaJsonDialect.decodePreSettle!(jsonBytes(pre)).claim;
  const asSettle = nhsaJsonDialect.decodeClaim(jsonBytes(settle)).claim;
  assert.equal(decoded.kind, ClaimKind.OUTPATIENT);
  assert.equal(decoded.infno, "2206");
  assert.deepEqual({ ...decoded, infno: "" }, { ...asSettle, infno: "" });
  assert.ok(violationsOf(() => nhsaJsonDialect.decodePreSettle!(jsonBytes(settle))).some((v) => v.field === "infno"));
  assert.ok(violationsOf(() => nhsaJsonDialect.decodeClaim(jsonBytes(pre))).some((v) => v.field === "infno"));
});

test("nhsa-json: 2303 is inpatient and keeps mid_setl_flag; 2101 is pharmacy", () => {
  const s = sampleOutpatientSettle() as Record<string, any>;
  s.input.data.med_type = "21";
  s.input.data.mid_setl_flag = "1";
  assert.equal(nhsaJsonDialect.decodePreSettle!(jsonBytes({ ...s, infno: "2303" })).claim.encounter?.midSetlFlag, "1");
  assert.equal(nhsaJsonDialect.decodePreSettle!(jsonBytes({ ...s, infno: "2303" })).claim.kind, ClaimKind.INPATIENT);
  assert.equal(nhsaJsonDialect.decodePreSettle!(jsonBytes({ ...s, infno: "2101" })).claim.kind, ClaimKind.PHARMACY);
});

test("nhsa-json: the answer is the settle answer's setlinfo with no setl_id, or infcode -1 with the refusal", () => {
  const claim = sampleClaim();
  const adjudication = { medfeeSumamt: 12050n, psnPartAmt: 3050n, psnCashPay: 3050n, fundPaySumamt: 9000n, hifpPay: 9000n, setlTime: "2026-12-01 10:00:00" };
  const ok = JSON.parse(new TextDecoder().decode(nhsaJsonDialect.encodePreSettleResult!(create(PreSettlementSchema, { preSettleId: "P1", claim, adjudication }))));
  assert.equal(ok.infcode, "0");
  assert.equal(ok.output.setlinfo.setl_id, "");
  assert.equal(ok.output.setlinfo.psn_part_amt, 30.5);
  const no = JSON.parse(new TextDecoder().decode(nhsaJsonDialect.encodePreSettleResult!(create(PreSettlementSchema, { preSettleId: "P1", claim, refusal: { code: "NOT_INSURED", message: "no such person" } }))));
  assert.equal(no.infcode, "-1");
  assert.match(no.err_msg, /NOT_INSURED: no such person/);
});

test("fhir-r4: use = predetermination reads as the claim; any other use is refused on use; the answer says predetermination", () => {
  const claim = JSON.parse(FHIR) as Record<string, unknown>;
  const decoded = fhirR4Dialect.decodePreSettle!(jsonBytes({ ...claim, use: "predetermination" })).claim;
  assert.deepEqual(decoded, fhirR4Dialect.decodeClaim(jsonBytes(claim)).claim);
  assert.ok(violationsOf(() => fhirR4Dialect.decodePreSettle!(jsonBytes(claim))).some((v) => v.field === "use"));
  const answer = JSON.parse(new TextDecoder().decode(fhirR4Dialect.encodePreSettleResult!(create(PreSettlementSchema, { preSettleId: "P1", claim: decoded, adjudication: { medfeeSumamt: decoded.totals!.medfeeSumamt, psnPartAmt: 100n, psnCashPay: 100n } }))));
  assert.equal(answer.resourceType, "ClaimResponse");
  assert.equal(answer.use, "predetermination");
  assert.equal(answer.outcome, "complete");
});

test("canonical: a tongxing.v1.Claim in, the tongxing.v1.PreSettlement out; xml-esb and jinbao-legacy have no pre-settle form", () => {
  const claim = sampleClaim();
  assert.equal(canonicalDialect.decodePreSettle!(toBinary(ClaimSchema, claim)).claim.msgid, claim.msgid);
  const p = create(PreSettlementSchema, { preSettleId: "P1", claim, adjudication: { psnPartAmt: 1n } });
  assert.equal(fromBinary(PreSettlementSchema, canonicalDialect.encodePreSettleResult!(p)).adjudication?.psnPartAmt, 1n);
  assert.equal(xmlEsbDialect.decodePreSettle, undefined);
  assert.equal(jinbaoLegacyDialect.decodePreSettle, undefined);
});
