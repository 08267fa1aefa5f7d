// Writes conformance/vectors/nhsa-json/: national-format messages covering every code table of
// DOMAIN.md, refunds, rare characters and boundary amounts, with the expected canonical claim and
// rendering. `node --import tsx conformance/scripts/generate-nhsa-json-vectors.ts [--out DIR]`,
// then review the diff by hand: the vectors are the contract, the codec must match them. --out
// writes elsewhere (a test regenerates into a temporary folder and compares byte for byte).
import { create, toJsonString } from "@bufbuild/protobuf";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { adjudicate, buildNhsaSettleMessage, policyFor, type ClaimSpec } from "@tongxing/loadtest";
import { ClaimSchema, ClaimStatus, SettlementResultSchema, VerdictOutcome, type SettlementResult } from "@tongxing/proto";
import { createDialectRegistry } from "@tongxing/dialects";
import { VECTORS_ROOT } from "../src/golden-vectors.js";

const dir = parseArgs({ options: { out: { type: "string" } } }).values.out ?? join(VECTORS_ROOT, "nhsa-json");
const nhsa = createDialectRegistry().get("nhsa-json");
type Json = Record<string, unknown> & { input: { data: Record<string, unknown>; feedetail?: Record<string, unknown>[]; drugdetail?: unknown } };
const DECIDED = "2026-11-24 10:15:30.250";

function base(kind: ClaimSpec["kind"], seq: number, insured = "320100", insutype = "310"): Json {
  return structuredClone(buildNhsaSettleMessage({ kind, treatmentAdmdvs: "370102", insuredAdmdvs: insured, seq, seed: 9000 + seq, insutype }).json) as unknown as Json;
}

function settledResult(json: Json): SettlementResult {
  const claim = nhsa.decodeClaim(new TextEncoder().encode(JSON.stringify(json))).claim;
  claim.claimId = "C00000000000000000000" + String(json.msgid).slice(-4);
  const insured = String(json.insuplc_admdvs).slice(0, 2);
  const outcome = adjudicate(claim, policyFor(insured), { setlId: `${insured}SETL${String(json.msgid).slice(-6)}`, setlTime: "2026-11-24 10:15:30", accountBalanceFen: 150_000n, adjudicatedBy: insured });
  if (!("adjudication" in outcome)) throw new Error("vector claim was refused");
  return create(SettlementResultSchema, { claimId: claim.claimId, status: ClaimStatus.SETTLED, adjudication: outcome.adjudication, verdict: { claimId: claim.claimId, outcome: VerdictOutcome.APPROVE, rulesetVersion: "2026.11-1", decidedAt: DECIDED }, msgid: claim.msgid, infno: claim.infno, dialect: "nhsa-json" });
}

let n = 0;
function claimVector(slug: string, description: string, json: Json | string, result?: (j: Json) => SettlementResult): void {
  const text = typeof json === "string" ? json : JSON.stringify(json);
  const bytes = new TextEncoder().encode(text);
  const claim = nhsa.decodeClaim(bytes).claim;
  const parsed = JSON.parse(text) as Json;
  const r = (result ?? settledResult)(parsed);
  const folder = join(dir, `${String(++n).padStart(3, "0")}-${slug}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "vector.json"), JSON.stringify({ description, kind: "claim", input: "input.json", result: "result.out.json" }, null, 2) + "\n");
  writeFileSync(join(folder, "input.json"), bytes);
  writeFileSync(join(folder, "claim.json"), toJsonString(ClaimSchema, claim, { prettySpaces: 2 }) + "\n");
  writeFileSync(join(folder, "result.json"), toJsonString(SettlementResultSchema, r, { prettySpaces: 2 }) + "\n");
  writeFileSync(join(folder, "result.out.json"), nhsa.encodeResult(r, claim));
}

function invalidVector(slug: string, description: string, input: string | Uint8Array, field: string, pattern: string): void {
  const folder = join(dir, `${String(++n).padStart(3, "0")}-${slug}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "vector.json"), JSON.stringify({ description, kind: "invalid", input: "input.json", error: { field, description: pattern } }, null, 2) + "\n");
  writeFileSync(join(folder, "input.json"), input);
}

rmSync(dir, { recursive: true, force: true });

