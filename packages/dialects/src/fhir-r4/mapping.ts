/**
 * The fhir-r4 mapping: every FHIR path of docs/dialects/fhir-r4.md and the canonical field it
 * carries, as data, in the order the hub writes them. Path syntax (fhir-path.ts): `a.b` properties,
 * `a[0]` an index, `a[k=v]` the array entry whose `k` is `v`, `a{k=v}` a single object whose `k` is
 * `v`, `a[k~system|code]` the array entry whose CodeableConcept `k` has that coding.
 */
import { Scale } from "@tongxing/domain";
import { ClaimKind, FeeLineSchema } from "@tongxing/proto";
import type { CodeRow, FhirR4Mapping, Rule } from "./mapping-types.js";

/** Tongxing's FHIR namespace (spec §3.1). */
const BASE = "https://tongxing.example/fhir/";
const SD = `${BASE}StructureDefinition/`;
const CS = `${BASE}CodeSystem/`;
const SID = `${BASE}sid/`;
const HL7 = "http://terminology.hl7.org/CodeSystem/";

/** The path of a Tongxing extension's entry. */
const ext = (name: string): string => `extension[url=${SD}${name}]`;

/** `Claim.type` (spec §3.4): one code sets kind and infno. */
const CLAIM_TYPES: readonly CodeRow[] = [
  { local: "professional", label: "outpatient, 2207", values: { kind: ClaimKind.OUTPATIENT, infno: "2207" } },
  { local: "institutional", label: "inpatient, 2304", values: { kind: ClaimKind.INPATIENT, infno: "2304" } },
  { local: "pharmacy", label: "pharmacy, 2102", values: { kind: ClaimKind.PHARMACY, infno: "2102" } },
];

/** Elements of the FHIR R4 Claim resource. */
const CLAIM_ELEMENTS = [
  "resourceType", "id", "meta", "implicitRules", "language", "text", "contained", "extension", "modifierExtension",
  "identifier", "status", "type", "subType", "use", "patient", "billablePeriod", "created", "enterer", "insurer",
  "provider", "priority", "fundsReserve", "related", "prescription", "originalPrescription", "payee", "referral",
  "facility", "careTeam", "supportingInfo", "diagnosis", "procedure", "insurance", "accident", "item", "total",
];

/** Elements of the FHIR R4 Claim.item backbone element. */
const ITEM_ELEMENTS = [
  "id", "extension", "modifierExtension", "sequence", "careTeamSequence", "diagnosisSequence", "procedureSequence",
  "informationSequence", "revenue", "category", "productOrService", "modifier", "programCode", "servicedDate",
  "servicedPeriod", "locationCodeableConcept", "locationAddress", "locationReference", "quantity", "unitPrice",
  "factor", "net", "udi", "bodySite", "subSite", "encounter", "detail",
];

/** Elements of the FHIR R4 ClaimResponse resource. */
const CLAIM_RESPONSE_ELEMENTS = [
  "resourceType", "id", "meta", "implicitRules", "language", "text", "contained", "extension", "modifierExtension",
  "identifier", "status", "type", "subType", "use", "patient", "created", "insurer", "requestor", "request", "outcome",
  "disposition", "preAuthRef", "preAuthPeriod", "payeeType", "item", "addItem", "adjudication", "total", "payment",
  "fundsReserve", "formCode", "form", "processNote", "communicationRequest", "insurance", "error",
];

/**
 * Spec §3.3: one `Claim.item` → one FeeLine. The split extensions are written whenever the split
 * was sent, zero included, and left out when it was not (absent is not zero).
 */
