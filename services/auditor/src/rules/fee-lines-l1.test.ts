import assert from "node:assert/strict";
import { test } from "node:test";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { AdjudicatedFeeLineSchema, FeeLineSchema, type Adjudication, type Claim } from "@tongxing/proto";
import { feeLinesL1 } from "./fee-lines-l1.js";
import { checkSample, summarize } from "./sample-settlement.js";

/** Replaces the sample's lines by one line and keeps the header total equal to it. */
function oneLine(c: Claim, line: MessageInitShape<typeof FeeLineSchema>): void {
  const l = create(FeeLineSchema, { feedetlSn: "FD009", ...line });
  l.inscpScpAmt = l.detItemFeeSumamt; // a consistent split, so only cnt × pric is under test
  c.feeLines = [l];
  c.totals!.medfeeSumamt = l.detItemFeeSumamt;
}

test("L1 passes lines whose total is exactly cnt × pric and splits exactly, under both conventions", () => {
  assert.deepEqual(checkSample(feeLinesL1, false), []);
  assert.deepEqual(checkSample(feeLinesL1, true), []);
});

test("L1 accepts rounding of cnt × pric to the fen, up to and including half a fen", () => {
  // 1.5 × 3.33 = 4.995 yuan = 499.5 fen: a tie, either neighbour is accepted.
  for (const fen of [499n, 500n]) {
    assert.deepEqual(checkSample(feeLinesL1, false, (c) => oneLine(c, { cntE4: 15_000n, pricE6: 3_330_000n, detItemFeeSumamt: fen })), [], String(fen));
  }
  // 1 × 20.504999 = 2050.4999 fen → 2050.
  assert.deepEqual(checkSample(feeLinesL1, false, (c) => oneLine(c, { cntE4: 10_000n, pricE6: 20_504_999n, detItemFeeSumamt: 2050n })), []);
});

test("L1 rejects a line total 1 fen off an exact cnt × pric", () => {
  const findings = checkSample(feeLinesL1, false, (c) => {
    const line = c.feeLines[0]!;
    line.detItemFeeSumamt = 10001n;
    line.inscpScpAmt = 9451n;
    c.totals!.medfeeSumamt = 12051n;
  });
  assert.deepEqual(summarize(findings), [
    {
      ruleId: "L1",
      message: "fee line 0 (feedetl_sn FD001): det_item_fee_sumamt differs from cnt × pric (2.0000 × 50.000000 = 100.0000000000 yuan) by more than half a fen",
      expected: "10000",
      actual: "10001",
    },
  ]);
});

test("L1 rejects a line total just beyond half a fen, expecting the nearest fen", () => {
  // 1 × 20.505001 = 2050.5001 fen: 2050 is 0.5001 fen off; the nearest fen is 2051.
  const findings = checkSample(feeLinesL1, false, (c) => oneLine(c, { cntE4: 10_000n, pricE6: 20_505_001n, detItemFeeSumamt: 2050n }));
  assert.deepEqual(summarize(findings).map((f) => [f.expected, f.actual]), [["2051", "2050"]]);
  // 499.5 fen off by 1.5: the tie rounds away from zero.
  const tie = checkSample(feeLinesL1, false, (c) => oneLine(c, { cntE4: 15_000n, pricE6: 3_330_000n, detItemFeeSumamt: 498n }));
  assert.deepEqual(summarize(tie).map((f) => [f.expected, f.actual]), [["500", "498"]]);
});

test("L1 accepts refund lines with negative cnt and amounts", () => {
  const findings = checkSample(feeLinesL1, false, (c) => {
    c.feeLines.push(
      create(FeeLineSchema, { feedetlSn: "FD003", initFeedetlSn: "FD002", cntE4: -10_000n, pricE6: 20_500_000n, detItemFeeSumamt: -2050n, inscpScpAmt: -1050n, fulamtOwnpayAmt: -1000n }),
    );
    c.totals!.medfeeSumamt = 10000n;
  });
  assert.deepEqual(findings, []);
  // A claim of refund lines only: every amount negative, header included.
  for (const fen of [-499n, -500n]) {
    assert.deepEqual(checkSample(feeLinesL1, false, (c) => oneLine(c, { cntE4: -15_000n, pricE6: 3_330_000n, detItemFeeSumamt: fen })), [], String(fen));
  }
});

