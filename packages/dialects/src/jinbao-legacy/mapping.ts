/**
 * The jinbao-legacy dialect as data: record layouts (docs/dialects/jinbao-legacy.md §4, §6) and
 * local code tables (§5). A province's variant is a copy of this file with its own widths and
 * codes, plus its golden vectors; the codec does not change.
 */
import { ClaimKind } from "@tongxing/proto";
import type { CodeTable, FieldSpec, JinbaoMapping, RecordLayout } from "./mapping-types.js";

const tag = { name: "rec_type", role: { kind: "tag" }, width: 1, type: "code", required: true } as const satisfies FieldSpec;

/** `H` header (文件头), 195 bytes. */
const HEADER: RecordLayout = {
  tag: "H",
  label: "header",
  fields: [
    tag,
    { name: "trans_code", path: "claim.infno", width: 4, type: "code", codeTable: "trans_code", required: true },
    { name: "msgid", path: "claim.msgid", width: 30, type: "code", required: true },
    { name: "mdtrtarea_admvs", path: "claim.mdtrtarea_admvs", width: 6, type: "code", required: true, pattern: "\\d{6}" },
    { name: "insuplc_admdvs", path: "claim.insuplc_admdvs", width: 6, type: "code", required: true, pattern: "\\d{6}" },
    { name: "fixmedins_code", path: "claim.fixmedins_code", width: 20, type: "code", required: true },
    { name: "fixmedins_name", path: "claim.fixmedins_name", width: 100, type: "text" },
    { name: "opter", path: "claim.opter", width: 20, type: "text" },
    { name: "inf_time", path: "claim.inf_time", width: 8, type: "date" },
  ],
};

/** `S` settle record (人员就诊结算): person, encounter and totals, 501 bytes. */
const SETTLE: RecordLayout = {
  tag: "S",
  label: "settle",
  fields: [
    tag,
    { name: "psn_no", path: "claim.person.psn_no", width: 30, type: "code", required: true },
    { name: "psn_name", path: "claim.person.psn_name", width: 40, type: "text" },
    { name: "psn_cert_type", path: "claim.person.psn_cert_type", width: 4, type: "code" },
    { name: "certno", path: "claim.person.certno", width: 30, type: "code" },
    { name: "insutype", path: "claim.person.insutype", width: 2, type: "code", codeTable: "insutype", required: true },
    { name: "mdtrt_cert_type", path: "claim.person.mdtrt_cert_type", width: 1, type: "code", codeTable: "mdtrt_cert_type", required: true },
    { name: "mdtrt_cert_no", path: "claim.person.mdtrt_cert_no", width: 64, type: "code" },
    { name: "card_sn", path: "claim.person.card_sn", width: 32, type: "code" },
    { name: "mdtrt_id", path: "claim.encounter.mdtrt_id", width: 30, type: "code", required: true },
    { name: "med_type", path: "claim.encounter.med_type", width: 2, type: "code", codeTable: "med_type", required: true },
    { name: "begntime", path: "claim.encounter.begntime", width: 8, type: "date" },
    { name: "endtime", path: "claim.encounter.endtime", width: 8, type: "date" },
    { name: "dise_codg", path: "claim.encounter.dise_codg", width: 20, type: "code" },
    { name: "dise_name", path: "claim.encounter.dise_name", width: 100, type: "text" },
    { name: "chrg_bchno", path: "claim.encounter.chrg_bchno", width: 30, type: "code" },
    { name: "mid_setl_flag", path: "claim.encounter.mid_setl_flag", width: 1, type: "code", pattern: "[01]" },
    { name: "psn_setlway", path: "claim.encounter.psn_setlway", width: 2, type: "code" },
    { name: "acct_used_flag", path: "claim.encounter.acct_used_flag", width: 1, type: "code", pattern: "[01]" },
    { name: "invono", path: "claim.encounter.invono", width: 20, type: "code" },
    { name: "medfee_sumamt", path: "claim.totals.medfee_sumamt", width: 15, type: "amount" },
    { name: "fulamt_ownpay_amt", path: "claim.totals.fulamt_ownpay_amt", width: 15, type: "amount", blankAbsent: true },
    { name: "overlmt_selfpay", path: "claim.totals.overlmt_selfpay", width: 15, type: "amount", blankAbsent: true },
    { name: "preselfpay_amt", path: "claim.totals.preselfpay_amt", width: 15, type: "amount", blankAbsent: true },
    { name: "inscp_scp_amt", path: "claim.totals.inscp_scp_amt", width: 15, type: "amount", blankAbsent: true },
  ],
};

