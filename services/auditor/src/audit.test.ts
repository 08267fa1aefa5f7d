import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import fc from "fast-check";
import { AdjudicationSchema, ClaimSchema, FindingSeverity, VerdictOutcome, type Adjudication } from "@tongxing/proto";
import { auditAdjudication } from "./audit.js";
import { DEFAULT_RULES, RULESET_VERSION } from "./rules/catalogue.js";
import { finding, type AuditRule } from "./rules/rule.js";
import { sampleSettlement } from "./rules/sample-settlement.js";

/** The rules that judge correctness (the review thresholds only hold, and big random amounts trip them). */
const ERROR_RULES = DEFAULT_RULES.filter((r) => r.severity === FindingSeverity.ERROR);

const decidedAt = new Date("2026-11-24T02:00:00.123Z");

/** A rule of `severity` that always fires once. */
function firing(id: string, severity: FindingSeverity): AuditRule {
  const rule: AuditRule = { id, severity, description: `always fires (${id})`, check: () => [finding(rule, `${id} fired`, "1", "2")] };
  return rule;
}

function auditSample(rules?: readonly AuditRule[], fundIncludesAcct = false) {
  const { claim, adjudication } = sampleSettlement(fundIncludesAcct);
  return auditAdjudication({ claim, adjudication, policy: { fundIncludesAcct }, decidedAt, ...(rules === undefined ? {} : { rules }) });
}

test("a consistent adjudication is approved by the default rules under both conventions", () => {
  for (const flag of [false, true]) {
    const verdict = auditSample(undefined, flag);
    assert.deepEqual(verdict.findings, []);
    assert.equal(verdict.outcome, VerdictOutcome.APPROVE);
    assert.equal(verdict.claimId, "C0123456789abcdef01234567");
    assert.equal(verdict.rulesetVersion, RULESET_VERSION);
    assert.equal(verdict.decidedAt, "2026-11-24 02:00:00.123");
  }
});

test("decided_at is UTC with milliseconds, whatever the local zone", () => {
  const { claim, adjudication } = sampleSettlement(false);
  const verdict = auditAdjudication({ claim, adjudication, policy: { fundIncludesAcct: false }, decidedAt: new Date("2026-01-02T03:04:05+08:00") });
  assert.equal(verdict.decidedAt, "2026-01-01 19:04:05.000");
});

test("the convention matters: the other platform's fund total is rejected by I2, I4 and A1", () => {
  const { claim, adjudication } = sampleSettlement(true);
  const verdict = auditAdjudication({ claim, adjudication, policy: { fundIncludesAcct: false }, decidedAt });
  assert.equal(verdict.outcome, VerdictOutcome.REJECT);
  // Read without the account, 10000 + acct_pay 3000 also pays more than the 12050 billed.
  assert.deepEqual(verdict.findings.map((f) => f.ruleId), ["I2", "I4", "A1"]);
});

test("outcome: INFO only approves, WARNING holds, any ERROR rejects", () => {
  const info = firing("N1", FindingSeverity.INFO);
  const warning = firing("W1", FindingSeverity.WARNING);
  const error = firing("E1", FindingSeverity.ERROR);
  assert.equal(auditSample([]).outcome, VerdictOutcome.APPROVE);
  assert.equal(auditSample([info]).outcome, VerdictOutcome.APPROVE);
  assert.equal(auditSample([info, warning]).outcome, VerdictOutcome.HOLD);
  const rejected = auditSample([warning, error, info]);
  assert.equal(rejected.outcome, VerdictOutcome.REJECT);
  assert.deepEqual(rejected.findings.map((f) => [f.ruleId, f.severity]), [
    ["W1", FindingSeverity.WARNING],
    ["E1", FindingSeverity.ERROR],
    ["N1", FindingSeverity.INFO],
  ]);
});

test("a rule that throws becomes an ERROR finding of that rule; the other rules still run", () => {
  const broken: AuditRule = {
    id: "X1",
    severity: FindingSeverity.WARNING,
    description: "throws",
    check: () => {
      throw new Error("boom");
    },
  };
  const throwsText: AuditRule = {
    id: "X2",
    severity: FindingSeverity.INFO,
    description: "throws a non-error",
    check: () => {
      throw "bad state"; // a rule may throw anything, not only an Error
    },
  };
  const verdict = auditSample([broken, throwsText, firing("W1", FindingSeverity.WARNING)]);
  assert.equal(verdict.outcome, VerdictOutcome.REJECT);
  assert.deepEqual(
    verdict.findings.map((f) => [f.ruleId, f.severity, f.message]),
    [
      ["X1", FindingSeverity.ERROR, "rule failed: boom"],
      ["X2", FindingSeverity.ERROR, "rule failed: bad state"],
      ["W1", FindingSeverity.WARNING, "W1 fired"],
    ],
  );
});