claimVector("outpatient-2207-employee", "2207 outpatient settle, employee (310) with personal account, ID card (02), med_type 11", base("outpatient", 1));
const interim = base("inpatient", 2);
interim.input.data.mid_setl_flag = "1";
claimVector("inpatient-2304-interim", "2304 inpatient interim settlement (mid_setl_flag 1), med_type 21", interim);
const pharmacy = base("pharmacy", 3, "440100");
pharmacy.input.drugdetail = pharmacy.input.feedetail;
delete pharmacy.input.feedetail;
claimVector("pharmacy-2102-drugdetail", "2102 pharmacy settle with drugdetail, med_type 41, Guangdong (fund includes account)", pharmacy);
const refund = base("outpatient", 4);
const first = refund.input.feedetail![0]!;
refund.input.feedetail!.push({ ...first, feedetl_sn: "R00001", init_feedetl_sn: first.feedetl_sn, cnt: `-${String(first.cnt)}`, det_item_fee_sumamt: `-${String(first.det_item_fee_sumamt)}`, fulamt_ownpay_amt: `-${String(first.fulamt_ownpay_amt)}`, overlmt_amt: `-${String(first.overlmt_amt)}`, preselfpay_amt: `-${String(first.preselfpay_amt)}`, inscp_scp_amt: `-${String(first.inscp_scp_amt)}` });
for (const k of ["medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt"]) {
  const key = k === "overlmt_selfpay" ? "overlmt_amt" : k === "medfee_sumamt" ? "det_item_fee_sumamt" : k;
  const total = refund.input.feedetail!.reduce((s, l) => s + BigInt(String(l[key]).replace(/\.(\d\d)$/, "$1").replace(/^(-?)0+(?=\d)/, "$1")), 0n);
  refund.input.data[k] = `${total / 100n}.${String(total % 100n).padStart(2, "0")}`;
}
claimVector("refund-line", "a refund line: negative cnt and amounts naming the original line in init_feedetl_sn", refund);
const evoucher = base("outpatient", 5);
evoucher.input.data.mdtrt_cert_type = "01";
evoucher.input.data.mdtrt_cert_no = "E3201000000000000000000000000001";
claimVector("cert-01-evoucher", "mdtrt_cert_type 01: national e-voucher (医保电子凭证)", evoucher);
const card = base("outpatient", 6);
card.input.data.mdtrt_cert_type = "03";
card.input.data.card_sn = "320100D15600000500A1B2C3D4E5F6";
claimVector("cert-03-card", "mdtrt_cert_type 03: social security card, card_sn required", card);
const combos: [string, string, ClaimSpec["kind"]][] = [
  ["320", "13", "outpatient"], ["330", "14", "outpatient"], ["340", "22", "inpatient"], ["390", "23", "inpatient"],
  ["392", "24", "inpatient"], ["510", "28", "inpatient"], ["510", "51", "outpatient"], ["510", "52", "inpatient"],
];
combos.forEach(([insutype, medType, kind], i) => {
  const m = base(kind, 10 + i, "310100", insutype);
  m.input.data.med_type = medType;
  claimVector(`insutype-${insutype}-med-${medType}`, `insutype ${insutype}, med_type ${medType}`, m);
});
const ltc = base("inpatient", 18, "320100", "410");
claimVector("insutype-410-refused", "insutype 410 (long-term care): the insured platform refuses; REJECTED rendering", ltc, (j) =>
  create(SettlementResultSchema, { claimId: "C000000000000000000000018", status: ClaimStatus.REJECTED, refusal: { claimId: "C000000000000000000000018", code: "INSUTYPE_NOT_COVERED", message: "长期护理保险不支持异地直接结算" }, msgid: String(j.msgid), infno: "2304", dialect: "nhsa-json" }),
);
const rare = base("outpatient", 19);
rare.input.data.psn_name = "𠮷䶮堃";
rare.fixmedins_name = "喆犇医院 & <分院>";
claimVector("rare-characters", "生僻字 outside the BMP (𠮷) and CJK extension A (䶮) in names, JSON-special characters", rare);
const zero = base("outpatient", 20);
zero.input.feedetail = [];
for (const k of ["medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt"]) zero.input.data[k] = "0.00";
claimVector("boundary-zero", "boundary: a 0.00 claim without fee lines", zero);
const max = base("inpatient", 21);
max.input.feedetail = [];
Object.assign(max.input.data, { medfee_sumamt: "99999999.99", inscp_scp_amt: "99999999.99", fulamt_ownpay_amt: "0.00", overlmt_selfpay: "0.00", preselfpay_amt: "0.00" });
claimVector("boundary-max", "boundary: 99,999,999.99 yuan", max);
const numbers = JSON.stringify(base("outpatient", 22)).replace(/"(\d+\.\d{1,6})"/g, "$1").replace(/"insutype":"(\d+)"/, '"insutype":$1');
claimVector("json-numbers", "amounts, quantities and prices as JSON numbers; insutype as a number", numbers);
const held = base("outpatient", 23);
claimVector("held-result", "a HELD result renders infcode -1 with the rule ids", held, (j) =>
  create(SettlementResultSchema, { claimId: "C000000000000000000000023", status: ClaimStatus.HELD, verdict: { claimId: "C000000000000000000000023", outcome: VerdictOutcome.HOLD, findings: [{ ruleId: "F2", severity: 2, message: "same card in two provinces within 1 h", expected: "", actual: "" }], decidedAt: DECIDED }, msgid: String(j.msgid), infno: "2207", dialect: "nhsa-json" }),
);
const rejected = base("outpatient", 24);
claimVector("rejected-by-audit", "a claim rejected by the auditor renders its findings", rejected, (j) =>
  create(SettlementResultSchema, { claimId: "C000000000000000000000024", status: ClaimStatus.REJECTED, verdict: { claimId: "C000000000000000000000024", outcome: VerdictOutcome.REJECT, findings: [{ ruleId: "I2", severity: 3, message: "medfee_sumamt differs from fund_pay_sumamt + psn_part_amt + hosp_part_amt", expected: "12050", actual: "12051" }], decidedAt: DECIDED }, msgid: String(j.msgid), infno: "2207", dialect: "nhsa-json" }),
);

