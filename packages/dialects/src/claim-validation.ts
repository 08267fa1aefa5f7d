import { isAdmdvs, Scale, type FieldViolation } from "@tongxing/domain";
import { ClaimKind, type Claim, type FeeLine } from "@tongxing/proto";

/**
 * What every canonical claim must satisfy, whatever dialect it arrived in: required fields,
 * national code tables, length limits, signs and ranges. Dialects decode first (wire types,
 * exact decimals), then run this on the mapped claim and rename the canonical field paths to
 * their own, so the rules exist once.
 */

/** 险种类型 accepted (DOMAIN.md code tables). */
export const INSUTYPES: readonly string[] = ["310", "320", "330", "340", "390", "392", "410", "510"];
/** 就诊凭证类型: 01 e-voucher, 02 resident ID card, 03 social security card. */
export const MDTRT_CERT_TYPES: readonly string[] = ["01", "02", "03"];
/** Most fee lines accepted in one claim. */
export const MAX_FEE_LINES = 5_000;

/**
 * Digits accepted before the decimal point, by national scale. Amounts: 15, the exact-decimal
 * parser's own bound (far beyond any claim). cnt and pric: 12, so that cnt × 10^4 and
 * pric × 10^6 always fit the proto's int64.
 */
export function integerDigitLimit(scale: number): number {
  return scale === Scale.FEN ? 15 : 12;
}

/** The description every dialect gives a number beyond {@link integerDigitLimit}. */
export function tooLargeDescription(scale: number): string {
  return `is too large (at most ${integerDigitLimit(scale)} digits before the decimal point)`;
}

/**
 * Whether `value` has more than `max` characters, counted as code points (𠮷 counts 1, as the
 * sender counts it). Cheap for the common case: a string no longer in UTF-16 units is never longer.
 */
export function exceedsLength(value: string, max: number): boolean {
  if (value.length <= max) return false;
  let count = 0;
  for (const _ of value) if (++count > max) return true;
  return false;
}

const bound = (scale: number): bigint => 10n ** BigInt(integerDigitLimit(scale) + scale);
const AMOUNT_BOUND = bound(Scale.FEN);
const CNT_BOUND = bound(Scale.CNT);
const PRIC_BOUND = bound(Scale.PRIC);

interface TextRule {
  readonly required?: boolean;
  /** Longest value in characters (code points). */
  readonly max: number;
  /** A format check, and what it means for the description ("6 digits (医保区划)"). */
  readonly valid?: (value: string) => boolean;
  readonly hint?: string;
  readonly oneOf?: readonly string[];
}

// Coded fields are judged by their format or code table; this only bounds the work and the echo.
const CODED_MAX = 30;
const ADMDVS: TextRule = { required: true, max: CODED_MAX, valid: isAdmdvs, hint: "6 digits (医保区划)" };
const MSGID_PATTERN = /^[0-9A-Za-z]+$/;
const MED_TYPE_PATTERN = /^\d{2,6}$/;
const FLAG: TextRule = { max: CODED_MAX, oneOf: ["0", "1"] };

/** Collects violations; each field is checked once, so each is named at most once. */
class Checks {
  readonly violations: FieldViolation[] = [];

  add(field: string, description: string): void {
    this.violations.push({ field, description });
  }

  text(value: string, field: string, rule: TextRule): void {
    if (value === "") {
      if (rule.required === true) this.add(field, "is required");
      return;
    }
    if (exceedsLength(value, rule.max)) this.add(field, `is longer than ${rule.max} characters`);
    else if (rule.valid !== undefined && !rule.valid(value)) this.add(field, `must be ${rule.hint ?? "well-formed"}`);
    else if (rule.oneOf !== undefined && !rule.oneOf.includes(value)) {
      this.add(field, `must be one of ${rule.oneOf.join(", ")}; got "${value.slice(0, 20)}"`);
    }
  }

