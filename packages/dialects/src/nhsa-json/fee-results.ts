import { create } from "@bufbuild/protobuf";
import { formatFenAsYuan, formatScaledDecimal, Scale } from "@tongxing/domain";
import { AdjudicatedFeeLineSchema, type AdjudicatedFeeLine } from "@tongxing/proto";
import { LosslessNumber } from "lossless-json";
import { MAX_FEE_LINES } from "../claim-validation.js";
import type { FieldReader } from "./field-reader.js";

/** selfpay_prop is a ratio with up to 3 decimals (0.1, 0.10, 0.100); carried as per-mille. */
const PROP_SCALE = 3;
/** Largest selfpay_prop: 1 (fully self-paid). */
const MAX_PROP_PERMILLE = 1000n;

/**
 * The insured side's per-line results in a settle response (`output.result`, the list the national
 * fee upload 2204 / 2301 answers with): each line's split, chrgitm_lv, selfpay_prop and
 * pric_uplmt_amt. Missing list → none. Problems go to the reader with their message paths.
 */
export function readFeeResults(value: unknown, r: FieldReader): AdjudicatedFeeLine[] {
  return r.array(value, "output.result", MAX_FEE_LINES).map((item, i) => {
    const path = `output.result[${i}]`;
    const o = r.object(item, path, true) ?? {};
    const amount = (name: string) => r.decimal(o[name], `${path}.${name}`, { scale: Scale.FEN, required: true });
    const prop = r.optionalDecimal(o.selfpay_prop, `${path}.selfpay_prop`, PROP_SCALE);
    if (prop !== undefined && (prop < 0n || prop > MAX_PROP_PERMILLE)) r.violation(`${path}.selfpay_prop`, "must be between 0 and 1");
    return create(AdjudicatedFeeLineSchema, {
      feedetlSn: r.text(o.feedetl_sn, `${path}.feedetl_sn`, { required: true, maxLength: 30 }),
      detItemFeeSumamt: amount("det_item_fee_sumamt"),
      fulamtOwnpayAmt: amount("fulamt_ownpay_amt"),
      overlmtAmt: amount("overlmt_amt"),
      preselfpayAmt: amount("preselfpay_amt"),
      inscpScpAmt: amount("inscp_scp_amt"),
      chrgitmLv: r.text(o.chrgitm_lv, `${path}.chrgitm_lv`, { maxLength: 3 }),
      selfpayPropPermille: prop === undefined || prop < 0n || prop > MAX_PROP_PERMILLE ? undefined : Number(prop),
      pricUplmtAmtE6: r.optionalDecimal(o.pric_uplmt_amt, `${path}.pric_uplmt_amt`, Scale.PRIC),
    });
  });
}

/** The `output.result` list of per-line results, amounts as exact decimals (never floats). */
export function writeFeeResults(lines: readonly AdjudicatedFeeLine[]): Record<string, unknown>[] {
  return lines.map((l) => {
    const o: Record<string, unknown> = {
      feedetl_sn: l.feedetlSn,
    };
    // Absent stays absent (a result line without them is refused on the way in).
    for (const [wire, fen] of [
      ["det_item_fee_sumamt", l.detItemFeeSumamt],
      ["fulamt_ownpay_amt", l.fulamtOwnpayAmt],
      ["overlmt_amt", l.overlmtAmt],
      ["preselfpay_amt", l.preselfpayAmt],
      ["inscp_scp_amt", l.inscpScpAmt],
    ] as const) {
      if (fen !== undefined) o[wire] = new LosslessNumber(formatFenAsYuan(fen));
    }
    if (l.chrgitmLv !== "") o.chrgitm_lv = l.chrgitmLv;
    if (l.selfpayPropPermille !== undefined) o.selfpay_prop = new LosslessNumber(formatScaledDecimal(BigInt(l.selfpayPropPermille), PROP_SCALE));
    if (l.pricUplmtAmtE6 !== undefined) o.pric_uplmt_amt = new LosslessNumber(formatScaledDecimal(l.pricUplmtAmtE6, Scale.PRIC));
    return o;
  });
}