const bad = base("outpatient", 30);
bad.input.data.medfee_sumamt = "12.345";
invalidVector("invalid-three-decimals", "an amount with three decimals is refused, not rounded", JSON.stringify(bad), "input.data.medfee_sumamt", "decimal places");
const noRegion = base("outpatient", 31);
delete noRegion.insuplc_admdvs;
invalidVector("invalid-missing-insured-region", "insuplc_admdvs is required (it routes the claim)", JSON.stringify(noRegion), "insuplc_admdvs", "required");
const negative = base("outpatient", 32);
negative.input.data.medfee_sumamt = "-1.00";
invalidVector("invalid-negative-settle", "a settle total may not be negative", JSON.stringify(negative), "input.data.medfee_sumamt", "negative");
invalidVector("invalid-deep-nesting", "100,000 nested arrays are refused before parsing", "[".repeat(100_000) + "]".repeat(100_000), "payload", "nested deeper");
invalidVector("invalid-not-json", "not JSON", "{infno:2207", "payload", "not valid JSON");
const cancel = base("outpatient", 33);
cancel.infno = "2208";
invalidVector("invalid-cancel-is-not-a-claim", "2208 (cancel) is not a settle message", JSON.stringify(cancel), "infno", "must be one of");
const badCode = base("outpatient", 34);
badCode.input.data.mdtrt_cert_type = "09";
invalidVector("invalid-cert-type", "mdtrt_cert_type outside the national code table", JSON.stringify(badCode), "input.data.mdtrt_cert_type", "one of 01, 02, 03");
// Both line shapes: a hospital's fee upload sends lines without their catalogue split (absent, not
// 0.00); the insured side's answer carries the split per line (Adjudication.fee_lines).
const unsplit = (json: Json): Json => {
  const copy = structuredClone(json);
  for (const k of ["fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt"]) delete copy.input.data[k];
  for (const line of copy.input.feedetail ?? []) for (const k of ["fulamt_ownpay_amt", "overlmt_amt", "preselfpay_amt", "inscp_scp_amt"]) delete line[k];
  return copy;
};
claimVector("fee-upload-without-split", "2207 whose lines and totals carry no catalogue split (the fee-upload shape): the split stays absent; the insured side's per-line results settle it", unsplit(base("outpatient", 35)));
claimVector("inpatient-without-split", "2304 inpatient in the fee-upload shape, class A/B/self-pay lines judged per line by the insured side", unsplit(base("inpatient", 36)));
console.log(`wrote ${n} vectors to ${dir}`);
