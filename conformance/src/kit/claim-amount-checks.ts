import type { Claim } from "@tongxing/proto";
import type { CaseFailure } from "./case-outcome.js";

// cnt_e4 × pric_e6 is yuan × 10^10; one fen is yuan × 10^2, so fen × 10^8 compares exactly.
const FEN_IN_CNT_PRIC = 100_000_000n;
const abs = (v: bigint): bigint => (v < 0n ? -v : v);

/**
 * SUB-02 on a decoded claim: I1 on the header when its split is sent, L1 on every line that
 * carries its split, cnt × pric against each line's total (within half a fen), and the header
 * total against the sum of the lines when lines are sent. A split counts as sent when any of
 * its parts is present (the split fields have presence: absent is not zero), and a claim that
 * sends none of them has no split to check (absent is not zero).
 */
export function checkClaimAmounts(claim: Claim): CaseFailure[] {
  const out: CaseFailure[] = [];
  const fail = (why: string) => out.push({ requirement: "SUB-02", why });
  const t = claim.totals;
  if (t !== undefined) {
    const parts = [t.inscpScpAmt, t.preselfpayAmt, t.fulamtOwnpayAmt, t.overlmtSelfpay];
    const split = parts.reduce<bigint>((a, p) => a + (p ?? 0n), 0n);
    const sent = parts.some((p) => p !== undefined);
    if (sent && split !== t.medfeeSumamt) {
      fail(`totals.medfee_sumamt: ${t.medfeeSumamt} fen ≠ inscp_scp_amt + preselfpay_amt + fulamt_ownpay_amt + overlmt_selfpay = ${split} fen (I1)`);
    }
  }
  claim.feeLines.forEach((l, i) => {
    const path = `fee_lines[${i}]`;
    const parts = [l.fulamtOwnpayAmt, l.overlmtAmt, l.preselfpayAmt, l.inscpScpAmt];
    const split = parts.reduce<bigint>((a, p) => a + (p ?? 0n), 0n);
    const sent = parts.some((p) => p !== undefined);
    if (l.detItemFeeSumamt === undefined) {
      fail(`${path}.det_item_fee_sumamt: absent; a line's total is required`);
      return;
    }
    if (sent && split !== l.detItemFeeSumamt) fail(`${path}.det_item_fee_sumamt: ${l.detItemFeeSumamt} fen ≠ its split ${split} fen (L1)`);
    if (l.cntE4 !== 0n && l.pricE6 !== 0n && abs(l.cntE4 * l.pricE6 - l.detItemFeeSumamt * FEN_IN_CNT_PRIC) * 2n > FEN_IN_CNT_PRIC) {
      fail(`${path}.det_item_fee_sumamt: ${l.detItemFeeSumamt} fen ≠ cnt × pric (L1)`);
    }
  });
  if (t !== undefined && claim.feeLines.length > 0) {
    const sum = claim.feeLines.reduce((s, l) => s + (l.detItemFeeSumamt ?? 0n), 0n);
    if (sum !== t.medfeeSumamt) fail(`totals.medfee_sumamt: ${t.medfeeSumamt} fen ≠ the sum of the lines' det_item_fee_sumamt, ${sum} fen`);
  }
  return out;
}
