/**
 * A simulated insured platform's answer to a fee upload (2204 / 2301 output): the catalogue split
 * of each fee line the treatment side sent without one, with chrgitm_lv and selfpay_prop.
 */
import { create } from "@bufbuild/protobuf";
import { AdjudicatedFeeLineSchema, type AdjudicatedFeeLine, type Claim, type FeeLine } from "@tongxing/proto";
import { FEE_CATALOGUE } from "../claims/fee-catalogue.js";

/** Up-front self-pay share of a class-B (乙类) item, per-mille: 先行自付 10 %. */
export const CLASS_B_SELFPAY_PERMILLE = 100;

const LEVEL_BY_CODE: ReadonlyMap<string, string> = new Map(FEE_CATALOGUE.map((i) => [i.medListCodg, i.chrgitmLv]));

/** Whether the treatment side sent the line's split (any of its four parts). */
export function hasSplit(line: FeeLine): boolean {
  return line.fulamtOwnpayAmt !== undefined || line.overlmtAmt !== undefined || line.preselfpayAmt !== undefined || line.inscpScpAmt !== undefined;
}

/**
 * The split of one line as the platform judges it, in integer fen: the class from the line's
 * chrgitm_lv, else the catalogue's, else class A; self-pay items (03) are wholly self-paid, class B
 * (02) pays ⌊total × 10 %⌋ up front (toward zero, so a refund line is the exact negation), class A
 * is wholly within policy. No price caps in the simulation: overlmt_amt is 0.
 */
export function judgeLine(line: FeeLine): AdjudicatedFeeLine {
  // A line's total is required at intake; a claim reaching a platform has it.
  const total = line.detItemFeeSumamt ?? 0n;
  const level = line.chrgitmLv || LEVEL_BY_CODE.get(line.medListCodg) || "01";
  const ownpay = level === "03" ? total : 0n;
  const preselfpay = level === "02" ? (total * BigInt(CLASS_B_SELFPAY_PERMILLE)) / 1000n : 0n;
  return create(AdjudicatedFeeLineSchema, {
    feedetlSn: line.feedetlSn,
    detItemFeeSumamt: total,
    fulamtOwnpayAmt: ownpay,
    overlmtAmt: 0n,
    preselfpayAmt: preselfpay,
    inscpScpAmt: total - ownpay - preselfpay,
    chrgitmLv: level,
    selfpayPropPermille: level === "03" ? 1000 : level === "02" ? CLASS_B_SELFPAY_PERMILLE : 0,
  });
}

/** The claim's split totals: the parts it sent, else the sums over each line's split (sent or judged). */
export interface SplitTotals {
  readonly fulamtOwnpayAmt: bigint;
  readonly overlmtSelfpay: bigint;
  readonly preselfpayAmt: bigint;
  readonly inscpScpAmt: bigint;
}

/**
 * Per-line results for every line sent without its split, and the claim's split totals (the claim's
 * own where it sent them, else summed over the lines, judged or sent).
 */
export function judgeLines(claim: Claim): { readonly results: AdjudicatedFeeLine[]; readonly totals: SplitTotals } {
  const results: AdjudicatedFeeLine[] = [];
  let ownpay = 0n;
  let overlmt = 0n;
  let preselfpay = 0n;
  let inscp = 0n;
  for (const line of claim.feeLines) {
    if (hasSplit(line)) {
      ownpay += line.fulamtOwnpayAmt ?? 0n;
      overlmt += line.overlmtAmt ?? 0n;
      preselfpay += line.preselfpayAmt ?? 0n;
      inscp += line.inscpScpAmt ?? 0n;
      continue;
    }
    const judged = judgeLine(line);
    results.push(judged);
    ownpay += judged.fulamtOwnpayAmt ?? 0n;
    overlmt += judged.overlmtAmt ?? 0n;
    preselfpay += judged.preselfpayAmt ?? 0n;
    inscp += judged.inscpScpAmt ?? 0n;
  }
  const t = claim.totals;
  return {
    results,
    totals: {
      fulamtOwnpayAmt: t?.fulamtOwnpayAmt ?? ownpay,
      overlmtSelfpay: t?.overlmtSelfpay ?? overlmt,
      preselfpayAmt: t?.preselfpayAmt ?? preselfpay,
      inscpScpAmt: t?.inscpScpAmt ?? inscp,
    },
  };
}
