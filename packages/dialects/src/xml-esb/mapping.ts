/**
 * The xml-esb mapping: every element path of docs/dialects/xml-esb.md and the canonical field it
 * carries, as data. A province's variant of the envelope is another value of this shape.
 */
import {
  AdjudicatedFeeLineSchema,
  AdjudicationSchema,
  ClaimKind,
  ClaimTotalsSchema,
  EncounterSchema,
  FeeLineSchema,
  LateSettlementSchema,
  PersonSchema,
} from "@tongxing/proto";
import type { CodeRow, ElementRule, GroupRule, XmlEsbMapping } from "./mapping-types.js";

/** 6-digit 医保区划. */
const ADMDVS = /^\d{6}$/;

/** `TranCode` (spec §3.6): one local code sets kind and infno. */
const TRANSACTIONS: readonly CodeRow[] = [
  { local: "MZJS", values: { kind: ClaimKind.OUTPATIENT, infno: "2207" } },
  { local: "ZYJS", values: { kind: ClaimKind.INPATIENT, infno: "2304" } },
  { local: "YDJS", values: { kind: ClaimKind.PHARMACY, infno: "2102" } },
];

/** Spec §3.1. */
const CLAIM_HEAD: GroupRule = {
  kind: "group",
  element: "Head",
  required: true,
  children: [
    { kind: "leaf", element: "TranCode", type: "code", required: true, codes: TRANSACTIONS },
    { kind: "leaf", element: "MsgId", field: "msgid", type: "code", required: true, maxLength: 64 },
    { kind: "leaf", element: "Sender", field: "fixmedinsCode", type: "code", required: true, maxLength: 30 },
    { kind: "leaf", element: "SenderName", field: "fixmedinsName", type: "text", maxLength: 200 },
    { kind: "leaf", element: "Receiver", type: "code", maxLength: 30 },
    { kind: "leaf", element: "JydQh", field: "mdtrtareaAdmvs", type: "code", required: true, pattern: ADMDVS },
    { kind: "leaf", element: "CbdQh", field: "insuplcAdmdvs", type: "code", required: true, pattern: ADMDVS },
    { kind: "leaf", element: "SendTime", field: "infTime", type: "time", required: true },
    { kind: "leaf", element: "Operator", field: "opter", type: "text", maxLength: 50 },
  ],
};

/** Spec §3.2. */
const PSN: GroupRule = {
  kind: "group",
  element: "Psn",
  field: "person",
  message: PersonSchema,
  required: true,
  children: [
    { kind: "leaf", element: "PsnNo", field: "psnNo", type: "code", required: true, maxLength: 50 },
    { kind: "leaf", element: "PsnName", field: "psnName", type: "text", maxLength: 50 },
    { kind: "leaf", element: "PsnCertType", field: "psnCertType", type: "code", maxLength: 6 },
    { kind: "leaf", element: "Certno", field: "certno", type: "code", maxLength: 50 },
    { kind: "leaf", element: "Insutype", field: "insutype", type: "code", required: true, maxLength: 6 },
    { kind: "leaf", element: "MdtrtCertType", field: "mdtrtCertType", type: "code", required: true, maxLength: 6 },
    { kind: "leaf", element: "MdtrtCertNo", field: "mdtrtCertNo", type: "code", maxLength: 200 },
    { kind: "leaf", element: "CardSn", field: "cardSn", type: "code", maxLength: 50 },
  ],
};

/** Spec §3.3. */
const MDTRT: GroupRule = {
  kind: "group",
  element: "Mdtrt",
  field: "encounter",
  message: EncounterSchema,
  required: true,
  children: [
    { kind: "leaf", element: "MdtrtId", field: "mdtrtId", type: "code", required: true, maxLength: 50 },
    { kind: "leaf", element: "MedType", field: "medType", type: "code", required: true, maxLength: 6 },
    { kind: "leaf", element: "Begntime", field: "begntime", type: "time" },
    { kind: "leaf", element: "Endtime", field: "endtime", type: "time" },
    { kind: "leaf", element: "DiseCodg", field: "diseCodg", type: "code", maxLength: 30 },
    { kind: "leaf", element: "DiseName", field: "diseName", type: "text", maxLength: 300 },
    { kind: "leaf", element: "ChrgBchno", field: "chrgBchno", type: "code", maxLength: 50 },
    { kind: "leaf", element: "MidSetlFlag", field: "midSetlFlag", type: "code", maxLength: 3 },
    { kind: "leaf", element: "PsnSetlway", field: "psnSetlway", type: "code", maxLength: 6 },
    { kind: "leaf", element: "AcctUsedFlag", field: "acctUsedFlag", type: "code", maxLength: 3 },
    { kind: "leaf", element: "Invono", field: "invono", type: "code", maxLength: 50 },
  ],
};

