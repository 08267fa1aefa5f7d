// Absent is not zero: in every dialect a fee line or totals block sent without its catalogue split
// decodes with the split absent (not 0), a sent 0.00 decodes as 0, and encoding keeps the two apart.
import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { AdjudicatedFeeLineSchema, AdjudicationSchema, type Claim } from "@tongxing/proto";
import { sampleClaim } from "./claim.fixture.js";
import { canonicalDialect } from "./canonical.js";
import type { Dialect } from "./dialect.js";
import { fhirR4Dialect } from "./fhir-r4/fhir-r4-dialect.js";
import { jinbaoLegacyDialect } from "./jinbao-legacy/jinbao-legacy-dialect.js";
import { nhsaJsonDialect } from "./nhsa-json/nhsa-json-dialect.js";
import { xmlEsbDialect } from "./xml-esb/xml-esb-dialect.js";

const DIALECTS: readonly Dialect[] = [canonicalDialect, nhsaJsonDialect, xmlEsbDialect, jinbaoLegacyDialect, fhirR4Dialect];

/** The sample claim as a hospital's fee upload sends it: line totals only, no split anywhere. */
function withoutSplit(): Claim {
  const claim = sampleClaim();
  claim.feeLines = claim.feeLines.slice(0, 1);
  const line = claim.feeLines[0]!;
  line.inscpScpAmt = undefined;
  claim.totals = { $typeName: "tongxing.v1.ClaimTotals", medfeeSumamt: 4000n };
  return claim;
}

/** The sample's first line with an explicit all-zero-but-one split (0.00 sent, not absent). */
function withZeroSplit(): Claim {
  const claim = sampleClaim();
  claim.feeLines = claim.feeLines.slice(0, 1);
  Object.assign(claim.feeLines[0]!, { fulamtOwnpayAmt: 0n, overlmtAmt: 0n, preselfpayAmt: 0n, inscpScpAmt: 4000n });
  claim.totals = { $typeName: "tongxing.v1.ClaimTotals", medfeeSumamt: 4000n, fulamtOwnpayAmt: 0n, overlmtSelfpay: 0n, preselfpayAmt: 0n, inscpScpAmt: 4000n };
  return claim;
}

const roundTrip = (d: Dialect, claim: Claim) => d.decodeClaim(d.encodeClaim!(claim)).claim;

for (const d of DIALECTS) {
  test(`${d.name}: a claim without split decodes with the split absent, not 0`, () => {
    const back = roundTrip(d, withoutSplit());
    const line = back.feeLines[0]!;
    assert.equal(line.detItemFeeSumamt, 4000n);
    for (const part of [line.fulamtOwnpayAmt, line.overlmtAmt, line.preselfpayAmt, line.inscpScpAmt]) assert.equal(part, undefined);
    const t = back.totals!;
    assert.equal(t.medfeeSumamt, 4000n);
    for (const part of [t.fulamtOwnpayAmt, t.overlmtSelfpay, t.preselfpayAmt, t.inscpScpAmt]) assert.equal(part, undefined);
  });

  test(`${d.name}: a sent 0.00 decodes as 0, apart from absent`, () => {
    const back = roundTrip(d, withZeroSplit());
    const line = back.feeLines[0]!;
    assert.deepEqual([line.fulamtOwnpayAmt, line.overlmtAmt, line.preselfpayAmt, line.inscpScpAmt], [0n, 0n, 0n, 4000n]);
    const t = back.totals!;
    assert.deepEqual([t.fulamtOwnpayAmt, t.overlmtSelfpay, t.preselfpayAmt, t.inscpScpAmt], [0n, 0n, 0n, 4000n]);
  });
}