/** `D` fee line (费用明细), 196 bytes. */
const DETAIL: RecordLayout = {
  tag: "D",
  label: "fee line",
  fields: [
    tag,
    { name: "feedetl_sn", path: "fee_line.feedetl_sn", width: 20, type: "code", required: true },
    { name: "init_feedetl_sn", path: "fee_line.init_feedetl_sn", width: 20, type: "code" },
    { name: "med_list_codg", path: "fee_line.med_list_codg", width: 40, type: "code", required: true },
    { name: "medins_list_codg", path: "fee_line.medins_list_codg", width: 20, type: "code" },
    { name: "med_chrgitm_type", path: "fee_line.med_chrgitm_type", width: 4, type: "code" },
    { name: "chrgitm_lv", path: "fee_line.chrgitm_lv", width: 1, type: "code", codeTable: "chrgitm_lv" },
    { name: "cnt", path: "fee_line.cnt_e4", width: 10, type: "cnt" },
    { name: "pric", path: "fee_line.pric_e6", width: 12, type: "pric" },
    { name: "det_item_fee_sumamt", path: "fee_line.det_item_fee_sumamt", width: 12, type: "amount" },
    { name: "fulamt_ownpay_amt", path: "fee_line.fulamt_ownpay_amt", width: 12, type: "amount", blankAbsent: true },
    { name: "overlmt_amt", path: "fee_line.overlmt_amt", width: 12, type: "amount", blankAbsent: true },
    { name: "preselfpay_amt", path: "fee_line.preselfpay_amt", width: 12, type: "amount", blankAbsent: true },
    { name: "inscp_scp_amt", path: "fee_line.inscp_scp_amt", width: 12, type: "amount", blankAbsent: true },
    { name: "fee_ocur_time", path: "fee_line.fee_ocur_time", width: 8, type: "date" },
  ],
};

/** `L` line result (明细结算结果), 94 bytes: the insured side's per-line result, after an `R` reply. */
const LINE_RESULT: RecordLayout = {
  tag: "L",
  label: "line result",
  fields: [
    tag,
    { name: "feedetl_sn", path: "line_result.feedetl_sn", width: 20, type: "code", required: true },
    { name: "chrgitm_lv", path: "line_result.chrgitm_lv", width: 1, type: "code", codeTable: "chrgitm_lv" },
    { name: "det_item_fee_sumamt", path: "line_result.det_item_fee_sumamt", width: 12, type: "amount" },
    { name: "fulamt_ownpay_amt", path: "line_result.fulamt_ownpay_amt", width: 12, type: "amount" },
    { name: "overlmt_amt", path: "line_result.overlmt_amt", width: 12, type: "amount" },
    { name: "preselfpay_amt", path: "line_result.preselfpay_amt", width: 12, type: "amount" },
    { name: "inscp_scp_amt", path: "line_result.inscp_scp_amt", width: 12, type: "amount" },
    { name: "pric_uplmt_amt", path: "line_result.pric_uplmt_amt_e6", width: 12, type: "pric", blankAbsent: true },
  ],
};

/** `T` trailer (文件尾): control count and totals, 37 bytes. */
const TRAILER: RecordLayout = {
  tag: "T",
  label: "trailer",
  fields: [
    tag,
    { name: "rec_cnt", role: { kind: "record-count" }, width: 6, type: "code", required: true, pattern: "\\d{6}" },
    { name: "det_sumamt", role: { kind: "sum", of: "fee_line.det_item_fee_sumamt" }, width: 15, type: "amount" },
    { name: "medfee_sumamt", path: "claim.totals.medfee_sumamt", role: { kind: "echo", check: "equal" }, width: 15, type: "amount" },
  ],
};