  /** A scaled integer: within the bound, and negative never, or only on a refund line. */
  scaled(value: bigint, field: string, scale: number, limit: bigint, negative: "refund-only" | "never", refund: boolean): void {
    if (value >= limit || value <= -limit) this.add(field, tooLargeDescription(scale));
    else if (value < 0n && negative === "never") this.add(field, "must not be negative");
    else if (value < 0n && negative === "refund-only" && !refund) {
      this.add(field, "may be negative only on a refund line (one with init_feedetl_sn)");
    }
  }

  /** A required fen amount: absent is refused ("is required"), never read as 0. */
  requiredAmount(value: bigint | undefined, field: string, negative: "refund-only" | "never", refund: boolean): void {
    if (value === undefined) this.add(field, "is required");
    else this.scaled(value, field, Scale.FEN, AMOUNT_BOUND, negative, refund);
  }

  /**
   * A catalogue split (four fen amounts): absent is not zero, so a part not sent is not checked
   * (nor read as 0 here). Whether a line has a split at all is the auditor's question (rule L1).
   */
  split(parts: readonly (readonly [bigint | undefined, string])[], negative: "refund-only" | "never", refund: boolean): void {
    for (const [value, field] of parts) {
      if (value !== undefined) this.scaled(value, field, Scale.FEN, AMOUNT_BOUND, negative, refund);
    }
  }
}

const KINDS = new Set<number>([ClaimKind.OUTPATIENT, ClaimKind.INPATIENT, ClaimKind.PHARMACY]);

/**
 * Every violation of `claim`, with canonical proto field paths (`insuplc_admdvs`,
 * `person.psn_no`, `totals.medfee_sumamt`, `fee_lines[3].pric_e6`). Empty when valid.
 * A missing person, encounter or totals message reads as empty, so its required fields are named.
 */