test("L1 rejects a refund line beyond half a fen, rounding the tie away from zero", () => {
  const findings = checkSample(feeLinesL1, false, (c) => oneLine(c, { cntE4: -15_000n, pricE6: 3_330_000n, detItemFeeSumamt: -498n }));
  assert.deepEqual(summarize(findings), [
    {
      ruleId: "L1",
      message: "fee line 0 (feedetl_sn FD009): det_item_fee_sumamt differs from cnt × pric (-1.5000 × 3.330000 = -4.9950000000 yuan) by more than half a fen",
      expected: "-500",
      actual: "-498",
    },
  ]);
});

test("L1 rejects a line whose split does not add up to its total", () => {
  const findings = checkSample(feeLinesL1, false, (c) => (c.feeLines[1]!.fulamtOwnpayAmt = 999n));
  assert.deepEqual(summarize(findings), [
    {
      ruleId: "L1",
      message: "fee line 1 (feedetl_sn FD002): det_item_fee_sumamt differs from fulamt_ownpay_amt + overlmt_amt + preselfpay_amt + inscp_scp_amt",
      expected: "2049",
      actual: "2050",
    },
  ]);
  const unnamed = checkSample(feeLinesL1, false, (c) => {
    c.feeLines[1]!.feedetlSn = "";
    c.feeLines[1]!.overlmtAmt = 1n;
  });
  assert.match(unnamed[0]?.message ?? "", /^fee line 1 \(feedetl_sn \(none\)\): /);
});

test("L1 rejects a header total that is not the sum of the lines", () => {
  const findings = checkSample(feeLinesL1, false, (c) => (c.totals!.medfeeSumamt = 12000n));
  assert.deepEqual(summarize(findings), [
    { ruleId: "L1", message: "medfee_sumamt of the claim differs from the sum of det_item_fee_sumamt over its 2 fee lines", expected: "12050", actual: "12000" },
  ]);
});

test("L1 skips the header check for a claim without lines", () => {
  assert.deepEqual(checkSample(feeLinesL1, false, (c) => (c.feeLines = [])), []);
});

/** The sample's lines as a hospital's fee upload sends them: totals only, no split (absent, not 0). */
function withoutSplits(c: Claim): void {
  for (const line of c.feeLines) {
    line.fulamtOwnpayAmt = undefined;
    line.overlmtAmt = undefined;
    line.preselfpayAmt = undefined;
    line.inscpScpAmt = undefined;
  }
}

/** The insured side's per-line results for the sample's two lines (the split the sample's lines carry). */
function perLineResults(a: Adjudication): void {
  a.feeLines = [
    create(AdjudicatedFeeLineSchema, { feedetlSn: "FD001", detItemFeeSumamt: 10000n, fulamtOwnpayAmt: 0n, overlmtAmt: 0n, preselfpayAmt: 550n, inscpScpAmt: 9450n, chrgitmLv: "02", selfpayPropPermille: 55 }),
    create(AdjudicatedFeeLineSchema, { feedetlSn: "FD002", detItemFeeSumamt: 2050n, fulamtOwnpayAmt: 1000n, overlmtAmt: 0n, preselfpayAmt: 0n, inscpScpAmt: 1050n, chrgitmLv: "01" }),
  ];
}

test("L1 checks the insured side's per-line split where the claim sent none, and passes a consistent one", () => {
  assert.deepEqual(
    checkSample(feeLinesL1, false, (c, a) => {
      withoutSplits(c);
      perLineResults(a);
    }),
    [],
  );
  // Both sides sent the same split: also fine.
  assert.deepEqual(checkSample(feeLinesL1, false, (_c, a) => perLineResults(a)), []);
});