/** `R` response / adjudication reply record (应答记录), 829 bytes. */
const RESPONSE: RecordLayout = {
  tag: "R",
  label: "response",
  fields: [
    tag,
    { name: "trans_code", path: "claim.infno", role: { kind: "echo", check: "equal-if-present" }, width: 4, type: "code", codeTable: "trans_code" },
    { name: "msgid", role: { kind: "reply", item: "ref_msgid" }, width: 30, type: "code", required: true },
    { name: "psn_no", path: "claim.person.psn_no", role: { kind: "echo", check: "equal-if-present" }, width: 30, type: "code" },
    { name: "psn_name", path: "claim.person.psn_name", role: { kind: "echo", check: "none" }, width: 40, type: "text" },
    { name: "ret_code", role: { kind: "reply", item: "ret_code" }, width: 4, type: "code", required: true },
    { name: "setl_stas", role: { kind: "reply", item: "setl_stas" }, width: 1, type: "code", codeTable: "setl_stas", required: true },
    { name: "reason_code", role: { kind: "reply", item: "reason_code" }, width: 40, type: "text" },
    { name: "ret_msg", role: { kind: "reply", item: "ret_msg" }, width: 200, type: "text" },
    { name: "warn_msg", role: { kind: "reply", item: "warn_msg" }, width: 100, type: "text" },
    { name: "resp_date", role: { kind: "reply", item: "resp_date" }, width: 8, type: "date" },
    { name: "setl_id", path: "adjudication.setl_id", width: 40, type: "code" },
    { name: "medfee_sumamt", path: "adjudication.medfee_sumamt", width: 15, type: "amount", blankAbsent: true },
    { name: "fulamt_ownpay_amt", path: "adjudication.fulamt_ownpay_amt", width: 15, type: "amount", blankAbsent: true },
    { name: "overlmt_selfpay", path: "adjudication.overlmt_selfpay", width: 15, type: "amount", blankAbsent: true },
    { name: "preselfpay_amt", path: "adjudication.preselfpay_amt", width: 15, type: "amount", blankAbsent: true },
    { name: "inscp_scp_amt", path: "adjudication.inscp_scp_amt", width: 15, type: "amount", blankAbsent: true },
    { name: "act_pay_dedc", path: "adjudication.act_pay_dedc", width: 15, type: "amount", blankAbsent: true },
    { name: "hifp_pay", path: "adjudication.hifp_pay", width: 15, type: "amount", blankAbsent: true },
    { name: "cvlserv_pay", path: "adjudication.cvlserv_pay", width: 15, type: "amount", blankAbsent: true },
    { name: "hifes_pay", path: "adjudication.hifes_pay", width: 15, type: "amount", blankAbsent: true },
    { name: "hifmi_pay", path: "adjudication.hifmi_pay", width: 15, type: "amount", blankAbsent: true },
    { name: "hifob_pay", path: "adjudication.hifob_pay", width: 15, type: "amount", blankAbsent: true },
    { name: "maf_pay", path: "adjudication.maf_pay", width: 15, type: "amount", blankAbsent: true },
    { name: "oth_pay", path: "adjudication.oth_pay", width: 15, type: "amount", blankAbsent: true },
    { name: "fund_pay_sumamt", path: "adjudication.fund_pay_sumamt", width: 15, type: "amount", blankAbsent: true },
    { name: "hosp_part_amt", path: "adjudication.hosp_part_amt", width: 15, type: "amount", blankAbsent: true },
    { name: "psn_part_amt", path: "adjudication.psn_part_amt", width: 15, type: "amount", blankAbsent: true },
    { name: "acct_pay", path: "adjudication.acct_pay", width: 15, type: "amount", blankAbsent: true },
    { name: "psn_cash_pay", path: "adjudication.psn_cash_pay", width: 15, type: "amount", blankAbsent: true },
    { name: "acct_mulaid_pay", path: "adjudication.acct_mulaid_pay", width: 15, type: "amount", blankAbsent: true },
    { name: "balc", path: "adjudication.balc", width: 15, type: "amount", blankAbsent: true },
    { name: "clr_type", path: "adjudication.clr_type", width: 1, type: "code", codeTable: "clr_type" },
    { name: "clr_way", path: "adjudication.clr_way", width: 2, type: "code" },
    { name: "clr_optins", path: "adjudication.clr_optins", width: 20, type: "code" },
    { name: "setl_time", path: "adjudication.setl_time", width: 8, type: "date" },
  ],
};