/** Spec §3.4. */
const SETTLE: GroupRule = {
  kind: "group",
  element: "Settle",
  field: "totals",
  message: ClaimTotalsSchema,
  required: true,
  children: [
    { kind: "leaf", element: "MedfeeSumamt", field: "medfeeSumamt", type: "amount", required: true },
    { kind: "leaf", element: "FulamtOwnpayAmt", field: "fulamtOwnpayAmt", type: "amount", presence: true },
    { kind: "leaf", element: "OverlmtSelfpay", field: "overlmtSelfpay", type: "amount", presence: true },
    { kind: "leaf", element: "PreselfpayAmt", field: "preselfpayAmt", type: "amount", presence: true },
    { kind: "leaf", element: "InscpScpAmt", field: "inscpScpAmt", type: "amount", presence: true },
  ],
};

/** Spec §3.5. */
const FEE_LIST: ElementRule = {
  kind: "list",
  element: "FeeList",
  item: "Fee",
  field: "feeLines",
  message: FeeLineSchema,
  maxItems: 5_000,
  countAttribute: "Count",
  children: [
    { kind: "leaf", element: "FeedetlSn", field: "feedetlSn", type: "code", required: true, maxLength: 50 },
    { kind: "leaf", element: "InitFeedetlSn", field: "initFeedetlSn", type: "code", maxLength: 50 },
    { kind: "leaf", element: "MedListCodg", field: "medListCodg", type: "code", required: true, maxLength: 50 },
    { kind: "leaf", element: "MedinsListCodg", field: "medinsListCodg", type: "code", maxLength: 50 },
    { kind: "leaf", element: "MedChrgitmType", field: "medChrgitmType", type: "code", maxLength: 6 },
    { kind: "leaf", element: "ChrgitmLv", field: "chrgitmLv", type: "code", maxLength: 3 },
    { kind: "leaf", element: "Cnt", field: "cntE4", type: "cnt", required: true },
    { kind: "leaf", element: "Pric", field: "pricE6", type: "pric", required: true },
    { kind: "leaf", element: "DetItemFeeSumamt", field: "detItemFeeSumamt", type: "amount", required: true },
    { kind: "leaf", element: "FulamtOwnpayAmt", field: "fulamtOwnpayAmt", type: "amount", presence: true },
    { kind: "leaf", element: "OverlmtAmt", field: "overlmtAmt", type: "amount", presence: true },
    { kind: "leaf", element: "PreselfpayAmt", field: "preselfpayAmt", type: "amount", presence: true },
    { kind: "leaf", element: "InscpScpAmt", field: "inscpScpAmt", type: "amount", presence: true },
    { kind: "leaf", element: "FeeOcurTime", field: "feeOcurTime", type: "time" },
  ],
};

/** Spec §5.3: the head of the result response and of the adjudication reply (a ResponseHead). */
const RESPONSE_HEAD: GroupRule = {
  kind: "group",
  element: "Head",
  required: true,
  children: [
    { kind: "leaf", element: "TranCode", type: "code", codes: TRANSACTIONS },
    { kind: "leaf", element: "MsgId", field: "msgId", type: "code", maxLength: 64 },
    { kind: "leaf", element: "RefMsgId", field: "refMsgId", type: "code", required: true, maxLength: 64 },
    { kind: "leaf", element: "Sender", field: "sender", type: "code", maxLength: 30 },
    { kind: "leaf", element: "Receiver", field: "receiver", type: "code", maxLength: 30 },
    { kind: "leaf", element: "JydQh", field: "mdtrtareaAdmvs", type: "code", pattern: ADMDVS },
    { kind: "leaf", element: "CbdQh", field: "insuplcAdmdvs", type: "code", pattern: ADMDVS },
    { kind: "leaf", element: "RespTime", field: "respTime", type: "time" },
    { kind: "leaf", element: "RetCode", field: "retCode", type: "code", required: true, maxLength: 10 },
    { kind: "leaf", element: "RetMsg", field: "retMsg", type: "text", maxLength: 200 },
  ],
};

