import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { DEFAULT_INSURED_POLICIES, type InsuredPolicyVersion } from "@tongxing/policy";
import { AdjudicationSchema, ClaimKind, ClaimSchema, FilingSchema, FilingType, FindingSeverity } from "@tongxing/proto";
import { policyRecompute, recompute } from "./policy-recompute.js";

const policy: InsuredPolicyVersion = {
  version: "2026-01",
  effectiveFrom: "2026-01-01T00:00:00+08:00",
  deductibleFen: { outpatient: 10_000n, inpatient: 80_000n, pharmacy: 0n },
  poolRatioPermille: { outpatient: 600, inpatient: 850, pharmacy: 500 },
  hifpCapFen: { outpatient: 30_000n, inpatient: 30_000_000n, pharmacy: 15_000n },
  cvlservPermille: 100,
};

function check(insutype: string, inscp: bigint, a: { dedc: bigint; hifp: bigint; cvl?: bigint }, withPolicy = true) {
  const claim = create(ClaimSchema, { kind: ClaimKind.OUTPATIENT, person: { insutype }, totals: { inscpScpAmt: inscp } });
  const adjudication = create(AdjudicationSchema, { actPayDedc: a.dedc, hifpPay: a.hifp, cvlservPay: a.cvl ?? 0n });
  return policyRecompute.check({ claim, adjudication, policy: { fundIncludesAcct: false, ...(withPolicy ? { insured: policy } : {}) } });
}

test("P1 agrees with an adjudication computed by the policy: deductible, ratio, cap, subsidy", () => {
  // 300.00 eligible: deductible 100.00, 60 % of 200.00 = 120.00
  assert.deepEqual(check("310", 30_000n, { dedc: 10_000n, hifp: 12_000n }), []);
  // the cap: 60 % of 900.00 = 540.00, capped at 300.00
  assert.deepEqual(check("310", 100_000n, { dedc: 10_000n, hifp: 30_000n }), []);
  // below the deductible: nothing from the fund
  assert.deepEqual(check("390", 5_000n, { dedc: 5_000n, hifp: 0n }), []);
  // civil servants: 10 % of what the fund leaves (200.00 − 120.00 = 80.00 → 8.00)
  assert.deepEqual(check("320", 30_000n, { dedc: 10_000n, hifp: 12_000n, cvl: 800n }), []);
});

test("P1 holds a differing adjudication with expected and actual, and says nothing without a policy", () => {
  const [f] = check("310", 30_000n, { dedc: 10_000n, hifp: 12_500n });
  assert.equal(f?.ruleId, "P1");
  assert.equal(f?.severity, FindingSeverity.WARNING);
  assert.equal(f?.expected, "12000");
  assert.equal(f?.actual, "12500");
  assert.match(f?.message ?? "", /hifp_pay .* policy 2026-01/);
  assert.deepEqual(check("310", 30_000n, { dedc: 0n, hifp: 0n }, false), []);
});

// Weihai (371000): Shandong's figures (inpatient deductible 800.00, base 870 ‰, outpatient
// deductible 60.00, 620 ‰, cap 250.00, pharmacy 550 ‰, subsidy 120 ‰), its own policy on top:
// first self-pay referral / emergency / temporary 10 %, unfiled 30 % then tier-3 ratios;
// inpatient 900 / 870 / 800 ‰ by level 1 / 2 / 3; med_type 14 at 750 ‰.
const weihai = DEFAULT_INSURED_POLICIES.get("371000")!.versions[0]!;
const at = Date.parse("2026-03-10T10:00:00+08:00");
const filingOf = (filingType: FilingType) => create(FilingSchema, { filingNo: "WH1", psnNo: "P", insuplcAdmdvs: "371000", mdtrtareaAdmvs: "320000", filingType, begndate: "2026-01-01", enddate: "" });

function weihaiCheck(o: { kind?: ClaimKind; medType?: string; inscp: bigint; insutype?: string; treated?: string; filings?: FilingType[]; level?: string; a: { dedc: bigint; hifp: bigint; cvl?: bigint } }) {
  const claim = create(ClaimSchema, {
    kind: o.kind ?? ClaimKind.INPATIENT,
    mdtrtareaAdmvs: o.treated ?? "320102",
    insuplcAdmdvs: "371000",
    person: { psnNo: "P", insutype: o.insutype ?? "310" },
    encounter: { medType: o.medType ?? "21" },
    totals: { inscpScpAmt: o.inscp },
  });
  const adjudication = create(AdjudicationSchema, { actPayDedc: o.a.dedc, hifpPay: o.a.hifp, cvlservPay: o.a.cvl ?? 0n });
  const ctx = {
    claim,
    adjudication,
    policy: { fundIncludesAcct: false, insured: weihai },
    facts: { encounterAtMs: at, filings: (o.filings ?? []).map(filingOf), ...(o.level === undefined ? {} : { institutionLevel: o.level }) },
  };
  return { findings: policyRecompute.check(ctx), expected: recompute(ctx)! };
}