const CODE_TABLES: Readonly<Record<string, CodeTable>> = {
  trans_code: {
    name: "trans_code",
    rows: [
      { local: "MZJS", national: "2207", label: "门诊结算" },
      { local: "ZYJS", national: "2304", label: "住院结算" },
      { local: "YDJS", national: "2102", label: "药店购药结算" },
    ],
  },
  insutype: {
    name: "insutype",
    rows: [
      { local: "01", national: "310", label: "职工基本医疗保险" },
      { local: "02", national: "320", label: "公务员医疗补助" },
      { local: "03", national: "330", label: "大额医疗费用补助" },
      { local: "04", national: "340", label: "离休人员医疗保障" },
      { local: "05", national: "390", label: "城乡居民基本医疗保险" },
      { local: "06", national: "392", label: "城乡居民大病医疗保险" },
      { local: "07", national: "410", label: "长期照护保险" },
      { local: "08", national: "510", label: "生育保险" },
    ],
  },
  mdtrt_cert_type: {
    name: "mdtrt_cert_type",
    rows: [
      { local: "1", national: "03", label: "社会保障卡" },
      { local: "2", national: "02", label: "居民身份证" },
      { local: "3", national: "01", label: "医保电子凭证" },
    ],
  },
  med_type: {
    name: "med_type",
    rows: [
      { local: "A1", national: "11", label: "普通门诊" },
      { local: "A2", national: "13", label: "急诊" },
      { local: "A3", national: "14", label: "门诊慢特病" },
      { local: "B1", national: "21", label: "普通住院" },
      { local: "B2", national: "22", label: "外伤住院" },
      { local: "B3", national: "23", label: "转外诊治住院" },
      { local: "B4", national: "24", label: "急诊转住院" },
      { local: "B5", national: "28", label: "日间手术" },
      { local: "C1", national: "41", label: "定点药店购药" },
      { local: "D1", national: "51", label: "生育门诊" },
      { local: "D2", national: "52", label: "生育住院" },
    ],
  },
  chrgitm_lv: {
    name: "chrgitm_lv",
    rows: [
      { local: "1", national: "01", label: "甲类" },
      { local: "2", national: "02", label: "乙类" },
      { local: "3", national: "03", label: "自费" },
    ],
  },
  clr_type: {
    name: "clr_type",
    rows: [
      { local: "1", national: "11", label: "门诊" },
      { local: "2", national: "21", label: "住院" },
      { local: "4", national: "41", label: "药店" },
      { local: "9", national: "99", label: "其他" },
    ],
  },
  setl_stas: {
    name: "setl_stas",
    rows: [
      { local: "1", national: "SETTLED", label: "已结算" },
      { local: "2", national: "REJECTED", label: "拒付" },
      { local: "3", national: "HELD", label: "挂起待审" },
      { local: "4", national: "CANCELLED", label: "已撤销" },
      { local: "5", national: "REVERSAL_HELD", label: "撤销待审" },
    ],
  },
};

/** The jinbao-legacy mapping: layouts, settle-file order, code tables and reply codes. */
export const JINBAO_LEGACY_MAPPING: JinbaoMapping = {
  dialect: "jinbao-legacy",
  encoding: "gbk",
  lineEnd: "\r\n",
  maxPayloadBytes: 1_048_576,
  maxViolations: 100,
  records: { H: HEADER, S: SETTLE, D: DETAIL, T: TRAILER, R: RESPONSE, L: LINE_RESULT },
  claimFile: [
    { tag: "H", min: 1, max: 1, target: "claim" },
    { tag: "S", min: 1, max: 1, target: "claim" },
    { tag: "D", min: 0, max: 5_000, target: "fee_line" },
    { tag: "T", min: 1, max: 1, target: "control" },
  ],
  responseTag: "R",
  lineResultTag: "L",
  codeTables: CODE_TABLES,
  kindByInfno: { "2207": ClaimKind.OUTPATIENT, "2304": ClaimKind.INPATIENT, "2102": ClaimKind.PHARMACY },
  replies: {
    settled: { retCode: "0000", status: "SETTLED", message: "结算成功" },
    refused: { retCode: "1001", status: "REJECTED", message: "参保地拒绝结算: " },
    auditRejected: { retCode: "1002", status: "REJECTED", message: "审核拒付: " },
    held: { retCode: "2001", status: "HELD", message: "待人工审核: " },
  },
  adjudicationRequired: ["setl_id", "medfee_sumamt", "fund_pay_sumamt"],
  fallbackRuleIds: { rejected: "AUDIT_REJECT", held: "REVIEW" },
};