export function validateClaim(claim: Claim): FieldViolation[] {
  const c = new Checks();
  if (claim.kind === ClaimKind.UNSPECIFIED) c.add("kind", "is required (OUTPATIENT, INPATIENT or PHARMACY)");
  else if (!KINDS.has(claim.kind)) c.add("kind", `is not a known claim kind (${claim.kind})`);
  c.text(claim.infno, "infno", { max: 5 });
  c.text(claim.msgid, "msgid", { required: true, max: 30, valid: (v) => MSGID_PATTERN.test(v), hint: "1–30 letters or digits" });
  c.text(claim.mdtrtareaAdmvs, "mdtrtarea_admvs", ADMDVS);
  c.text(claim.insuplcAdmdvs, "insuplc_admdvs", ADMDVS);
  c.text(claim.fixmedinsCode, "fixmedins_code", { required: true, max: 30 });
  c.text(claim.fixmedinsName, "fixmedins_name", { max: 200 });
  c.text(claim.opter, "opter", { max: 50 });
  c.text(claim.infTime, "inf_time", { max: 30 });

  const p = claim.person;
  c.text(p?.psnNo ?? "", "person.psn_no", { required: true, max: 30 });
  c.text(p?.psnName ?? "", "person.psn_name", { max: 50 });
  c.text(p?.psnCertType ?? "", "person.psn_cert_type", { max: 6 });
  c.text(p?.certno ?? "", "person.certno", { max: 50 });
  c.text(p?.insutype ?? "", "person.insutype", { required: true, max: CODED_MAX, oneOf: INSUTYPES });
  c.text(p?.mdtrtCertType ?? "", "person.mdtrt_cert_type", { required: true, max: CODED_MAX, oneOf: MDTRT_CERT_TYPES });
  c.text(p?.mdtrtCertNo ?? "", "person.mdtrt_cert_no", { required: true, max: 100 });
  if (p?.mdtrtCertType === "03" && (p.cardSn ?? "") === "") c.add("person.card_sn", "is required when mdtrt_cert_type is 03 (social security card)");
  else c.text(p?.cardSn ?? "", "person.card_sn", { max: 50 });

  const e = claim.encounter;
  c.text(e?.mdtrtId ?? "", "encounter.mdtrt_id", { required: true, max: 30 });
  c.text(e?.medType ?? "", "encounter.med_type", { required: true, max: CODED_MAX, valid: (v) => MED_TYPE_PATTERN.test(v), hint: "2–6 digits (医疗类别)" });
  c.text(e?.begntime ?? "", "encounter.begntime", { max: 30 });
  c.text(e?.endtime ?? "", "encounter.endtime", { max: 30 });
  c.text(e?.diseCodg ?? "", "encounter.dise_codg", { max: 30 });
  c.text(e?.diseName ?? "", "encounter.dise_name", { max: 200 });
  c.text(e?.chrgBchno ?? "", "encounter.chrg_bchno", { max: 30 });
  c.text(e?.midSetlFlag ?? "", "encounter.mid_setl_flag", FLAG);
  c.text(e?.psnSetlway ?? "", "encounter.psn_setlway", { max: 6 });
  c.text(e?.acctUsedFlag ?? "", "encounter.acct_used_flag", FLAG);
  c.text(e?.invono ?? "", "encounter.invono", { max: 50 });

  const t = claim.totals;
  if (t === undefined) c.add("totals.medfee_sumamt", "is required");
  else {
    // A settle message's header totals are never negative; refunds are separate lines or a cancel.
    c.requiredAmount(t.medfeeSumamt, "totals.medfee_sumamt", "never", false);
    c.split(
      [
        [t.fulamtOwnpayAmt, "totals.fulamt_ownpay_amt"],
        [t.overlmtSelfpay, "totals.overlmt_selfpay"],
        [t.preselfpayAmt, "totals.preselfpay_amt"],
        [t.inscpScpAmt, "totals.inscp_scp_amt"],
      ],
      "never",
      false,
    );
  }

  if (claim.feeLines.length > MAX_FEE_LINES) {
    c.add("fee_lines", `has ${claim.feeLines.length} lines; at most ${MAX_FEE_LINES} are accepted`);
  } else {
    claim.feeLines.forEach((line, i) => checkFeeLine(c, line, `fee_lines[${i}]`));
  }
  return c.violations;
}

function checkFeeLine(c: Checks, line: FeeLine, path: string): void {
  const refund = line.initFeedetlSn !== "";
  c.text(line.feedetlSn, `${path}.feedetl_sn`, { required: true, max: 30 });
  c.text(line.initFeedetlSn, `${path}.init_feedetl_sn`, { max: 30 });
  c.text(line.medListCodg, `${path}.med_list_codg`, { required: true, max: 50 });
  c.text(line.medinsListCodg, `${path}.medins_list_codg`, { max: 50 });
  c.text(line.medChrgitmType, `${path}.med_chrgitm_type`, { max: 6 });
  c.text(line.chrgitmLv, `${path}.chrgitm_lv`, { max: 3 });
  c.text(line.feeOcurTime, `${path}.fee_ocur_time`, { max: 30 });
  c.scaled(line.cntE4, `${path}.cnt_e4`, Scale.CNT, CNT_BOUND, "refund-only", refund);
  c.scaled(line.pricE6, `${path}.pric_e6`, Scale.PRIC, PRIC_BOUND, "never", refund);
  c.requiredAmount(line.detItemFeeSumamt, `${path}.det_item_fee_sumamt`, "refund-only", refund);
  c.split(
    [
      [line.fulamtOwnpayAmt, `${path}.fulamt_ownpay_amt`],
      [line.overlmtAmt, `${path}.overlmt_amt`],
      [line.preselfpayAmt, `${path}.preselfpay_amt`],
      [line.inscpScpAmt, `${path}.inscp_scp_amt`],
    ],
    "refund-only",
    refund,
  );
}