const ITEM_RULES: readonly Rule[] = [
  { kind: "field", path: `${ext("feedetl-sn")}.valueString`, field: "feedetlSn", type: "string", required: true },
  { kind: "field", path: `${ext("init-feedetl-sn")}.valueString`, field: "initFeedetlSn", type: "string" },
  { kind: "field", path: `${ext("chrgitm-lv")}.valueCode`, field: "chrgitmLv", type: "code" },
  { kind: "field", path: `${ext("fulamt-ownpay-amt")}.valueMoney`, field: "fulamtOwnpayAmt", type: "money", emit: "always" },
  { kind: "field", path: `${ext("overlmt-amt")}.valueMoney`, field: "overlmtAmt", type: "money", emit: "always" },
  { kind: "field", path: `${ext("preselfpay-amt")}.valueMoney`, field: "preselfpayAmt", type: "money", emit: "always" },
  { kind: "field", path: `${ext("inscp-scp-amt")}.valueMoney`, field: "inscpScpAmt", type: "money", emit: "always" },
  { kind: "position", path: "sequence" },
  { kind: "field", path: `category.coding[system=${CS}med-chrgitm-type].code`, field: "medChrgitmType", type: "code" },
  { kind: "field", path: `productOrService.coding[system=${CS}med-list].code`, field: "medListCodg", type: "code", required: true },
  { kind: "field", path: `productOrService.coding[system=${CS}medins-list].code`, field: "medinsListCodg", type: "code" },
  { kind: "field", path: "servicedPeriod.start", field: "feeOcurTime", type: "dateTime", fallback: ["servicedDate"] },
  { kind: "field", path: "quantity.value", field: "cntE4", type: "decimal", scale: Scale.CNT, required: true },
  { kind: "field", path: "unitPrice", field: "pricE6", type: "money", scale: Scale.PRIC, required: true },
  { kind: "field", path: "net", field: "detItemFeeSumamt", type: "money", required: true },
];

/** A sub-extension of the complex `late-settlement` extension (spec §3.5). */
const late = (name: string): string => `${ext("late-settlement")}.extension[url=${name}]`;

/** Spec §3.5: a late claim's block (补录重新结算), optional; checked whole in claim-codec.ts. */
const LATE_SETTLEMENT_RULES: readonly Rule[] = [
  { kind: "field", path: `${late("window-id")}.valueString`, field: "lateSettlement.windowId", type: "string" },
  { kind: "field", path: `${late("outage-begin")}.valueDateTime`, field: "lateSettlement.outageBegin", type: "dateTime" },
  { kind: "field", path: `${late("outage-end")}.valueDateTime`, field: "lateSettlement.outageEnd", type: "dateTime" },
  { kind: "field", path: `${late("cash-receipt-no")}.valueString`, field: "lateSettlement.cashReceiptNo", type: "string" },
  { kind: "field", path: `${late("cash-medfee-sumamt")}.valueMoney`, field: "lateSettlement.cashMedfeeSumamt", type: "money" },
  { kind: "field", path: `${late("cash-paid-amt")}.valueMoney`, field: "lateSettlement.cashPaidAmt", type: "money" },
];

/** Spec §4.4: a settled late claim's answer — the window, the receipt, the cash paid and the refund owed. */
const LATE_SETTLEMENT_RESPONSE_RULES: readonly Rule[] = [
  { kind: "field", path: `${late("window-id")}.valueString`, field: "lateSettlement.windowId", type: "string" },
  { kind: "field", path: `${late("cash-receipt-no")}.valueString`, field: "lateSettlement.cashReceiptNo", type: "string" },
  { kind: "field", path: `${late("cash-paid-amt")}.valueMoney`, field: "lateSettlement.cashPaidAmt", type: "money" },
  { kind: "field", path: `${late("refund-amt")}.valueMoney`, field: "lateSettlementRefundFen", type: "money" },
];

