import { formatScaledDecimal } from "@tongxing/domain";
import { FindingSeverity, type Finding } from "@tongxing/proto";
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

/**
 * L1: each fee line's split adds up to its total, the total is quantity × unit price, and the
 * claim's header total is the sum of its lines.
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
    "Per fee line: det_item_fee_sumamt = fulamt_ownpay_amt + overlmt_amt + preselfpay_amt + inscp_scp_amt, and det_item_fee_sumamt = cnt × pric computed exactly, tolerating rounding to the fen (|cnt × pric − det_item_fee_sumamt| ≤ 0.5 fen); refund lines are negative throughout. When the claim has fee lines, its medfee_sumamt equals the sum of their det_item_fee_sumamt.",
  check({ claim }) {
    const out: Finding[] = [];
    let linesSum = 0n;
    claim.feeLines.forEach((line, index) => {
      const name = `fee line ${index} (feedetl_sn ${line.feedetlSn || "(none)"})`;
      const total = line.detItemFeeSumamt;
      linesSum += total;

      const split = line.fulamtOwnpayAmt + line.overlmtAmt + line.preselfpayAmt + line.inscpScpAmt;
      if (split !== total) {
        out.push(finding(feeLinesL1, `${name}: det_item_fee_sumamt differs from fulamt_ownpay_amt + overlmt_amt + preselfpay_amt + inscp_scp_amt`, split, total));
      }

      const product = line.cntE4 * line.pricE6;
      const diff = product - total * PRODUCT_UNITS_PER_FEN;
      if (diff * 2n > PRODUCT_UNITS_PER_FEN || diff * 2n < -PRODUCT_UNITS_PER_FEN) {
        const exact = `${formatScaledDecimal(line.cntE4, 4)} × ${formatScaledDecimal(line.pricE6, 6)} = ${formatScaledDecimal(product, PRODUCT_SCALE)} yuan`;
        out.push(finding(feeLinesL1, `${name}: det_item_fee_sumamt differs from cnt × pric (${exact}) by more than half a fen`, nearestFen(product), total));
      }
    });

    const header = claim.totals?.medfeeSumamt ?? 0n;
    if (claim.feeLines.length > 0 && linesSum !== header) {
      out.push(finding(feeLinesL1, `medfee_sumamt of the claim differs from the sum of det_item_fee_sumamt over its ${claim.feeLines.length} fee lines`, linesSum, header));
    }
    return out;
  },
};
