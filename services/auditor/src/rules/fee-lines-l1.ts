import { finding, Severity, type AuditRule } from "./rule.js";
import type { Finding } from "@tongxing/proto";

/** cnt is × 10^4 and pric × 10^6, so cnt × pric is in 10^-10 yuan; one fen is 10^8 of those. */
const FEN_IN_PRODUCT = 100_000_000n;
const HALF_FEN = FEN_IN_PRODUCT / 2n;

/**
 * L1: each fee line's split adds up to its total, the total is quantity × unit price (to the
 * half fen, as the national samples round), and the claim's total is the sum of its lines.
 */
export const feeLinesL1: AuditRule = {
  id: "L1",
  severity: Severity.ERROR,
  description:
    "Per fee line: det_item_fee_sumamt = fulamt_ownpay_amt + overlmt_amt + preselfpay_amt + inscp_scp_amt, and det_item_fee_sumamt = cnt × pric to within half a fen; the claim's medfee_sumamt = the sum of its lines (when it has lines).",
  check({ claim }) {
    const out: Finding[] = [];
    let sum = 0n;
    claim.feeLines.forEach((line, i) => {
      const name = `fee line ${i} (feedetl_sn ${line.feedetlSn})`;
      sum += line.detItemFeeSumamt;
      const split = line.fulamtOwnpayAmt + line.overlmtAmt + line.preselfpayAmt + line.inscpScpAmt;
      if (split !== line.detItemFeeSumamt) {
        out.push(finding(this, `${name}: det_item_fee_sumamt differs from the sum of its split`, split, line.detItemFeeSumamt));
      }
      const product = line.cntE4 * line.pricE6;
      const diff = product - line.detItemFeeSumamt * FEN_IN_PRODUCT;
      if (diff > HALF_FEN || diff < -HALF_FEN) {
        out.push(finding(this, `${name}: det_item_fee_sumamt differs from cnt × pric (expected in 10^-10 yuan)`, product, line.detItemFeeSumamt * FEN_IN_PRODUCT));
      }
    });
    const total = claim.totals?.medfeeSumamt ?? 0n;
    if (claim.feeLines.length > 0 && sum !== total) {
      out.push(finding(this, "medfee_sumamt differs from the sum of the fee lines", sum, total));
    }
    return out;
  },
};
