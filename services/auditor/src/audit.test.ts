import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import fc from "fast-check";
import { AdjudicationSchema, ClaimSchema, FindingSeverity, VerdictOutcome, type Adjudication, type Claim } from "@tongxing/proto";
import { auditAdjudication } from "./audit.js";
import { amountsSane } from "./rules/amounts-sane.js";
import { DEFAULT_RULES, RULESET_VERSION } from "./rules/catalogue.js";
import { feeLinesL1 } from "./rules/fee-lines-l1.js";
import { identityI1 } from "./rules/identity-i1.js";
import { identityI2 } from "./rules/identity-i2.js";
import { identityI3 } from "./rules/identity-i3.js";
import { identityI4 } from "./rules/identity-i4.js";
import type { AuditRule } from "./rules/rule.js";
import { totalsMatch } from "./rules/totals-match.js";

const decidedAt = new Date("2026-11-24T02:00:00.123Z");

/** A consistent claim and adjudication: 120.50 total, fund 70.00, account 30.00, cash 20.50. */
function sample(fundIncludesAcct = false): { claim: Claim; adjudication: Adjudication } {
  const claim = create(ClaimSchema, {
    claimId: "C0123456789abcdef01234567",
    person: { insutype: "310" },
    totals: { medfeeSumamt: 12050n, inscpScpAmt: 10500n, preselfpayAmt: 550n, fulamtOwnpayAmt: 1000n, overlmtSelfpay: 0n },
    feeLines: [
      { feedetlSn: "1", cntE4: 20_000n, pricE6: 50_000_000n, detItemFeeSumamt: 10000n, inscpScpAmt: 9450n, preselfpayAmt: 550n },
      { feedetlSn: "2", cntE4: 10_000n, pricE6: 20_500_000n, detItemFeeSumamt: 2050n, inscpScpAmt: 1050n, fulamtOwnpayAmt: 1000n },
    ],
  });
  const adjudication = create(AdjudicationSchema, {
    medfeeSumamt: 12050n, inscpScpAmt: 10500n, preselfpayAmt: 550n, fulamtOwnpayAmt: 1000n, overlmtSelfpay: 0n,
    hifpPay: 7000n, fundPaySumamt: fundIncludesAcct ? 10000n : 7000n, psnPartAmt: 5050n, acctPay: 3000n, psnCashPay: 2050n, hospPartAmt: 0n,
  });
  return { claim, adjudication };
}

function check(rule: AuditRule, mutate: (c: Claim, a: Adjudication) => void = () => {}, fundIncludesAcct = false) {
  const { claim, adjudication } = sample(fundIncludesAcct);
  mutate(claim, adjudication);
  return rule.check({ claim, adjudication, policy: { fundIncludesAcct } });
}

test("a consistent adjudication passes every rule under both conventions", () => {
  for (const flag of [false, true]) {
    const { claim, adjudication } = sample(flag);
    const verdict = auditAdjudication({ claim, adjudication, policy: { fundIncludesAcct: flag }, decidedAt });
    assert.deepEqual(verdict.findings, []);
    assert.equal(verdict.outcome, VerdictOutcome.APPROVE);
    assert.equal(verdict.rulesetVersion, RULESET_VERSION);
    assert.equal(verdict.decidedAt, "2026-11-24 02:00:00.123");
    assert.equal(verdict.claimId, claim.claimId);
  }
});

test("I1 reports expected and actual in fen", () => {
  const [f] = check(identityI1, (_, a) => (a.medfeeSumamt = 12051n));
  assert.equal(f?.ruleId, "I1");
  assert.equal(f?.expected, "12050");
  assert.equal(f?.actual, "12051");
});

test("I2 and I4 follow the platform's fund-includes-account convention", () => {
  assert.deepEqual(check(identityI2, undefined, true), []);
  assert.deepEqual(check(identityI4, undefined, true), []);
  // The same numbers under the other convention break both.
  assert.equal(check(identityI2, (_, a) => (a.fundPaySumamt = 10000n), false).length, 1);
  const [i4] = check(identityI4, (_, a) => (a.fundPaySumamt = 10000n), false);
  assert.equal(i4?.expected, "7000");
  assert.equal(i4?.actual, "10000");
});

test("I3: patient share = account + cash", () => {
  const [f] = check(identityI3, (_, a) => (a.psnCashPay = 2049n));
  assert.equal(f?.expected, "5049");
  assert.equal(f?.actual, "5050");
});

test("L1: split, cnt × pric (to half a fen) and the header total", () => {
  assert.deepEqual(check(feeLinesL1), []);
  const split = check(feeLinesL1, (c) => (c.feeLines[0]!.inscpScpAmt = 9451n));
  assert.equal(split.length, 1);
  assert.match(split[0]?.message ?? "", /feedetl_sn 1.*split/);
  const rounding = check(feeLinesL1, (c) => {
    c.feeLines[1]!.pricE6 = 20_504_999n; // 20.504999 × 1 = 20.504999 → 20.50 within half a fen
  });
  assert.deepEqual(rounding, []);
  const off = check(feeLinesL1, (c) => (c.feeLines[1]!.pricE6 = 20_510_000n));
  assert.equal(off[0]?.ruleId, "L1");
  assert.match(off[0]?.message ?? "", /feedetl_sn 2.*cnt × pric/);
  const header = check(feeLinesL1, (c) => (c.totals!.medfeeSumamt = 12000n));
  assert.equal(header[0]?.expected, "12050");
});

