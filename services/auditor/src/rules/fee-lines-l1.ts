import { formatScaledDecimal } from "@tongxing/domain";
import { FindingSeverity, type Finding } from "@tongxing/proto";
import { adjudicatedLines, claimLineSplit, SPLIT_PARTS, splitSum, type LineSplit } from "./line-split.js";
import { finding, type AuditRule } from "./rule.js";

/** cnt_e4 × pric_e6 counts 10^-10 yuan; one fen (10^-2 yuan) is 10^8 of those. */
const PRODUCT_UNITS_PER_FEN = 100_000_000n;
/** Decimals of cnt_e4 × pric_e6 as yuan. */
const PRODUCT_SCALE = 10;

/**
 * The exact line value cnt × pric, rounded to the nearest fen with ties away from zero (so a
 * refund line rounds as the exact negation of its original).
 */
function nearestFen(product: bigint): bigint {
  const quotient = product / PRODUCT_UNITS_PER_FEN; // truncates toward zero
  const remainder = product % PRODUCT_UNITS_PER_FEN; // same sign as product
  const twiceAbs = (remainder < 0n ? -remainder : remainder) * 2n;
  if (twiceAbs < PRODUCT_UNITS_PER_FEN) return quotient;
  return product < 0n ? quotient - 1n : quotient + 1n;
}

/** The message naming the split parts, as findings quote it. */
const SPLIT_NAMES = "fulamt_ownpay_amt + overlmt_amt + preselfpay_amt + inscp_scp_amt";

/**
 * L1: each fee line's split adds up to its total, the total is quantity × unit price, and the
 * claim's header total is the sum of its lines.
 *
 * The split is checked on whichever side supplied it: the claim's line when the treatment side
 * sent it, else the insured side's per-line result (Adjudication.fee_lines, matched by
 * feedetl_sn); when both did, they must agree part by part. A line with a non-zero total and no
 * split from either side is an error that says so: absent is not zero, so it is never read as 0.
 *
 * cnt × pric is computed exactly (cnt_e4 × pric_e6, in 10^-10 yuan) and compared with
 * det_item_fee_sumamt × 10^8. The national samples are exact, but a line total is a fen amount
 * and a product of a 4-decimal quantity and a 6-decimal price need not be, so the rule tolerates
 * the platform's rounding to the fen: |cnt × pric − det_item_fee_sumamt| ≤ 0.5 fen is accepted
 * (a tie either way), anything further is reported with the nearest fen as expected. Refund
 * lines (negative cnt and amounts) follow the same rules. A claim without lines (a bare
 * settle message) skips the header check.
 */
export const feeLinesL1: AuditRule = {
  id: "L1",
  severity: FindingSeverity.ERROR,
  description:
    "Per fee line: det_item_fee_sumamt = fulamt_ownpay_amt + overlmt_amt + preselfpay_amt + inscp_scp_amt, checked on the split of whichever side supplied it (the claim's line, else the insured side's per-line result with the same feedetl_sn; where both did they must agree part by part, and the insured side's restated det_item_fee_sumamt must equal the line's); a line with a non-zero total and no split from either side is rejected as such (absent is not zero); the adjudication may not return results for lines the claim does not have. det_item_fee_sumamt = cnt × pric computed exactly, tolerating rounding to the fen (|cnt × pric − det_item_fee_sumamt| ≤ 0.5 fen); refund lines are negative throughout. When the claim has fee lines, its medfee_sumamt equals the sum of their det_item_fee_sumamt.",
  check({ claim, adjudication }) {
    const out: Finding[] = [];
    const results = adjudicatedLines(adjudication);
    const claimed = new Set<string>();
    let linesSum = 0n;
    let linesStated = true;
    claim.feeLines.forEach((line, index) => {
      const name = `fee line ${index} (feedetl_sn ${line.feedetlSn || "(none)"})`;
      const total = line.detItemFeeSumamt;
      claimed.add(line.feedetlSn);
      if (total === undefined) {
        // Refused at intake (the line total is required); never summed as 0 here.
        linesStated = false;
        out.push(finding(feeLinesL1, `${name}: det_item_fee_sumamt is absent; a line's total is required`, "stated", undefined));
        return;
      }
      linesSum += total;

      const sent = claimLineSplit(line);
      const found = results.get(line.feedetlSn);
      const result = found === undefined ? undefined : claimLineSplit(found);
      if (sent !== undefined && splitSum(sent) !== total) {
        out.push(finding(feeLinesL1, `${name}: det_item_fee_sumamt differs from ${SPLIT_NAMES}`, splitSum(sent), total));
      }
      if (found !== undefined) {
        if (found.detItemFeeSumamt !== total) {
          out.push(finding(feeLinesL1, `${name}: the insured side's det_item_fee_sumamt for the line differs from the claim's`, total, found.detItemFeeSumamt));
        }
      }
      if (result !== undefined) {
        if (sent !== undefined) out.push(...splitDifferences(name, sent, result));
        else if (splitSum(result) !== total) {
          out.push(finding(feeLinesL1, `${name}: det_item_fee_sumamt differs from ${SPLIT_NAMES} of the insured side's per-line result`, splitSum(result), total));
        }
      } else if (sent === undefined && total !== 0n) {
        out.push(
          finding(feeLinesL1, `${name}: no catalogue split from either side: the claim sent none (${SPLIT_NAMES.replaceAll(" + ", ", ")} absent) and the adjudication returned no per-line result for it`, total, "absent"),
        );
      }

      const product = line.cntE4 * line.pricE6;
      const diff = product - total * PRODUCT_UNITS_PER_FEN;
      if (diff * 2n > PRODUCT_UNITS_PER_FEN || diff * 2n < -PRODUCT_UNITS_PER_FEN) {
        const exact = `${formatScaledDecimal(line.cntE4, 4)} × ${formatScaledDecimal(line.pricE6, 6)} = ${formatScaledDecimal(product, PRODUCT_SCALE)} yuan`;
        out.push(finding(feeLinesL1, `${name}: det_item_fee_sumamt differs from cnt × pric (${exact}) by more than half a fen`, nearestFen(product), total));
      }
    });

    for (const sn of results.keys()) {
      if (!claimed.has(sn)) out.push(finding(feeLinesL1, `the adjudication returned a per-line result for feedetl_sn ${sn || "(none)"}, which is not a line of the claim`, "absent", sn));
    }

    const header = claim.totals?.medfeeSumamt;
    if (claim.feeLines.length > 0 && linesStated && linesSum !== header) {
      out.push(finding(feeLinesL1, `medfee_sumamt of the claim differs from the sum of det_item_fee_sumamt over its ${claim.feeLines.length} fee lines`, linesSum, header));
    }
    return out;
  },
};

/** Where both sides sent a line's split: each part of the insured side's must equal the claim's. */
function splitDifferences(name: string, sent: LineSplit, result: LineSplit): Finding[] {
  const out: Finding[] = [];
  for (const [wire, field] of SPLIT_PARTS) {
    if (sent[field] !== result[field]) out.push(finding(feeLinesL1, `${name}: the insured side's ${wire} for the line differs from the claim's`, sent[field], result[field]));
  }
  return out;
}
