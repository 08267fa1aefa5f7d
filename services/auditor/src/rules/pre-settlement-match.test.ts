import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { AdjudicationSchema, ClaimSchema, FindingSeverity, type Adjudication } from "@tongxing/proto";
import { preSettlementMatch } from "./pre-settlement-match.js";

const settled = create(AdjudicationSchema, { medfeeSumamt: 1_000_000n, psnPartAmt: 300_000n, fundPaySumamt: 700_000n });
const run = (pre: Adjudication | undefined) =>
  preSettlementMatch.check({ claim: create(ClaimSchema), adjudication: settled, policy: { fundIncludesAcct: false }, facts: pre === undefined ? {} : { preSettlement: pre } });

test("S1 does not apply without a pre-settlement", () => {
  assert.deepEqual(run(undefined), []);
});

test("S1 tolerates max(10.00 yuan, 5 % of the pre-settled total) either way, exactly at the bound", () => {
  // 5 % of 10,000.00 yuan is 500.00 yuan = 50,000 fen.
  assert.deepEqual(run(create(AdjudicationSchema, { medfeeSumamt: 1_000_000n, psnPartAmt: 250_000n, fundPaySumamt: 750_000n })), []);
  // On a small bill the floor is 10.00 yuan.
  const small = create(AdjudicationSchema, { medfeeSumamt: 10_000n, psnPartAmt: 300_000n - 1_000n, fundPaySumamt: 700_000n + 1_000n });
  assert.deepEqual(run(small), []);
});

test("S1 holds a settlement one fen past the tolerance, naming each amount with the quoted value as expected", () => {
  const findings = run(create(AdjudicationSchema, { medfeeSumamt: 1_000_000n, psnPartAmt: 249_999n, fundPaySumamt: 700_000n }));
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.ruleId, "S1");
  assert.equal(findings[0]?.severity, FindingSeverity.WARNING);
  assert.match(findings[0]?.message ?? "", /^psn_part_amt differs .* by more than 50000 fen/);
  assert.equal(findings[0]?.expected, "249999");
  assert.equal(findings[0]?.actual, "300000");
});
