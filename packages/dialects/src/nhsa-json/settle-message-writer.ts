import { formatFenAsYuan, formatScaledDecimal, Scale } from "@tongxing/domain";
import { ClaimKind, type Claim, type FeeLine } from "@tongxing/proto";

const INFNO_OF_KIND: Readonly<Record<ClaimKind, string>> = {
  [ClaimKind.UNSPECIFIED]: "",
  [ClaimKind.OUTPATIENT]: "2207",
  [ClaimKind.INPATIENT]: "2304",
  [ClaimKind.PHARMACY]: "2102",
};

/** Omits empty optional text, as a national client would. */
function put(target: Record<string, unknown>, name: string, value: string): void {
  if (value !== "") target[name] = value;
}

/** Writes an amount that was sent; one that was not stays out of the message (absent is not zero). */
function putAmount(target: Record<string, unknown>, name: string, fen: bigint | undefined): void {
  if (fen !== undefined) target[name] = formatFenAsYuan(fen);
}

function feeLineJson(line: FeeLine): Record<string, unknown> {
  const o: Record<string, unknown> = { feedetl_sn: line.feedetlSn };
  put(o, "init_feedetl_sn", line.initFeedetlSn);
  o.med_list_codg = line.medListCodg;
  put(o, "medins_list_codg", line.medinsListCodg);
  put(o, "med_chrgitm_type", line.medChrgitmType);
  put(o, "chrgitm_lv", line.chrgitmLv);
  o.cnt = formatScaledDecimal(line.cntE4, Scale.CNT);
  o.pric = formatScaledDecimal(line.pricE6, Scale.PRIC);
  putAmount(o, "det_item_fee_sumamt", line.detItemFeeSumamt);
  putAmount(o, "fulamt_ownpay_amt", line.fulamtOwnpayAmt);
  putAmount(o, "overlmt_amt", line.overlmtAmt);
  putAmount(o, "preselfpay_amt", line.preselfpayAmt);
  putAmount(o, "inscp_scp_amt", line.inscpScpAmt);
  put(o, "fee_ocur_time", line.feeOcurTime);
  return o;
}

/**
 * The national settle message (2207 / 2304 / 2102) of a canonical claim: the inverse of
 * readSettleMessage. Amounts are written as exact two-decimal strings.
 */
export function writeSettleMessage(claim: Claim): Record<string, unknown> {
  const p = claim.person;
  const e = claim.encounter;
  const t = claim.totals;
  const root: Record<string, unknown> = { infno: claim.infno || INFNO_OF_KIND[claim.kind], msgid: claim.msgid };
  root.mdtrtarea_admvs = claim.mdtrtareaAdmvs;
  root.insuplc_admdvs = claim.insuplcAdmdvs;
  root.fixmedins_code = claim.fixmedinsCode;
  put(root, "fixmedins_name", claim.fixmedinsName);
  put(root, "opter", claim.opter);
  put(root, "inf_time", claim.infTime);
  const data: Record<string, unknown> = { psn_no: p?.psnNo ?? "" };
  put(data, "psn_name", p?.psnName ?? "");
  put(data, "psn_cert_type", p?.psnCertType ?? "");
  put(data, "certno", p?.certno ?? "");
  data.insutype = p?.insutype ?? "";
  data.mdtrt_cert_type = p?.mdtrtCertType ?? "";
  data.mdtrt_cert_no = p?.mdtrtCertNo ?? "";
  put(data, "card_sn", p?.cardSn ?? "");
  data.mdtrt_id = e?.mdtrtId ?? "";
  data.med_type = e?.medType ?? "";
  for (const [name, value] of [
    ["begntime", e?.begntime],
    ["endtime", e?.endtime],
    ["dise_codg", e?.diseCodg],
    ["dise_name", e?.diseName],
    ["chrg_bchno", e?.chrgBchno],
    ["mid_setl_flag", e?.midSetlFlag],
    ["psn_setlway", e?.psnSetlway],
    ["acct_used_flag", e?.acctUsedFlag],
    ["invono", e?.invono],
  ] as const) {
    put(data, name, value ?? "");
  }
  putAmount(data, "medfee_sumamt", t?.medfeeSumamt);
  putAmount(data, "fulamt_ownpay_amt", t?.fulamtOwnpayAmt);
  putAmount(data, "overlmt_selfpay", t?.overlmtSelfpay);
  putAmount(data, "preselfpay_amt", t?.preselfpayAmt);
  putAmount(data, "inscp_scp_amt", t?.inscpScpAmt);
  root.input = { data, feedetail: claim.feeLines.map(feeLineJson) };
  return root;
}