/** Spec §5.2: the insured region's settlement figures. */
const SETL_INFO_CHILDREN: readonly ElementRule[] = [
  { kind: "leaf", element: "SetlId", field: "setlId", type: "code", required: true, maxLength: 64 },
  { kind: "leaf", element: "MedfeeSumamt", field: "medfeeSumamt", type: "amount", required: true },
  { kind: "leaf", element: "FulamtOwnpayAmt", field: "fulamtOwnpayAmt", type: "amount", presence: true },
  { kind: "leaf", element: "OverlmtSelfpay", field: "overlmtSelfpay", type: "amount", presence: true },
  { kind: "leaf", element: "PreselfpayAmt", field: "preselfpayAmt", type: "amount", presence: true },
  { kind: "leaf", element: "InscpScpAmt", field: "inscpScpAmt", type: "amount", presence: true },
  { kind: "leaf", element: "ActPayDedc", field: "actPayDedc", type: "amount", presence: true },
  { kind: "leaf", element: "HifpPay", field: "hifpPay", type: "amount", presence: true },
  { kind: "leaf", element: "CvlservPay", field: "cvlservPay", type: "amount", presence: true },
  { kind: "leaf", element: "HifesPay", field: "hifesPay", type: "amount", presence: true },
  { kind: "leaf", element: "HifmiPay", field: "hifmiPay", type: "amount", presence: true },
  { kind: "leaf", element: "HifobPay", field: "hifobPay", type: "amount", presence: true },
  { kind: "leaf", element: "MafPay", field: "mafPay", type: "amount", presence: true },
  { kind: "leaf", element: "OthPay", field: "othPay", type: "amount", presence: true },
  { kind: "leaf", element: "FundPaySumamt", field: "fundPaySumamt", type: "amount", required: true },
  { kind: "leaf", element: "HospPartAmt", field: "hospPartAmt", type: "amount", presence: true },
  { kind: "leaf", element: "PsnPartAmt", field: "psnPartAmt", type: "amount", presence: true },
  { kind: "leaf", element: "AcctPay", field: "acctPay", type: "amount", presence: true },
  { kind: "leaf", element: "PsnCashPay", field: "psnCashPay", type: "amount", presence: true },
  { kind: "leaf", element: "AcctMulaidPay", field: "acctMulaidPay", type: "amount", presence: true },
  { kind: "leaf", element: "Balc", field: "balc", type: "amount", presence: true },
  { kind: "leaf", element: "PoolProp", field: "poolPropPermille", type: "permille" },
  { kind: "leaf", element: "ClrType", field: "clrType", type: "code", maxLength: 6 },
  { kind: "leaf", element: "ClrWay", field: "clrWay", type: "code", maxLength: 6 },
  { kind: "leaf", element: "ClrOptins", field: "clrOptins", type: "code", maxLength: 30 },
  { kind: "leaf", element: "SetlTime", field: "setlTime", type: "time" },
  // The per-line results (the fee-upload answer's fields), when the insured side returns them.
  {
    kind: "list",
    element: "FeeResultList",
    item: "FeeResult",
    field: "feeLines",
    message: AdjudicatedFeeLineSchema,
    maxItems: 5_000,
    countAttribute: "Count",
    omitEmpty: true,
    children: [
      { kind: "leaf", element: "FeedetlSn", field: "feedetlSn", type: "code", required: true, maxLength: 50 },
      { kind: "leaf", element: "DetItemFeeSumamt", field: "detItemFeeSumamt", type: "amount", required: true },
      { kind: "leaf", element: "FulamtOwnpayAmt", field: "fulamtOwnpayAmt", type: "amount", required: true },
      { kind: "leaf", element: "OverlmtAmt", field: "overlmtAmt", type: "amount", required: true },
      { kind: "leaf", element: "PreselfpayAmt", field: "preselfpayAmt", type: "amount", required: true },
      { kind: "leaf", element: "InscpScpAmt", field: "inscpScpAmt", type: "amount", required: true },
      { kind: "leaf", element: "ChrgitmLv", field: "chrgitmLv", type: "code", maxLength: 3 },
      { kind: "leaf", element: "SelfpayProp", field: "selfpayPropPermille", type: "permille", presence: true },
      { kind: "leaf", element: "PricUplmtAmt", field: "pricUplmtAmtE6", type: "pric", presence: true },
    ],
  },
];

