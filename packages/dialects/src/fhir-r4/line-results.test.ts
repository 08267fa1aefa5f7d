// Per-line results of the insured side (spec §4.3) in the fhir-r4 ClaimResponse: an insured
// platform's reply carries them in item[] and the hub reads them into Adjudication.fee_lines; the
// result the treatment side gets renders them the same way. Absent caps stay absent.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { isInvalidInputError } from "@tongxing/domain";
import { AdjudicatedFeeLineSchema, AdjudicationSchema, ClaimStatus, SettlementResultSchema } from "@tongxing/proto";
import { fhirR4Dialect as dialect } from "./fhir-r4-dialect.js";

const VECTOR = readFileSync(new URL("../../../../conformance/vectors/fhir-r4/001-outpatient-general-settled/input.json", import.meta.url));
const claim = dialect.decodeClaim(VECTOR).claim;
const lines = claim.feeLines.map((l, i) =>
  create(AdjudicatedFeeLineSchema, {
    feedetlSn: l.feedetlSn,
    detItemFeeSumamt: l.detItemFeeSumamt,
    inscpScpAmt: l.detItemFeeSumamt! - 1n,
    fulamtOwnpayAmt: 1n,
    overlmtAmt: 0n,
    preselfpayAmt: 0n,
    chrgitmLv: "02",
    ...(i === 0 ? { selfpayPropPermille: 100, pricUplmtAmtE6: 12_345_678n } : {}),
  }),
);
const adjudication = create(AdjudicationSchema, { setlId: "S1", setlTime: "2026-12-01 14:06:00", medfeeSumamt: claim.totals!.medfeeSumamt, fundPaySumamt: 0n, feeLines: lines });

test("the vector has lines to answer", () => {
  assert.ok(claim.feeLines.length >= 1);
});

test("an insured platform's reply carries per-line results in item[]; the hub reads them back exactly, absent caps absent", () => {
  const reply = dialect.encodeAdjudication(adjudication, claim);
  const json = JSON.parse(new TextDecoder().decode(reply)) as { item: { itemSequence: number; extension: { url: string }[] }[] };
  assert.equal(json.item.length, lines.length);
  assert.equal(json.item[0]?.itemSequence, 1);
  assert.ok(json.item[0]?.extension.some((e) => e.url.endsWith("/feedetl-sn")));
  const back = dialect.decodeAdjudication(reply, claim);
  assert.deepEqual(back.feeLines, lines);
  if (lines.length > 1) assert.equal(back.feeLines[1]?.selfpayPropPermille, undefined);
});

test("a reply item without its feedetl_sn or a split part is refused naming the element", () => {
  const json = JSON.parse(new TextDecoder().decode(dialect.encodeAdjudication(adjudication, claim))) as { item: { extension: { url: string }[]; adjudication: unknown[] }[] };
  const item = json.item[0]!;
  item.extension = item.extension.filter((e) => !e.url.endsWith("/feedetl-sn"));
  item.adjudication = item.adjudication.slice(1);
  try {
    dialect.decodeAdjudication(new TextEncoder().encode(JSON.stringify(json)), claim);
    assert.fail("refused expected");
  } catch (err) {
    assert.ok(isInvalidInputError(err));
    assert.ok(err.violations.some((v) => v.field.includes("feedetl-sn")), JSON.stringify(err.violations));
    assert.ok(err.violations.some((v) => /item\[0\]\.adjudication/.test(v.field)), JSON.stringify(err.violations));
  }
});

test("the treatment side's ClaimResponse of a settled claim renders the per-line results too", () => {
  const result = create(SettlementResultSchema, { claimId: "C1", status: ClaimStatus.SETTLED, adjudication });
  const json = JSON.parse(new TextDecoder().decode(dialect.encodeResult(result, claim))) as { item?: unknown[] };
  assert.equal(json.item?.length, lines.length);
});