/** Spec §3.2: the Claim → the canonical Claim. */
const CLAIM_RULES: readonly Rule[] = [
  { kind: "fixed", path: "resourceType", value: "Claim", read: "required", write: "always" },
  { kind: "field", path: `${ext("mdtrtarea-admvs")}.valueString`, field: "mdtrtareaAdmvs", type: "string", required: true },
  { kind: "field", path: `${ext("mdtrt-id")}.valueString`, field: "encounter.mdtrtId", type: "string", required: true },
  { kind: "field", path: `${ext("med-type")}.valueCode`, field: "encounter.medType", type: "code", required: true },
  { kind: "field", path: `${ext("chrg-bchno")}.valueString`, field: "encounter.chrgBchno", type: "string" },
  { kind: "field", path: `${ext("mid-setl-flag")}.valueCode`, field: "encounter.midSetlFlag", type: "code" },
  { kind: "field", path: `${ext("psn-setlway")}.valueCode`, field: "encounter.psnSetlway", type: "code" },
  { kind: "field", path: `${ext("acct-used-flag")}.valueCode`, field: "encounter.acctUsedFlag", type: "code" },
  { kind: "field", path: `${ext("invono")}.valueString`, field: "encounter.invono", type: "string" },
  { kind: "field", path: `${ext("fulamt-ownpay-amt")}.valueMoney`, field: "totals.fulamtOwnpayAmt", type: "money", emit: "always" },
  { kind: "field", path: `${ext("overlmt-selfpay")}.valueMoney`, field: "totals.overlmtSelfpay", type: "money", emit: "always" },
  { kind: "field", path: `${ext("preselfpay-amt")}.valueMoney`, field: "totals.preselfpayAmt", type: "money", emit: "always" },
  { kind: "field", path: `${ext("inscp-scp-amt")}.valueMoney`, field: "totals.inscpScpAmt", type: "money", emit: "always" },
  ...LATE_SETTLEMENT_RULES,
  { kind: "field", path: `identifier[system=${SID}msgid].value`, field: "msgid", type: "string", required: true, fallback: ["id"] },
  { kind: "fixed", path: "status", value: "active", read: "required", write: "always" },
  { kind: "coded", path: `type.coding[system=${HL7}claim-type].code`, required: true, codes: CLAIM_TYPES },
  { kind: "fixed", path: "use", value: "claim", read: "required", write: "always" },
  { kind: "field", path: `patient.${ext("psn-cert")}.valueIdentifier.type.coding[system=${CS}psn-cert-type].code`, field: "person.psnCertType", type: "code" },
  { kind: "field", path: `patient.${ext("psn-cert")}.valueIdentifier.value`, field: "person.certno", type: "string" },
  { kind: "field", path: `patient.${ext("mdtrt-cert")}.valueIdentifier.type.coding[system=${CS}mdtrt-cert-type].code`, field: "person.mdtrtCertType", type: "code", required: true },
  { kind: "field", path: `patient.${ext("mdtrt-cert")}.valueIdentifier.value`, field: "person.mdtrtCertNo", type: "string", required: true },
  { kind: "field", path: `patient.${ext("card-sn")}.valueString`, field: "person.cardSn", type: "string" },
  { kind: "field", path: `patient.identifier{system=${SID}psn-no}.value`, field: "person.psnNo", type: "string", required: true },
  { kind: "field", path: "patient.display", field: "person.psnName", type: "string" },
  { kind: "field", path: "billablePeriod.start", field: "encounter.begntime", type: "dateTime" },
  { kind: "field", path: "billablePeriod.end", field: "encounter.endtime", type: "dateTime" },
  { kind: "field", path: "created", field: "infTime", type: "dateTime", required: true },
  { kind: "field", path: `enterer.identifier{system=${SID}opter}.value`, field: "opter", type: "string" },
  { kind: "field", path: `provider.identifier{system=${SID}fixmedins-code}.value`, field: "fixmedinsCode", type: "string", required: true },
  { kind: "field", path: "provider.display", field: "fixmedinsName", type: "string" },
  { kind: "fixed", path: "priority.coding[0].system", value: `${HL7}processpriority`, read: "ignored", write: "always" },
  { kind: "fixed", path: "priority.coding[0].code", value: "normal", read: "ignored", write: "always" },
  { kind: "fixed", path: "diagnosis[0].sequence", value: 1, read: "ignored", write: "with-parent" },
  { kind: "field", path: `diagnosis[0].diagnosisCodeableConcept.coding[system=${CS}dise-codg].code`, field: "encounter.diseCodg", type: "code" },
  { kind: "field", path: `diagnosis[0].diagnosisCodeableConcept.coding[system=${CS}dise-codg].display`, field: "encounter.diseName", type: "string" },
  { kind: "at-most", path: "insurance", max: 1, why: "the hub settles one insurance type per claim" },
  { kind: "fixed", path: "insurance[0].sequence", value: 1, read: "ignored", write: "with-parent" },
  { kind: "fixed", path: "insurance[0].focal", value: true, read: "ignored", write: "with-parent" },
  { kind: "field", path: `insurance[0].coverage.${ext("insutype")}.valueCode`, field: "person.insutype", type: "code", required: true },
  { kind: "field", path: `insurance[0].coverage.${ext("insuplc-admdvs")}.valueString`, field: "insuplcAdmdvs", type: "string", required: true },
  { kind: "list", path: "item", field: "feeLines", message: FeeLineSchema, maxItems: 5_000, elements: ITEM_ELEMENTS, rules: ITEM_RULES },
  { kind: "field", path: "total", field: "totals.medfeeSumamt", type: "money", required: true },
];