/** Spec §4.1: why a claim was rejected or held (a ReasonView). */
const REASON_CHILDREN: readonly ElementRule[] = [
  { kind: "leaf", element: "Source", field: "source", type: "code", maxLength: 10 },
  { kind: "leaf", element: "ReasonCode", field: "reasonCode", type: "text", maxLength: 200 },
  { kind: "leaf", element: "ReasonMsg", field: "reasonMsg", type: "text", maxLength: 1_000 },
];

/**
 * Spec §3.8: a late claim (补录重新结算: care paid in cash during a maintenance window or outage,
 * settled afterwards), optional. Canonical `Claim.late_settlement`.
 */
const LATE_SETL: GroupRule = {
  kind: "group",
  element: "LateSetl",
  field: "lateSettlement",
  message: LateSettlementSchema,
  children: [
    { kind: "leaf", element: "WinId", field: "windowId", type: "text", maxLength: 100 },
    { kind: "leaf", element: "OutageBegntime", field: "outageBegin", type: "time" },
    { kind: "leaf", element: "OutageEndtime", field: "outageEnd", type: "time", required: true },
    { kind: "leaf", element: "CashRcptNo", field: "cashReceiptNo", type: "text", maxLength: 100 },
    { kind: "leaf", element: "CashMedfeeSumamt", field: "cashMedfeeSumamt", type: "amount", presence: true },
    { kind: "leaf", element: "CashPayAmt", field: "cashPaidAmt", type: "amount", required: true, presence: true },
  ],
};

/** Spec §4: a settled late claim's answer — the cash paid, the patient's cash share, the refund owed. */
const LATE_SETL_RESULT: GroupRule = {
  kind: "group",
  element: "LateSetl",
  field: "lateSetl",
  children: [
    { kind: "leaf", element: "WinId", field: "windowId", type: "text", maxLength: 100 },
    { kind: "leaf", element: "CashRcptNo", field: "cashReceiptNo", type: "text", maxLength: 100 },
    { kind: "leaf", element: "CashPayAmt", field: "cashPaidAmt", type: "amount" },
    { kind: "leaf", element: "PsnCashPay", field: "psnCashPay", type: "amount", presence: true },
    { kind: "leaf", element: "RefdAmt", field: "refundAmt", type: "amount" },
  ],
};

/** The xml-esb dialect as specified in docs/dialects/xml-esb.md. */
export const XML_ESB_MAPPING: XmlEsbMapping = {
  claim: {
    kind: "group",
    element: "Envelope",
    required: true,
    children: [CLAIM_HEAD, { kind: "group", element: "Body", required: true, children: [PSN, MDTRT, SETTLE, FEE_LIST, LATE_SETL] }],
  },
  result: {
    kind: "group",
    element: "Envelope",
    required: true,
    children: [
      RESPONSE_HEAD,
      {
        kind: "group",
        element: "Body",
        required: true,
        children: [
          { kind: "group", element: "SetlInfo", field: "adjudication", message: AdjudicationSchema, children: SETL_INFO_CHILDREN },
          LATE_SETL_RESULT,
          { kind: "group", element: "Reject", field: "reject", children: REASON_CHILDREN },
          { kind: "group", element: "Hold", field: "hold", children: REASON_CHILDREN.filter((r) => r.element !== "Source") },
        ],
      },
    ],
  },
  reply: {
    kind: "group",
    element: "Envelope",
    required: true,
    children: [
      RESPONSE_HEAD,
      {
        kind: "group",
        element: "Body",
        required: true,
        children: [{ kind: "group", element: "SetlInfo", field: "adjudication", message: AdjudicationSchema, required: true, children: SETL_INFO_CHILDREN }],
      },
    ],
  },
  transactions: TRANSACTIONS,
  resultCodes: {
    settled: { code: "0000", message: "结算成功" },
    refused: { code: "1001", message: "参保地拒绝结算" },
    auditRejected: { code: "1002", message: "审核拒付" },
    held: { code: "2001", message: "待人工审核" },
    refusalSource: "REFUSAL",
    auditSource: "AUDIT",
    noRuleRejected: "AUDIT_REJECT",
    noRuleHeld: "REVIEW",
    maxRetMsgLength: 200,
    maxReasonLength: 1_000,
  },
  hubNode: "TXHUB",
  limits: {
    maxPayloadBytes: 1_048_576,
    maxDepth: 32,
    maxElements: 120_000,
    maxTextLength: 4_096,
    maxViolations: 100,
  },
};
