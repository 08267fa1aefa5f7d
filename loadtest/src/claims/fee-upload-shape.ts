import type { NhsaFeeDetail, NhsaSettleData, NhsaSettleJson } from "./claim-factory.js";

/** A fee line as a hospital's fee upload (2204 / 2301) sends it: no catalogue split. */
export type NhsaUnsplitFeeDetail = Omit<NhsaFeeDetail, "fulamt_ownpay_amt" | "overlmt_amt" | "preselfpay_amt" | "inscp_scp_amt">;
/** `input.data` without the split totals. */
export type NhsaUnsplitData = Omit<NhsaSettleData, "fulamt_ownpay_amt" | "overlmt_selfpay" | "preselfpay_amt" | "inscp_scp_amt">;
/** A settle message in the fee-upload shape. */
export type NhsaUnsplitJson = Omit<NhsaSettleJson, "input"> & { input: { data: NhsaUnsplitData; feedetail: NhsaUnsplitFeeDetail[] } };

/**
 * The same settle message in the fee-upload shape: every line keeps det_item_fee_sumamt, cnt, pric
 * and its codes, but neither the lines nor `input.data` carry the catalogue split (the fields are
 * left out, not sent as 0.00: absent is not zero). The insured platform states the split per line
 * in its answer (Adjudication.fee_lines).
 */
export function withoutSplit(json: NhsaSettleJson): NhsaUnsplitJson {
  const { fulamt_ownpay_amt: _o, overlmt_selfpay: _s, preselfpay_amt: _p, inscp_scp_amt: _i, ...data } = json.input.data;
  const feedetail = json.input.feedetail.map(({ fulamt_ownpay_amt: _fo, overlmt_amt: _fv, preselfpay_amt: _fp, inscp_scp_amt: _fi, ...line }) => line);
  return { ...json, input: { data, feedetail } };
}

/** {@link withoutSplit} as message bytes. */
export function withoutSplitPayload(json: NhsaSettleJson): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(withoutSplit(json)));
}