test("nhsa-json: a fee line without split is read absent from the national message itself", () => {
  const message = JSON.parse(new TextDecoder().decode(nhsaJsonDialect.encodeClaim!(withZeroSplit()))) as { input: { feedetail: Record<string, unknown>[]; data: Record<string, unknown> } };
  const line = message.input.feedetail[0]!;
  assert.equal(line.fulamt_ownpay_amt, "0.00");
  for (const name of ["fulamt_ownpay_amt", "overlmt_amt", "preselfpay_amt", "inscp_scp_amt"]) delete line[name];
  for (const name of ["fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt"]) delete message.input.data[name];
  const claim = nhsaJsonDialect.decodeClaim(new TextEncoder().encode(JSON.stringify(message))).claim;
  assert.equal(claim.feeLines[0]!.inscpScpAmt, undefined);
  assert.equal(claim.totals!.inscpScpAmt, undefined);
});

test("jinbao-legacy: an absent split is written as spaces, a zero as zeros", () => {
  const text = (c: Claim) => Buffer.from(jinbaoLegacyDialect.encodeClaim!(c)).toString("latin1");
  assert.match(text(withoutSplit()), / {48}/, "four blank 12-byte split fields on the fee line");
  assert.match(text(withZeroSplit()), /0{12}0{12}0{12}/);
});

const perLine = () =>
  create(AdjudicationSchema, {
    claimId: "C1",
    setlId: "S1",
    medfeeSumamt: 4000n,
    inscpScpAmt: 4000n,
    fundPaySumamt: 2800n,
    feeLines: [
      create(AdjudicatedFeeLineSchema, { feedetlSn: "1", detItemFeeSumamt: 4000n, fulamtOwnpayAmt: 0n, overlmtAmt: 0n, preselfpayAmt: 0n, inscpScpAmt: 4000n, chrgitmLv: "01", selfpayPropPermille: 100, pricUplmtAmtE6: 25_000_000n }),
      create(AdjudicatedFeeLineSchema, { feedetlSn: "2", detItemFeeSumamt: 500n, fulamtOwnpayAmt: 500n, overlmtAmt: 0n, preselfpayAmt: 0n, inscpScpAmt: 0n, chrgitmLv: "03" }),
    ],
  });

for (const d of [canonicalDialect, nhsaJsonDialect, xmlEsbDialect]) {
  test(`${d.name}: the insured side's per-line results travel in its adjudication reply`, () => {
    const claim = withoutSplit();
    claim.claimId = "C1";
    const a = perLine();
    const back = d.decodeAdjudication!(d.encodeAdjudication!(a, claim), claim);
    assert.deepEqual(back.feeLines, a.feeLines);
  });
}

test("nhsa-json: per-line results are output.result with the fee-upload answer's names, selfpay_prop a ratio", () => {
  const claim = withoutSplit();
  const reply = JSON.parse(new TextDecoder().decode(nhsaJsonDialect.encodeAdjudication!(perLine(), claim))) as { output: { result: Record<string, unknown>[] } };
  assert.deepEqual(reply.output.result[0], {
    feedetl_sn: "1",
    det_item_fee_sumamt: 40,
    fulamt_ownpay_amt: 0,
    overlmt_amt: 0,
    preselfpay_amt: 0,
    inscp_scp_amt: 40,
    chrgitm_lv: "01",
    selfpay_prop: 0.1,
    pric_uplmt_amt: 25,
  });
  const bad = { infcode: "0", output: { setlinfo: { setl_id: "S1", medfee_sumamt: "40.00" }, result: [{ feedetl_sn: "1", det_item_fee_sumamt: "40.00", fulamt_ownpay_amt: "0.00", overlmt_amt: "0.00", inscp_scp_amt: "40.00", selfpay_prop: "1.5" }] } };
  assert.throws(
    () => nhsaJsonDialect.decodeAdjudication!(new TextEncoder().encode(JSON.stringify(bad)), claim),
    (err: { violations?: { field: string }[] }) =>
      (err.violations ?? []).some((v) => v.field === "output.result[0].preselfpay_amt") && (err.violations ?? []).some((v) => v.field === "output.result[0].selfpay_prop"),
  );
});