test("P1 Weihai unfiled: 30 % first self-pay off the eligible amount, then the tier-3 ratio", () => {
  // 10,000.00 eligible: first self-pay 3,000.00; base 7,000.00 − deductible 800.00 = 6,200.00 × 800 ‰ = 4,960.00
  const r = weihaiCheck({ inscp: 1_000_000n, a: { dedc: 80_000n, hifp: 496_000n } });
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.expected, { category: "unfiled", firstSelfPayPermille: 300, firstSelfPay: 300_000n, ratioPermille: 800, dedc: 80_000n, hifp: 496_000n, cvlserv: 0n });
  // level 1 institution, still unfiled: tier-3 rules all the same
  assert.deepEqual(weihaiCheck({ inscp: 1_000_000n, level: "1", a: { dedc: 80_000n, hifp: 496_000n } }).findings, []);
  // civil servant: (6,200.00 − 4,960.00) × 120 ‰ = 148.80
  assert.deepEqual(weihaiCheck({ inscp: 1_000_000n, insutype: "320", a: { dedc: 80_000n, hifp: 496_000n, cvl: 14_880n } }).findings, []);
});

test("P1 holds an adjudication that ignores the first self-pay, with exact message, expected and actual", () => {
  // ignoring it: (10,000.00 − 800.00) × 870 ‰ = 8,004.00
  const { findings } = weihaiCheck({ inscp: 1_000_000n, a: { dedc: 80_000n, hifp: 800_400n } });
  assert.equal(findings.length, 1);
  const [f] = findings;
  assert.equal(f?.ruleId, "P1");
  assert.equal(f?.severity, FindingSeverity.WARNING);
  assert.equal(f?.message, "hifp_pay differs from the recomputation under policy 2025-01 of the insured region (ratio 800 ‰, unfiled care: first self-pay 300 ‰ = 300000 fen)");
  assert.equal(f?.expected, "496000");
  assert.equal(f?.actual, "800400");
});

test("P1 Weihai by category: referral, emergency and temporary 10 %, long-term residents and local care none", () => {
  // referral at a level-1 hospital: base 9,000.00 − 800.00 = 8,200.00 × 900 ‰ = 7,380.00
  assert.deepEqual(weihaiCheck({ inscp: 1_000_000n, filings: [FilingType.REFERRAL], level: "1", a: { dedc: 80_000n, hifp: 738_000n } }).findings, []);
  // emergency → inpatient (24), no filing, level 2: 8,200.00 × 870 ‰ = 7,134.00
  assert.equal(weihaiCheck({ inscp: 1_000_000n, medType: "24", level: "2", a: { dedc: 80_000n, hifp: 713_400n } }).expected.category, "emergency");
  assert.deepEqual(weihaiCheck({ inscp: 1_000_000n, medType: "24", level: "2", a: { dedc: 80_000n, hifp: 713_400n } }).findings, []);
  // other temporary filing, level unknown: 8,200.00 × 870 ‰ = 7,134.00
  assert.deepEqual(weihaiCheck({ inscp: 1_000_000n, filings: [FilingType.TEMPORARY], a: { dedc: 80_000n, hifp: 713_400n } }).findings, []);
  // long-term resident: no first self-pay, 9,200.00 × 870 ‰ = 8,004.00
  assert.deepEqual(weihaiCheck({ inscp: 1_000_000n, filings: [FilingType.LONG_TERM_RESIDENT], a: { dedc: 80_000n, hifp: 800_400n } }).findings, []);
  // care inside the pool (county 371002): no traveller category at all
  const local = weihaiCheck({ inscp: 1_000_000n, treated: "371002", level: "3", a: { dedc: 80_000n, hifp: 736_000n } });
  assert.equal(local.expected.category, undefined);
  assert.deepEqual(local.findings, [], "9,200.00 × 800 ‰ at a tier-3 hospital = 7,360.00");
});

test("P1 Weihai by kind and med_type, rounding down to the fen", () => {
  // chronic outpatient (14), unfiled: 500.00 − 150.00 = 350.00 − 60.00 = 290.00 × 750 ‰ = 217.50
  assert.deepEqual(weihaiCheck({ kind: ClaimKind.OUTPATIENT, medType: "14", inscp: 50_000n, a: { dedc: 6_000n, hifp: 21_750n } }).findings, []);
  // pharmacy is not among the kinds: no first self-pay, 100.00 × 550 ‰ = 55.00
  assert.deepEqual(weihaiCheck({ kind: ClaimKind.PHARMACY, medType: "41", inscp: 10_000n, a: { dedc: 0n, hifp: 5_500n } }).findings, []);
  // 333.33 × 300 ‰ = 99.999 → 99.99; 233.34 − 60.00 = 173.34 × 620 ‰ = 107.4708 → 107.47
  const r = weihaiCheck({ kind: ClaimKind.OUTPATIENT, medType: "11", inscp: 33_333n, a: { dedc: 6_000n, hifp: 10_747n } });
  assert.equal(r.expected.firstSelfPay, 9_999n);
  assert.deepEqual(r.findings, []);
  // the deductible is taken after the first self-pay: 60.00 eligible − 18.00 leaves 42.00 < 60.00
  assert.deepEqual(weihaiCheck({ kind: ClaimKind.OUTPATIENT, medType: "11", inscp: 6_000n, a: { dedc: 4_200n, hifp: 0n } }).findings, []);
  const [f] = weihaiCheck({ kind: ClaimKind.OUTPATIENT, medType: "11", inscp: 6_000n, a: { dedc: 6_000n, hifp: 0n } }).findings;
  assert.equal(f?.message, "act_pay_dedc differs from the recomputation under policy 2025-01 of the insured region (ratio 620 ‰, unfiled care: first self-pay 300 ‰ = 1800 fen)");
  assert.equal(f?.expected, "4200");
  assert.equal(f?.actual, "6000");
});
