import { create } from "@bufbuild/protobuf";
import { Scale } from "@tongxing/domain";
import { ClaimKind, ClaimSchema, FeeLineSchema, type Claim, type FeeLine } from "@tongxing/proto";
import type { FieldReader } from "./field-reader.js";

/** Settle transactions accepted as claims, and the claim kind each one is. */
export const SETTLE_INFNOS: Readonly<Record<string, ClaimKind>> = {
  "2207": ClaimKind.OUTPATIENT,
  "2304": ClaimKind.INPATIENT,
  "2102": ClaimKind.PHARMACY,
};

/** Most fee lines accepted in one message. */
export const MAX_FEE_LINES = 5_000;

const ADMDVS = { required: true, pattern: /^\d{6}$/, patternHint: "6 digits (医保区划)" } as const;
const INSUTYPES = ["310", "320", "330", "340", "390", "392", "410", "510"] as const;
const CERT_TYPES = ["01", "02", "03"] as const;
const FLAG = { oneOf: ["0", "1"] } as const;
const AMOUNT = { scale: Scale.FEN } as const;
const SETTLE_AMOUNT = { scale: Scale.FEN, nonNegative: true } as const;

/**
 * Maps one national settle message (2207 / 2304 / 2102) onto the canonical claim, recording
 * every problem in the reader. The message root must already be an object.
 */
export function readSettleMessage(root: Record<string, unknown>, r: FieldReader): Claim {
  const infno = r.text(root.infno, "infno", { required: true, oneOf: Object.keys(SETTLE_INFNOS) });
  const input = r.object(root.input, "input", true) ?? {};
  const data = r.object(input.data, "input.data", true) ?? {};
  const d = (name: string) => data[name];
  const p = (name: string) => `input.data.${name}`;

  const mdtrtCertType = r.text(d("mdtrt_cert_type"), p("mdtrt_cert_type"), { required: true, oneOf: CERT_TYPES });
  const claim = create(ClaimSchema, {
    kind: SETTLE_INFNOS[infno] ?? ClaimKind.UNSPECIFIED,
    infno,
    msgid: r.text(root.msgid, "msgid", { required: true, maxLength: 30, pattern: /^[0-9A-Za-z]+$/, patternHint: "1–30 letters or digits" }),
    mdtrtareaAdmvs: r.text(root.mdtrtarea_admvs, "mdtrtarea_admvs", ADMDVS),
    insuplcAdmdvs: r.text(root.insuplc_admdvs, "insuplc_admdvs", ADMDVS),
    fixmedinsCode: r.text(root.fixmedins_code, "fixmedins_code", { required: true, maxLength: 30 }),
    fixmedinsName: r.text(root.fixmedins_name, "fixmedins_name"),
    opter: r.text(root.opter, "opter", { maxLength: 50 }),
    infTime: r.text(root.inf_time, "inf_time", { maxLength: 30 }),
    person: {
      psnNo: r.text(d("psn_no"), p("psn_no"), { required: true, maxLength: 30 }),
      psnName: r.text(d("psn_name"), p("psn_name"), { maxLength: 50 }),
      psnCertType: r.text(d("psn_cert_type"), p("psn_cert_type"), { maxLength: 6 }),
      certno: r.text(d("certno"), p("certno"), { maxLength: 50 }),
      insutype: r.text(d("insutype"), p("insutype"), { required: true, oneOf: INSUTYPES }),
      mdtrtCertType,
      mdtrtCertNo: r.text(d("mdtrt_cert_no"), p("mdtrt_cert_no"), { required: true, maxLength: 100 }),
      cardSn: r.text(d("card_sn"), p("card_sn"), { required: mdtrtCertType === "03", maxLength: 50 }),
    },
    encounter: {
      mdtrtId: r.text(d("mdtrt_id"), p("mdtrt_id"), { required: true, maxLength: 30 }),
      medType: r.text(d("med_type"), p("med_type"), { required: true, pattern: /^\d{2,6}$/, patternHint: "2–6 digits (医疗类别)" }),
      begntime: r.text(d("begntime"), p("begntime"), { maxLength: 30 }),
      endtime: r.text(d("endtime"), p("endtime"), { maxLength: 30 }),
      diseCodg: r.text(d("dise_codg"), p("dise_codg"), { maxLength: 30 }),
      diseName: r.text(d("dise_name"), p("dise_name")),
      chrgBchno: r.text(d("chrg_bchno"), p("chrg_bchno"), { maxLength: 30 }),
      midSetlFlag: r.text(d("mid_setl_flag"), p("mid_setl_flag"), FLAG),
      psnSetlway: r.text(d("psn_setlway"), p("psn_setlway"), { maxLength: 6 }),
      acctUsedFlag: r.text(d("acct_used_flag"), p("acct_used_flag"), FLAG) || "0",
      invono: r.text(d("invono"), p("invono"), { maxLength: 50 }),
    },
    totals: {
      medfeeSumamt: r.decimal(d("medfee_sumamt"), p("medfee_sumamt"), { ...SETTLE_AMOUNT, required: true }),
      fulamtOwnpayAmt: r.decimal(d("fulamt_ownpay_amt"), p("fulamt_ownpay_amt"), SETTLE_AMOUNT),
      overlmtSelfpay: r.decimal(d("overlmt_selfpay"), p("overlmt_selfpay"), SETTLE_AMOUNT),
      preselfpayAmt: r.decimal(d("preselfpay_amt"), p("preselfpay_amt"), SETTLE_AMOUNT),
      inscpScpAmt: r.decimal(d("inscp_scp_amt"), p("inscp_scp_amt"), SETTLE_AMOUNT),
    },
  });
  const listName = input.feedetail === undefined && infno === "2102" && input.drugdetail !== undefined ? "drugdetail" : "feedetail";
  const lines = r.array(input[listName], `input.${listName}`, MAX_FEE_LINES);
  claim.feeLines = lines.map((line, i) => readFeeLine(line, `input.${listName}[${i}]`, r));
  return claim;
}