/** The `total[]` entry of one adjudication amount (spec §4.2). */
const total = (system: string, code: string, field: string, required = false): Rule => ({
  kind: "field",
  path: `total[category~${system}|${code}].amount`,
  field: `adjudication.${field}`,
  type: "money",
  emit: "always",
  required,
});
const amountType = `${CS}amount-type`;
/** Adjudication amounts without an HL7 category: [field, code of the amount-type code system]. */
const LOCAL_AMOUNTS = [
  ["fulamtOwnpayAmt", "fulamt_ownpay_amt"], ["overlmtSelfpay", "overlmt_selfpay"], ["preselfpayAmt", "preselfpay_amt"],
  ["hifpPay", "hifp_pay"], ["cvlservPay", "cvlserv_pay"], ["hifesPay", "hifes_pay"], ["hifmiPay", "hifmi_pay"],
  ["hifobPay", "hifob_pay"], ["mafPay", "maf_pay"], ["othPay", "oth_pay"], ["hospPartAmt", "hosp_part_amt"],
  ["acctPay", "acct_pay"], ["psnCashPay", "psn_cash_pay"], ["acctMulaidPay", "acct_mulaid_pay"], ["balc", "balc"],
] as const;
const adjudication = `${HL7}adjudication`;

/** Elements of the FHIR R4 ClaimResponse.item backbone element. */
const RESPONSE_ITEM_ELEMENTS = ["id", "extension", "modifierExtension", "itemSequence", "noteNumber", "adjudication", "detail"];

/**
 * Spec §4.3: one `ClaimResponse.item` → one per-line result of the insured side (the national
 * fee-upload answer): which line (`feedetl_sn`), its total and its split, class and caps.
 */
const RESPONSE_ITEM_RULES: readonly Rule[] = [
  { kind: "field", path: `${ext("feedetl-sn")}.valueString`, field: "feedetlSn", type: "string", required: true },
  { kind: "field", path: `${ext("chrgitm-lv")}.valueCode`, field: "chrgitmLv", type: "code" },
  { kind: "field", path: `${ext("selfpay-prop-permille")}.valueInteger`, field: "selfpayPropPermille", type: "integer" },
  { kind: "field", path: `${ext("pric-uplmt-amt")}.valueMoney`, field: "pricUplmtAmtE6", type: "money", scale: Scale.PRIC },
  { kind: "position", path: "itemSequence" },
  { kind: "field", path: `adjudication[category~${adjudication}|submitted].amount`, field: "detItemFeeSumamt", type: "money", emit: "always", required: true },
  { kind: "field", path: `adjudication[category~${adjudication}|eligible].amount`, field: "inscpScpAmt", type: "money", emit: "always", required: true },
  { kind: "field", path: `adjudication[category~${CS}amount-type|fulamt_ownpay_amt].amount`, field: "fulamtOwnpayAmt", type: "money", emit: "always", required: true },
  { kind: "field", path: `adjudication[category~${CS}amount-type|overlmt_amt].amount`, field: "overlmtAmt", type: "money", emit: "always", required: true },
  { kind: "field", path: `adjudication[category~${CS}amount-type|preselfpay_amt].amount`, field: "preselfpayAmt", type: "money", emit: "always", required: true },
];