/** Every amount an identity reads, by field of Adjudication. */
const IDENTITY_FIELDS = [
  "medfeeSumamt",
  "inscpScpAmt",
  "preselfpayAmt",
  "fulamtOwnpayAmt",
  "overlmtSelfpay",
  "hifpPay",
  "cvlservPay",
  "hifesPay",
  "hifmiPay",
  "hifobPay",
  "mafPay",
  "othPay",
  "fundPaySumamt",
  "hospPartAmt",
  "psnPartAmt",
  "acctPay",
  "psnCashPay",
] as const satisfies readonly (keyof Adjudication)[];

/** Fen amounts, zero often (most funds pay nothing on most claims). */
const fen = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 10n ** 9n }));

/**
 * The payers of a settlement, and medfee_sumamt (their sum) cut into the four I1 parts at three
 * points. Everything is built to satisfy I1–I4 and A1 by construction.
 */
const settlement = fc
  .record({
    funds: fc.tuple(fen, fen, fen, fen, fen, fen, fen),
    insutype: fc.constantFrom("310", "390"),
    acct: fen,
    cash: fen,
    hosp: fen,
  })
  .chain((payers) => {
    const acct = payers.insutype === "310" ? payers.acct : 0n;
    const medfee = payers.funds.reduce((s, x) => s + x, 0n) + acct + payers.cash + payers.hosp;
    const cut = fc.bigInt({ min: 0n, max: medfee });
    return fc.tuple(cut, cut, cut).map((cuts) => ({ ...payers, acct, medfee, cuts: [...cuts].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)) }));
  });

test("property: adjudications satisfying I1–I4 by construction are approved under both conventions; any single amount ±1 fen is rejected", () => {
  fc.assert(
    fc.property(settlement, fc.constantFrom(...IDENTITY_FIELDS), fc.constantFrom(-1n, 1n), (s, field, delta) => {
      const [c1 = 0n, c2 = 0n, c3 = 0n] = s.cuts;
      const [inscp, pre, own, over] = [c1, c2 - c1, c3 - c2, s.medfee - c3];
      const [hifp, cvlserv, hifes, hifmi, hifob, maf, oth] = s.funds;
      const funds = s.funds.reduce((sum, x) => sum + x, 0n);
      const totals = { medfeeSumamt: s.medfee, inscpScpAmt: inscp, preselfpayAmt: pre, fulamtOwnpayAmt: own, overlmtSelfpay: over };
      // One fee line of the whole bill: 1 × medfee yuan, split like the header (L1 holds too).
      const line = { feedetlSn: "FD1", cntE4: 10_000n, pricE6: s.medfee * 10_000n, detItemFeeSumamt: s.medfee, inscpScpAmt: inscp, preselfpayAmt: pre, fulamtOwnpayAmt: own, overlmtAmt: over };
      const claim = create(ClaimSchema, { claimId: "CPROP", person: { insutype: s.insutype }, totals, feeLines: [line] });
      for (const fundIncludesAcct of [false, true]) {
        const adjudication = create(AdjudicationSchema, {
          ...totals,
          hifpPay: hifp,
          cvlservPay: cvlserv,
          hifesPay: hifes,
          hifmiPay: hifmi,
          hifobPay: hifob,
          mafPay: maf,
          othPay: oth,
          fundPaySumamt: fundIncludesAcct ? funds + s.acct : funds,
          hospPartAmt: s.hosp,
          psnPartAmt: s.acct + s.cash,
          acctPay: s.acct,
          psnCashPay: s.cash,
        });
        const policy = { fundIncludesAcct };
        const approved = auditAdjudication({ claim, adjudication, policy, decidedAt, rules: ERROR_RULES });
        assert.deepEqual(approved.findings, [], `fundIncludesAcct=${fundIncludesAcct}`);
        assert.equal(approved.outcome, VerdictOutcome.APPROVE);

        adjudication[field] = adjudication[field]! + delta;
        const perturbed = auditAdjudication({ claim, adjudication, policy, decidedAt, rules: ERROR_RULES });
        assert.equal(perturbed.outcome, VerdictOutcome.REJECT, `${field} ${delta} fundIncludesAcct=${fundIncludesAcct}`);
      }
    }),
    { numRuns: 1000 },
  );
});
