import type { NhsaSettleJson } from "./claim-factory.js";
import { withoutSplit, type NhsaUnsplitJson } from "./fee-upload-shape.js";

/** "123.45" → 12345n (fen), exactly. */
function fen(yuan: string): bigint {
  const [whole = "0", frac = ""] = yuan.replace("-", "").split(".");
  const v = BigInt(whole) * 100n + BigInt((frac + "00").slice(0, 2));
  return yuan.startsWith("-") ? -v : v;
}

/** 12345n → "123.45". */
function yuan(f: bigint): string {
  const sign = f < 0n ? "-" : "";
  const a = f < 0n ? -f : f;
  return `${sign}${a / 100n}.${String(a % 100n).padStart(2, "0")}`;
}

/** A different 30-character msgid for part `n` of the stay (the sequence digits replaced). */
function partMsgid(msgid: string, n: number): string {
  return msgid.slice(0, 26) + String((Number(msgid.slice(26)) + 1_000 * n) % 10_000).padStart(4, "0");
}

/** One settle message of a long inpatient stay: an interim part (mid_setl_flag 1) or the final. */
export interface StayPart {
  readonly json: NhsaUnsplitJson;
  readonly payload: Uint8Array;
}

/**
 * A 2304 inpatient stay settled in parts (住院中途结算), in the fee-upload shape (the insured
 * platform states the split per line): `interim` covers the stay's first `interimLines` fee
 * lines (mid_setl_flag 1); `final` states the whole stay (every line, mid_setl_flag 0), as the
 * hub expects, to be posted net of the interim. Both keep the stay's mdtrt_id and charge batch;
 * each has its own msgid. `final` with `omitInterimLines` leaves the interim's lines out (a final
 * that does not net its interim: rule S2).
 */
export function interimStay(json: NhsaSettleJson, interimLines: number, options: { readonly omitInterimLines?: boolean } = {}): { interim: StayPart; final: StayPart } {
  const unsplit = withoutSplit(json);
  const part = (n: number, flag: string, lines: NhsaUnsplitJson["input"]["feedetail"]): StayPart => {
    const total = lines.reduce((s, l) => s + fen(l.det_item_fee_sumamt), 0n);
    const p: NhsaUnsplitJson = {
      ...unsplit,
      msgid: partMsgid(unsplit.msgid, n),
      input: { data: { ...unsplit.input.data, mid_setl_flag: flag, medfee_sumamt: yuan(total) }, feedetail: lines },
    };
    return { json: p, payload: new TextEncoder().encode(JSON.stringify(p)) };
  };
  const all = unsplit.input.feedetail;
  return {
    interim: part(1, "1", all.slice(0, interimLines)),
    final: part(2, "0", options.omitInterimLines === true ? all.slice(interimLines) : all),
  };
}
