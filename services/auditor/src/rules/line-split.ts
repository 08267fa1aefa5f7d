import type { Adjudication, AdjudicatedFeeLine, FeeLine } from "@tongxing/proto";

/** A fee line's catalogue split, fen. */
export interface LineSplit {
  readonly fulamtOwnpayAmt: bigint;
  readonly overlmtAmt: bigint;
  readonly preselfpayAmt: bigint;
  readonly inscpScpAmt: bigint;
}

/** The split parts with their wire names, in the order findings name them. */
export const SPLIT_PARTS = [
  ["fulamt_ownpay_amt", "fulamtOwnpayAmt"],
  ["overlmt_amt", "overlmtAmt"],
  ["preselfpay_amt", "preselfpayAmt"],
  ["inscp_scp_amt", "inscpScpAmt"],
] as const satisfies readonly (readonly [string, keyof LineSplit])[];

/**
 * The split the treatment side sent with a line, or undefined when it sent none (a hospital's fee
 * upload carries only the total: absent is not zero). The split counts as sent when any of its
 * four parts is; a part missing from a sent split is 0 (older canonical senders omit zeros).
 * The insured side's per-line result is read the same way (its four parts are required on the way
 * in, so a result reaching the rules states them all).
 */
export function claimLineSplit(line: FeeLine | AdjudicatedFeeLine): LineSplit | undefined {
  const { fulamtOwnpayAmt, overlmtAmt, preselfpayAmt, inscpScpAmt } = line;
  if (fulamtOwnpayAmt === undefined && overlmtAmt === undefined && preselfpayAmt === undefined && inscpScpAmt === undefined) return undefined;
  return { fulamtOwnpayAmt: fulamtOwnpayAmt ?? 0n, overlmtAmt: overlmtAmt ?? 0n, preselfpayAmt: preselfpayAmt ?? 0n, inscpScpAmt: inscpScpAmt ?? 0n };
}

/** The sum of a split's four parts. */
export function splitSum(s: LineSplit): bigint {
  return s.fulamtOwnpayAmt + s.overlmtAmt + s.preselfpayAmt + s.inscpScpAmt;
}

/** The insured side's per-line results by feedetl_sn (the first for a repeated number). */
export function adjudicatedLines(adjudication: Adjudication): Map<string, AdjudicatedFeeLine> {
  const out = new Map<string, AdjudicatedFeeLine>();
  for (const line of adjudication.feeLines) if (!out.has(line.feedetlSn)) out.set(line.feedetlSn, line);
  return out;
}
