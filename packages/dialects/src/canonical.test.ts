import assert from "node:assert/strict";
import { test } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { isInvalidInputError } from "@tongxing/domain";
import { AdjudicationSchema, ClaimKind, ClaimSchema, ClaimStatus, SettlementResultSchema, VerdictOutcome, type Claim } from "@tongxing/proto";
import { canonicalDialect } from "./canonical.js";
import { sampleClaim } from "./claim.fixture.js";

/** The violations decoding `payload` throws; fails on any other outcome. */
function violationsOf(payload: Uint8Array): { field: string; description: string }[] {
  try {
    canonicalDialect.decodeClaim(payload);
  } catch (err) {
    assert.ok(isInvalidInputError(err), `InvalidInputError, got ${String(err)}`);
    return [...err.violations];
  }
  assert.fail("expected a rejection");
}

const encode = (claim: Claim) => toBinary(ClaimSchema, claim);

test("a claim in protobuf binary decodes to itself, with msgid and the canonical dialect", () => {
  const claim = sampleClaim();
  const { claim: decoded, msgid } = canonicalDialect.decodeClaim(encode(claim));
  assert.equal(msgid, "H37010200001202611241015300001");
  assert.equal(decoded.dialect, "canonical");
  assert.equal(decoded.kind, ClaimKind.OUTPATIENT);
  assert.equal(decoded.totals?.medfeeSumamt, 2000n);
  assert.equal(decoded.feeLines[1]?.cntE4, -10_000n);
  assert.deepEqual({ ...decoded, dialect: "" }, { ...claim, dialect: "" });
});

test("claim id and submitter are the gateway's to assign, never the sender's", () => {
  const claim = sampleClaim();
  claim.claimId = "C-chosen-by-the-sender";
  claim.submitterPlatform = "11";
  const decoded = canonicalDialect.decodeClaim(encode(claim)).claim;
  assert.equal(decoded.claimId, "");
  assert.equal(decoded.submitterPlatform, "");
});

test("bytes that are not a Claim are refused on payload", () => {
  assert.deepEqual(violationsOf(new Uint8Array([0xff, 0xff, 0xff, 0xff])).map((v) => v.field), ["payload"]);
  assert.match(violationsOf(new Uint8Array([0x0a, 0x10, 0x41]))[0]?.description ?? "", /not a tongxing\.v1\.Claim/, "truncated length-delimited field");
});

test("unknown fields are dropped, not carried on", () => {
  const bytes = new Uint8Array([...encode(sampleClaim()), 0xf8, 0x07, 0x01]); // field 127, varint 1
  const decoded = canonicalDialect.decodeClaim(bytes).claim;
  assert.equal(decoded.$unknown, undefined);
  assert.deepEqual(toBinary(ClaimSchema, { ...decoded, dialect: "" }), encode(sampleClaim()));
});

test("validation names proto field paths, all problems together", () => {
  const claim = sampleClaim();
  claim.kind = ClaimKind.UNSPECIFIED;
  claim.msgid = "";
  claim.insuplcAdmdvs = "";
  claim.person!.psnNo = "";
  claim.totals!.medfeeSumamt = -1n;
  claim.feeLines[0]!.pricE6 = -1n;
  const v = violationsOf(encode(claim));
  assert.deepEqual(v.map((x) => x.field), ["kind", "msgid", "insuplc_admdvs", "person.psn_no", "totals.medfee_sumamt", "fee_lines[0].pric_e6"]);
  assert.match(v.find((x) => x.field === "totals.medfee_sumamt")?.description ?? "", /must not be negative/);
  const empty = violationsOf(new Uint8Array());
  assert.ok(empty.some((x) => x.field === "totals.medfee_sumamt" && /required/.test(x.description)), "an empty message has no totals");
  assert.ok(empty.length <= 20);
});

test("results and adjudications are protobuf binary, both ways", () => {
  const claim = sampleClaim();
  const result = create(SettlementResultSchema, {
    claimId: "C1",
    status: ClaimStatus.SETTLED,
    adjudication: { setlId: "S1", medfeeSumamt: 2000n, hifpPay: 1400n, psnCashPay: -3n },
    verdict: { outcome: VerdictOutcome.APPROVE, decidedAt: "2026-11-24 10:15:31.250" },
  });
  assert.deepEqual(fromBinary(SettlementResultSchema, canonicalDialect.encodeResult(result, claim)), result);
  assert.deepEqual(canonicalDialect.decodeClaim(canonicalDialect.encodeClaim!(claim)).claim.totals, claim.totals);
  claim.claimId = "C1";
  const a = create(AdjudicationSchema, { claimId: "other", setlId: "S1", medfeeSumamt: 2000n, fundPaySumamt: 1400n });
  assert.equal(canonicalDialect.decodeAdjudication!(canonicalDialect.encodeAdjudication!(a, claim), claim).claimId, "C1", "bound to the claim it answers");
});
