import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { ClaimSchema, FeeLineSchema } from "@tongxing/proto";
import { judgeLine, judgeLines } from "./judge-lines.js";

const line = (sn: string, lv: string, total: bigint, refundOf = "") => create(FeeLineSchema, { feedetlSn: sn, initFeedetlSn: refundOf, chrgitmLv: lv, detItemFeeSumamt: total, cntE4: 10_000n, pricE6: total * 10_000n });

test("a judged line's split adds up to its total: class A within policy, B 10 % up front, self-pay wholly self-paid", () => {
  assert.deepEqual(
    [judgeLine(line("1", "01", 1234n)), judgeLine(line("2", "02", 1234n)), judgeLine(line("3", "03", 1234n))].map((r) => [r.fulamtOwnpayAmt, r.overlmtAmt, r.preselfpayAmt, r.inscpScpAmt, r.selfpayPropPermille]),
    [
      [0n, 0n, 0n, 1234n, 0],
      [0n, 0n, 123n, 1111n, 100],
      [1234n, 0n, 0n, 0n, 1000],
    ],
  );
  // A refund line is the exact negation of its original.
  const refund = judgeLine(line("4", "02", -1234n, "2"));
  assert.deepEqual([refund.preselfpayAmt, refund.inscpScpAmt], [-123n, -1111n]);
  // Without chrgitm_lv the catalogue's class is used (this code is class B there).
  const fromCatalogue = judgeLine(create(FeeLineSchema, { feedetlSn: "5", medListCodg: "XJ01DDA063B001010100678", detItemFeeSumamt: 3700n }));
  assert.equal(fromCatalogue.chrgitmLv, "02");
});

test("only lines sent without a split are answered; totals not sent are the sums over the lines", () => {
  const sent = line("1", "01", 1000n);
  sent.inscpScpAmt = 1000n;
  const claim = create(ClaimSchema, { feeLines: [sent, line("2", "03", 500n)], totals: { medfeeSumamt: 1500n } });
  const { results, totals } = judgeLines(claim);
  assert.deepEqual(results.map((r) => r.feedetlSn), ["2"]);
  assert.deepEqual(totals, { fulamtOwnpayAmt: 500n, overlmtSelfpay: 0n, preselfpayAmt: 0n, inscpScpAmt: 1000n });
  // Totals the claim sent are restated as sent.
  claim.totals!.inscpScpAmt = 999n;
  assert.equal(judgeLines(claim).totals.inscpScpAmt, 999n);
});