test("L1 accepts refund lines with negative quantity and amounts", () => {
  const refund = check(feeLinesL1, (c) => {
    c.feeLines.push({ ...c.feeLines[1]!, feedetlSn: "3", initFeedetlSn: "2", cntE4: -10_000n, detItemFeeSumamt: -2050n, inscpScpAmt: -1050n, fulamtOwnpayAmt: -1000n });
    c.totals!.medfeeSumamt = 10000n;
  });
  assert.deepEqual(refund, []);
});

test("C1: the adjudication restates the submitted totals", () => {
  const [f] = check(totalsMatch, (_, a) => (a.preselfpayAmt = 0n));
  assert.match(f?.message ?? "", /preselfpay_amt/);
});

test("A1: no negatives, no account for residents, no overpayment", () => {
  assert.match(check(amountsSane, (_, a) => (a.hifpPay = -1n))[0]?.message ?? "", /hifp_pay is negative/);
  assert.match(check(amountsSane, (c) => (c.person!.insutype = "390"))[0]?.message ?? "", /insutype 390/);
  assert.match(check(amountsSane, (_, a) => (a.fundPaySumamt = 12000n))[0]?.message ?? "", /more than medfee_sumamt/);
});

test("a rule that throws is an ERROR finding, never a crash; warnings hold", () => {
  const { claim, adjudication } = sample();
  const broken: AuditRule = { id: "X1", severity: FindingSeverity.WARNING, description: "", check: () => { throw new Error("boom"); } };
  const v = auditAdjudication({ claim, adjudication, policy: { fundIncludesAcct: false }, decidedAt, rules: [broken] });
  assert.equal(v.outcome, VerdictOutcome.REJECT);
  assert.match(v.findings[0]?.message ?? "", /rule failed: boom/);
  const warn: AuditRule = { id: "W1", severity: FindingSeverity.WARNING, description: "", check: () => [{ ...v.findings[0]!, ruleId: "W1", severity: FindingSeverity.WARNING }] };
  assert.equal(auditAdjudication({ claim, adjudication, policy: { fundIncludesAcct: false }, decidedAt, rules: [warn] }).outcome, VerdictOutcome.HOLD);
});

test("property: adjudications built to satisfy I1–I4 are approved; any single fen off is rejected", () => {
  const fen = fc.bigInt({ min: 0n, max: 10n ** 9n });
  fc.assert(
    fc.property(fc.boolean(), fc.array(fen, { minLength: 10, maxLength: 10 }), fc.integer({ min: 0, max: 9 }), fc.constantFrom(-1n, 1n), (flag, v, which, delta) => {
      const [inscp, pre, own, over, hifp, cvl, maf, acct, cash, hosp] = v as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
      const medfee = inscp + pre + own + over;
      const funds = hifp + cvl + maf;
      const psnPart = acct + cash;
      // Choose the hospital's part so that I2 holds; skip draws where the parts exceed the total.
      const hospPart = medfee - funds - psnPart;
      fc.pre(hospPart >= 0n);
      const claim = create(ClaimSchema, { person: { insutype: "310" }, totals: { medfeeSumamt: medfee, inscpScpAmt: inscp, preselfpayAmt: pre, fulamtOwnpayAmt: own, overlmtSelfpay: over } });
      const a = create(AdjudicationSchema, {
        medfeeSumamt: medfee, inscpScpAmt: inscp, preselfpayAmt: pre, fulamtOwnpayAmt: own, overlmtSelfpay: over,
        hifpPay: hifp, cvlservPay: cvl, mafPay: maf, fundPaySumamt: funds + (flag ? acct : 0n), acctPay: acct, psnCashPay: cash, psnPartAmt: psnPart, hospPartAmt: hospPart,
      });
      const policy = { fundIncludesAcct: flag };
      assert.equal(auditAdjudication({ claim, adjudication: a, policy, decidedAt }).outcome, VerdictOutcome.APPROVE);
      const fields = ["medfeeSumamt", "inscpScpAmt", "preselfpayAmt", "fulamtOwnpayAmt", "overlmtSelfpay", "hifpPay", "fundPaySumamt", "psnPartAmt", "psnCashPay", "hospPartAmt"] as const;
      const field = fields[which]!;
      a[field] += delta;
      assert.equal(auditAdjudication({ claim, adjudication: a, policy, decidedAt }).outcome, VerdictOutcome.REJECT, `${field} ${delta}`);
    }),
    { numRuns: 500 },
  );
});

test("the catalogue lists every rule once", () => {
  const ids = DEFAULT_RULES.map((r) => r.id);
  assert.deepEqual(ids, ["I1", "I2", "I3", "I4", "L1", "C1", "A1"]);
  assert.ok(DEFAULT_RULES.every((r) => r.description.length > 20));
});