test("L1 rejects a line without a split from either side, saying so, and never reads the absent split as 0", () => {
  const findings = checkSample(feeLinesL1, false, (c, a) => {
    withoutSplits(c);
    perLineResults(a);
    a.feeLines = a.feeLines.filter((l) => l.feedetlSn !== "FD002");
  });
  assert.deepEqual(summarize(findings), [
    {
      ruleId: "L1",
      message:
        "fee line 1 (feedetl_sn FD002): no catalogue split from either side: the claim sent none (fulamt_ownpay_amt, overlmt_amt, preselfpay_amt, inscp_scp_amt absent) and the adjudication returned no per-line result for it",
      expected: "2050",
      actual: "absent",
    },
  ]);
  // A zero-value line needs no split.
  assert.deepEqual(
    checkSample(feeLinesL1, false, (c) => {
      withoutSplits(c);
      c.feeLines = [create(FeeLineSchema, { feedetlSn: "FD000", cntE4: 10_000n, pricE6: 0n, detItemFeeSumamt: 0n })];
      c.totals!.medfeeSumamt = 0n;
    }),
    [],
  );
});

test("L1 rejects an insured-side split that does not add up, differs from the claim's, or names an unknown line", () => {
  const bad = checkSample(feeLinesL1, false, (c, a) => {
    withoutSplits(c);
    perLineResults(a);
    a.feeLines[0]!.inscpScpAmt = 9449n;
  });
  assert.deepEqual(summarize(bad).map((f) => [f.message, f.expected, f.actual]), [
    ["fee line 0 (feedetl_sn FD001): det_item_fee_sumamt differs from fulamt_ownpay_amt + overlmt_amt + preselfpay_amt + inscp_scp_amt of the insured side's per-line result", "9999", "10000"],
  ]);
  const differs = checkSample(feeLinesL1, false, (_c, a) => {
    perLineResults(a);
    a.feeLines[1]!.fulamtOwnpayAmt = 900n;
    a.feeLines[1]!.inscpScpAmt = 1150n;
  });
  assert.deepEqual(summarize(differs).map((f) => [f.message, f.expected, f.actual]), [
    ["fee line 1 (feedetl_sn FD002): the insured side's fulamt_ownpay_amt for the line differs from the claim's", "1000", "900"],
    ["fee line 1 (feedetl_sn FD002): the insured side's inscp_scp_amt for the line differs from the claim's", "1050", "1150"],
  ]);
  const stranger = checkSample(feeLinesL1, false, (_c, a) => {
    perLineResults(a);
    a.feeLines.push(create(AdjudicatedFeeLineSchema, { feedetlSn: "FD777", detItemFeeSumamt: 1n, inscpScpAmt: 1n }));
  });
  assert.deepEqual(summarize(stranger).map((f) => f.message), ["the adjudication returned a per-line result for feedetl_sn FD777, which is not a line of the claim"]);
  const restated = checkSample(feeLinesL1, false, (c, a) => {
    withoutSplits(c);
    perLineResults(a);
    a.feeLines[1]!.detItemFeeSumamt = 2000n;
    a.feeLines[1]!.inscpScpAmt = 1000n;
  });
  // The restated total differs, and the split (which adds up to the restated total) misses the claim's.
  assert.deepEqual(summarize(restated).map((f) => [f.message, f.expected, f.actual]), [
    ["fee line 1 (feedetl_sn FD002): the insured side's det_item_fee_sumamt for the line differs from the claim's", "2050", "2000"],
    ["fee line 1 (feedetl_sn FD002): det_item_fee_sumamt differs from fulamt_ownpay_amt + overlmt_amt + preselfpay_amt + inscp_scp_amt of the insured side's per-line result", "2000", "2050"],
  ]);
});
