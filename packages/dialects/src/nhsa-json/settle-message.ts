import { create } from "@bufbuild/protobuf";
import { Scale } from "@tongxing/domain";
import { ClaimKind, ClaimSchema, FeeLineSchema, type Claim, type FeeLine } from "@tongxing/proto";
import { MAX_FEE_LINES, validateClaim } from "../claim-validation.js";
import type { FieldReader } from "./field-reader.js";
import { readLateSettlementBlock } from "./late-settlement-block.js";

/** Settle transactions accepted as claims, and the claim kind each one is. */
export const SETTLE_INFNOS: Readonly<Record<string, ClaimKind>> = {
  "2207": ClaimKind.OUTPATIENT,
  "2304": ClaimKind.INPATIENT,
  "2102": ClaimKind.PHARMACY,
};

/**
 * Pre-settle transactions (2206 outpatient, 2303 inpatient, 2101 pharmacy): the same input as
 * the settle message of the kind, asking what would be paid (ClaimGateway.PreSettleClaim).
 */
export const PRE_SETTLE_INFNOS: Readonly<Record<string, ClaimKind>> = {
  "2206": ClaimKind.OUTPATIENT,
  "2303": ClaimKind.INPATIENT,
  "2101": ClaimKind.PHARMACY,
};

/**
 * Envelope fields the national interface defines but the canonical claim does not carry: checked
 * for type and length (so nothing unbounded is accepted), then not kept. Limits in characters.
 */
const UNCARRIED_ENVELOPE: Readonly<Record<string, number>> = {
  infver: 200,
  opter_type: 200,
  opter_name: 200,
  recer_sys_code: 200,
  dev_no: 200,
  dev_safe_info: 1024,
  cainfo: 4096,
  signtype: 200,
  sign_no: 200,
};

/**
 * The message path of a canonical field path from the claim validation: person, encounter and
 * totals fields all live in `input.data`; fee lines in the list the message used, with
 * `cnt`/`pric` for the scaled `cnt_e4`/`pric_e6`; the kind is the transaction code.
 */
function messagePath(canonical: string, listName: string): string {
  if (canonical === "kind") return "infno";
  const nested = /^(?:person|encounter|totals)\.(.+)$/.exec(canonical);
  if (nested !== null) return `input.data.${nested[1]}`;
  const line = /^fee_lines(.*)$/.exec(canonical);
  if (line !== null) return `input.${listName}${(line[1] ?? "").replace(/\.cnt_e4$/, ".cnt").replace(/\.pric_e6$/, ".pric")}`;
  return canonical;
}

/**
 * Maps one national settle message (2207 / 2304 / 2102) onto the canonical claim and validates
 * it, recording every problem in the reader with its message path. The root must be an object.
 */