/** Spec §4 and §5: the ClaimResponse ↔ a ResponseView (claim-response.ts). */
const CLAIM_RESPONSE_RULES: readonly Rule[] = [
  { kind: "fixed", path: "resourceType", value: "ClaimResponse", read: "required", write: "always" },
  { kind: "field", path: `${ext("mdtrtarea-admvs")}.valueString`, field: "mdtrtareaAdmvs", type: "string" },
  { kind: "field", path: `${ext("mdtrt-id")}.valueString`, field: "mdtrtId", type: "string" },
  { kind: "field", path: `${ext("med-type")}.valueCode`, field: "medType", type: "code" },
  { kind: "field", path: `${ext("clr-type")}.valueCode`, field: "adjudication.clrType", type: "code" },
  { kind: "field", path: `${ext("clr-way")}.valueCode`, field: "adjudication.clrWay", type: "code" },
  { kind: "field", path: `${ext("clr-optins")}.valueString`, field: "adjudication.clrOptins", type: "string" },
  { kind: "field", path: `${ext("pool-prop-permille")}.valueInteger`, field: "adjudication.poolPropPermille", type: "integer" },
  ...LATE_SETTLEMENT_RESPONSE_RULES,
  { kind: "field", path: `identifier[system=${SID}claim-id].value`, field: "claimId", type: "string" },
  { kind: "field", path: `identifier[system=${SID}setl-id].value`, field: "adjudication.setlId", type: "string", required: true },
  { kind: "field", path: "status", field: "status", type: "code", required: true },
  { kind: "coded", path: `type.coding[system=${HL7}claim-type].code`, codes: CLAIM_TYPES },
  { kind: "fixed", path: "use", value: "claim", read: "if-present", write: "always" },
  { kind: "field", path: `patient.identifier{system=${SID}psn-no}.value`, field: "psnNo", type: "string" },
  { kind: "field", path: "patient.display", field: "psnName", type: "string" },
  { kind: "field", path: "created", field: "created", type: "dateTime" },
  { kind: "field", path: `insurer.identifier{system=${SID}admdvs}.value`, field: "insuplcAdmdvs", type: "string" },
  { kind: "field", path: `requestor.identifier{system=${SID}fixmedins-code}.value`, field: "fixmedinsCode", type: "string" },
  { kind: "field", path: `request.identifier{system=${SID}msgid}.value`, field: "msgid", type: "string", required: true },
  { kind: "field", path: "outcome", field: "outcome", type: "code", required: true },
  { kind: "field", path: "disposition", field: "disposition", type: "string" },
  total(adjudication, "submitted", "medfeeSumamt", true),
  total(adjudication, "eligible", "inscpScpAmt"),
  total(adjudication, "deductible", "actPayDedc"),
  total(adjudication, "benefit", "fundPaySumamt"),
  total(adjudication, "copay", "psnPartAmt"),
  ...LOCAL_AMOUNTS.map(([field, code]) => total(amountType, code, field)),
  { kind: "list", path: "item", field: "lineResults", maxItems: 5_000, elements: RESPONSE_ITEM_ELEMENTS, rules: RESPONSE_ITEM_RULES },
  {
    kind: "list",
    path: "processNote",
    field: "notes",
    maxItems: 1_000,
    elements: ["id", "extension", "modifierExtension", "number", "type", "text", "language"],
    rules: [
      { kind: "position", path: "number" },
      { kind: "fixed", path: "type", value: "display", read: "ignored", write: "with-parent" },
      { kind: "field", path: "text", field: "text", type: "string", required: true },
    ],
  },
  {
    kind: "list",
    path: "error",
    field: "errors",
    maxItems: 1_000,
    elements: ["id", "extension", "modifierExtension", "itemSequence", "detailSequence", "subDetailSequence", "code"],
    rules: [
      { kind: "field", path: "code.coding[0].system", field: "system", type: "string" },
      { kind: "field", path: "code.coding[0].code", field: "code", type: "code", required: true },
      { kind: "field", path: "code.text", field: "text", type: "string" },
    ],
  },
];

/** The fhir-r4 dialect as specified in docs/dialects/fhir-r4.md. */
export const FHIR_R4_MAPPING: FhirR4Mapping = {
  claim: { resourceType: "Claim", elements: CLAIM_ELEMENTS, rules: CLAIM_RULES },
  claimResponse: { resourceType: "ClaimResponse", elements: CLAIM_RESPONSE_ELEMENTS, rules: CLAIM_RESPONSE_RULES },
  extensionBase: SD,
  currency: "CNY",
  errorSystems: { refusal: `${CS}refusal-code`, auditRule: `${CS}audit-rule` },
  texts: {
    settled: "结算成功",
    cancelled: "结算已撤销",
    refused: "参保地拒绝结算",
    auditRejected: "审核拒付",
    held: "待人工审核",
    noRuleRejected: "AUDIT_REJECT",
    noRuleHeld: "REVIEW",
    maxDispositionLength: 1_000,
  },
  limits: { maxPayloadBytes: 1_048_576, maxDepth: 32, maxTextLength: 4_096, maxViolations: 50 },
};