function readFeeLine(value: unknown, path: string, r: FieldReader): FeeLine {
  const o = r.object(value, path, true) ?? {};
  const f = (name: string) => `${path}.${name}`;
  const initFeedetlSn = r.text(o.init_feedetl_sn, f("init_feedetl_sn"), { maxLength: 30 });
  const refund = initFeedetlSn !== "";
  const cntE4 = r.decimal(o.cnt, f("cnt"), { scale: Scale.CNT, required: true });
  if (cntE4 < 0n && !refund) r.violation(f("cnt"), "may be negative only on a refund line (with init_feedetl_sn)");
  return create(FeeLineSchema, {
    feedetlSn: r.text(o.feedetl_sn, f("feedetl_sn"), { required: true, maxLength: 30 }),
    initFeedetlSn,
    medListCodg: r.text(o.med_list_codg, f("med_list_codg"), { required: true, maxLength: 50 }),
    medinsListCodg: r.text(o.medins_list_codg, f("medins_list_codg"), { maxLength: 50 }),
    medChrgitmType: r.text(o.med_chrgitm_type, f("med_chrgitm_type"), { maxLength: 6 }),
    chrgitmLv: r.text(o.chrgitm_lv, f("chrgitm_lv"), { maxLength: 3 }),
    cntE4,
    pricE6: r.decimal(o.pric, f("pric"), { scale: Scale.PRIC, required: true, nonNegative: true }),
    detItemFeeSumamt: r.decimal(o.det_item_fee_sumamt, f("det_item_fee_sumamt"), { ...AMOUNT, required: true }),
    fulamtOwnpayAmt: r.decimal(o.fulamt_ownpay_amt, f("fulamt_ownpay_amt"), AMOUNT),
    overlmtAmt: r.decimal(o.overlmt_amt, f("overlmt_amt"), AMOUNT),
    preselfpayAmt: r.decimal(o.preselfpay_amt, f("preselfpay_amt"), AMOUNT),
    inscpScpAmt: r.decimal(o.inscp_scp_amt, f("inscp_scp_amt"), AMOUNT),
    feeOcurTime: r.text(o.fee_ocur_time, f("fee_ocur_time"), { maxLength: 30 }),
  });
}