export function readSettleMessage(root: Record<string, unknown>, r: FieldReader, infnos: Readonly<Record<string, ClaimKind>> = SETTLE_INFNOS): Claim {
  const infno = r.text(root.infno, "infno", { required: true, oneOf: Object.keys(infnos) });
  const kind = infnos[infno] ?? ClaimKind.UNSPECIFIED;
  for (const [name, maxLength] of Object.entries(UNCARRIED_ENVELOPE)) r.text(root[name], name, { maxLength });
  const given = r.object(root.input, "input", true);
  const input = given ?? {};
  // Without `input` or `input.data` only that one is named, not every field missing inside it.
  const dataGiven = given === undefined ? undefined : r.object(input.data, "input.data", true);
  const data = dataGiven ?? {};
  const d = (name: string) => data[name];
  const p = (name: string) => `input.data.${name}`;

  const claim = create(ClaimSchema, {
    kind,
    infno,
    msgid: r.text(root.msgid, "msgid"),
    mdtrtareaAdmvs: r.text(root.mdtrtarea_admvs, "mdtrtarea_admvs"),
    insuplcAdmdvs: r.text(root.insuplc_admdvs, "insuplc_admdvs"),
    fixmedinsCode: r.text(root.fixmedins_code, "fixmedins_code"),
    fixmedinsName: r.text(root.fixmedins_name, "fixmedins_name"),
    opter: r.text(root.opter, "opter"),
    infTime: r.text(root.inf_time, "inf_time"),
    person: {
      psnNo: r.text(d("psn_no"), p("psn_no")),
      psnName: r.text(d("psn_name"), p("psn_name")),
      psnCertType: r.text(d("psn_cert_type"), p("psn_cert_type")),
      certno: r.text(d("certno"), p("certno")),
      insutype: r.text(d("insutype"), p("insutype")),
      mdtrtCertType: r.text(d("mdtrt_cert_type"), p("mdtrt_cert_type")),
      mdtrtCertNo: r.text(d("mdtrt_cert_no"), p("mdtrt_cert_no")),
      cardSn: r.text(d("card_sn"), p("card_sn")),
    },
    encounter: {
      mdtrtId: r.text(d("mdtrt_id"), p("mdtrt_id")),
      medType: r.text(d("med_type"), p("med_type")),
      begntime: r.text(d("begntime"), p("begntime")),
      endtime: r.text(d("endtime"), p("endtime")),
      diseCodg: r.text(d("dise_codg"), p("dise_codg")),
      diseName: r.text(d("dise_name"), p("dise_name")),
      chrgBchno: r.text(d("chrg_bchno"), p("chrg_bchno")),
      midSetlFlag: r.text(d("mid_setl_flag"), p("mid_setl_flag")),
      psnSetlway: r.text(d("psn_setlway"), p("psn_setlway")),
      // The national default: no personal account unless the counter says so.
      acctUsedFlag: r.text(d("acct_used_flag"), p("acct_used_flag")) || "0",
      invono: r.text(d("invono"), p("invono")),
    },
    totals: {
      medfeeSumamt: r.decimal(d("medfee_sumamt"), p("medfee_sumamt"), { scale: Scale.FEN, required: dataGiven !== undefined }),
      fulamtOwnpayAmt: r.optionalDecimal(d("fulamt_ownpay_amt"), p("fulamt_ownpay_amt"), Scale.FEN),
      overlmtSelfpay: r.optionalDecimal(d("overlmt_selfpay"), p("overlmt_selfpay"), Scale.FEN),
      preselfpayAmt: r.optionalDecimal(d("preselfpay_amt"), p("preselfpay_amt"), Scale.FEN),
      inscpScpAmt: r.optionalDecimal(d("inscp_scp_amt"), p("inscp_scp_amt"), Scale.FEN),
    },
  });

  const pharmacy = kind === ClaimKind.PHARMACY;
  const listName = pharmacy && input.feedetail === undefined && input.drugdetail !== undefined ? "drugdetail" : "feedetail";
  if (pharmacy && input.feedetail !== undefined && input.drugdetail !== undefined) {
    r.violation("input.drugdetail", "must not be sent together with input.feedetail (send the lines once)");
  }
  const lines = r.array(input[listName], `input.${listName}`, MAX_FEE_LINES);
  claim.feeLines = lines.map((line, i) => readFeeLine(line, `input.${listName}[${i}]`, r));

  const late = readLateSettlementBlock(input.late_setl, r);
  if (late !== undefined) claim.lateSettlement = late;

  for (const v of validateClaim(claim)) r.violationIfNew(messagePath(v.field, listName), v.description);
  // Validated above whatever the transaction, but carried only where it means something, so an
  // outpatient or pharmacy claim can never look like an interim inpatient settlement downstream.
  if (kind !== ClaimKind.INPATIENT && claim.encounter !== undefined) claim.encounter.midSetlFlag = "";
  return claim;
}

function readFeeLine(value: unknown, path: string, r: FieldReader): FeeLine {
  const o = r.object(value, path, true);
  if (o === undefined) return create(FeeLineSchema);
  const f = (name: string) => `${path}.${name}`;
  const text = (name: string) => r.text(o[name], f(name));
  const amount = (name: string, required = false) => r.decimal(o[name], f(name), { scale: Scale.FEN, required });
  const splitPart = (name: string) => r.optionalDecimal(o[name], f(name), Scale.FEN);
  return create(FeeLineSchema, {
    feedetlSn: text("feedetl_sn"),
    initFeedetlSn: text("init_feedetl_sn"),
    medListCodg: text("med_list_codg"),
    medinsListCodg: text("medins_list_codg"),
    medChrgitmType: text("med_chrgitm_type"),
    chrgitmLv: text("chrgitm_lv"),
    // Without quantity, price and line total a line cannot be audited (L1), so they are required.
    cntE4: r.decimal(o.cnt, f("cnt"), { scale: Scale.CNT, required: true }),
    pricE6: r.decimal(o.pric, f("pric"), { scale: Scale.PRIC, required: true }),
    detItemFeeSumamt: amount("det_item_fee_sumamt", true),
    // The split is absent from a hospital's fee upload: kept absent, never read as 0.
    fulamtOwnpayAmt: splitPart("fulamt_ownpay_amt"),
    overlmtAmt: splitPart("overlmt_amt"),
    preselfpayAmt: splitPart("preselfpay_amt"),
    inscpScpAmt: splitPart("inscp_scp_amt"),
    feeOcurTime: text("fee_ocur_time"),
  });
}
