/**
 * Realistic national-interface settle messages (dialect nhsa-json) for tests, the demo and the
 * load generator: 2207 outpatient, 2304 inpatient and 2102 pharmacy settlements with an envelope,
 * `input.data` and `input.feedetail`, every amount exact two-decimal text made from bigint fen.
 */
import { formatFenAsYuan, formatScaledDecimal, PROVINCES, provinceByCode, Scale, type Province } from "@tongxing/domain";
import { FEE_CATALOGUE, type FeeItem, type FeeRole } from "./fee-catalogue.js";
import { insuredPerson } from "./insured-person.js";
import { createSeededRandom, type SeededRandom } from "./seeded-random.js";

/** Kind of claim to build. */
export type ClaimSpecKind = "outpatient" | "inpatient" | "pharmacy";

/** What claim to build. */
export interface ClaimSpec {
  readonly kind: ClaimSpecKind;
  /** admdvs of the hospital or pharmacy (treatment region, mdtrtarea_admvs), e.g. "370102". */
  readonly treatmentAdmdvs: string;
  /** admdvs of the patient's pooling region (insured region, insuplc_admdvs), e.g. "320100". */
  readonly insuredAdmdvs: string;
  /** The sender's message sequence: its last 4 digits end the msgid. */
  readonly seq: number;
  /** 险种类型; default drawn by the seed: 310 employees (57 %), 390 residents (40 %), 320 (3 %). */
  readonly insutype?: string;
  /** 人员编号; default drawn by the seed within the insured region. */
  readonly psnNo?: string;
  /** Seed of every random choice; default `seq`. */
  readonly seed?: number;
  /** Message time (inf_time and the msgid's timestamp); default a working-day time in 2026 drawn by the seed. */
  readonly at?: Date;
}

/** One `input.feedetail` line; every number is decimal text. */
export type NhsaFeeDetail = {
  feedetl_sn: string;
  med_list_codg: string;
  medins_list_codg: string;
  med_chrgitm_type: string;
  chrgitm_lv: string;
  /** Quantity, 4 decimals. */
  cnt: string;
  /** Unit price, 6 decimals. */
  pric: string;
  det_item_fee_sumamt: string;
  fulamt_ownpay_amt: string;
  overlmt_amt: string;
  preselfpay_amt: string;
  inscp_scp_amt: string;
  fee_ocur_time: string;
};

/** `input.data` of a settle message. */
export type NhsaSettleData = {
  psn_no: string;
  psn_name: string;
  psn_cert_type: string;
  certno: string;
  insutype: string;
  mdtrt_cert_type: string;
  mdtrt_cert_no: string;
  med_type: string;
  mdtrt_id: string;
  chrg_bchno: string;
  psn_setlway: string;
  acct_used_flag: string;
  /** Inpatient only: "0" final settlement. */
  mid_setl_flag?: string;
  /** Principal diagnosis; absent on pharmacy purchases. */
  dise_codg?: string;
  dise_name?: string;
  begntime: string;
  endtime: string;
  medfee_sumamt: string;
  fulamt_ownpay_amt: string;
  overlmt_selfpay: string;
  preselfpay_amt: string;
  inscp_scp_amt: string;
};

/** A whole settle message as sent by the treatment side. */
export type NhsaSettleJson = {
  infno: string;
  msgid: string;
  mdtrtarea_admvs: string;
  insuplc_admdvs: string;
  recer_sys_code: string;
  dev_no: string;
  dev_safe_info: string;
  cainfo: string;
  signtype: string;
  infver: string;
  opter_type: string;
  opter: string;
  opter_name: string;
  inf_time: string;
  fixmedins_code: string;
  fixmedins_name: string;
  sign_no: string;
  input: { data: NhsaSettleData; feedetail: NhsaFeeDetail[] };
};

/** A built message: its UTF-8 JSON bytes, its msgid, and the same message as an object. */
export interface NhsaSettleMessage {
  readonly payload: Uint8Array;
  readonly msgid: string;
  readonly json: NhsaSettleJson;
}

const INFNO: Readonly<Record<ClaimSpecKind, string>> = { outpatient: "2207", inpatient: "2304", pharmacy: "2102" };
const MED_TYPE: Readonly<Record<ClaimSpecKind, string>> = { outpatient: "11", inpatient: "21", pharmacy: "41" };

const OUTPATIENT_DIAGNOSES = [
  ["J06.900", "急性上呼吸道感染"],
  ["I10.x00", "原发性高血压"],
  ["E11.900", "2型糖尿病"],
  ["K29.700", "胃炎"],
  ["M54.500", "腰痛"],
  ["J20.900", "急性支气管炎"],
] as const;

/** Inpatient cases: diagnosis and, for surgical ones, the operation's catalogue code. */
const INPATIENT_CASES = [
  { dise: ["K35.800", "急性阑尾炎"], surgery: "003310030170000-331003017" },
  { dise: ["K80.200", "胆囊结石不伴有胆囊炎"], surgery: "003310050110000-331005011" },
  { dise: ["J18.900", "肺炎"], surgery: undefined },
  { dise: ["I63.900", "脑梗死"], surgery: undefined },
  { dise: ["E11.900", "2型糖尿病"], surgery: undefined },
] as const;

const CLERK_NAMES = ["李娜", "王芳", "张敏", "刘洋", "陈静", "杨帆", "赵磊", "周婷"];
const HOSPITAL_SUFFIXES = ["人民医院", "第一人民医院", "第二人民医院", "中医医院", "中心医院", "医科大学附属医院", "妇幼保健院", "骨科医院"];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** 2026-01-01 00:00 in UTC+8. */
const DEFAULT_EPOCH_MS = Date.UTC(2026, 0, 1) - 8 * HOUR_MS;

/** "yyyy-MM-dd HH:mm:ss" and "yyyyMMddHHmmss" of an instant in UTC+8, the national interface's zone. */
function nationalTime(ms: number): { text: string; compact: string } {
  const text = new Date(ms + 8 * HOUR_MS).toISOString().slice(0, 19).replace("T", " ");
  return { text, compact: text.replace(/\D/g, "") };
}

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/** An amount that is `permille` ‰ of `fen`, rounded down. */
const share = (fen: bigint, permille: number): bigint => (fen * BigInt(permille)) / 1000n;

interface Line {
  readonly json: NhsaFeeDetail;
  readonly det: bigint;
  readonly ownpay: bigint;
  readonly overlmt: bigint;
  readonly preselfpay: bigint;
  readonly inscp: bigint;
}

function itemByCode(code: string): FeeItem {
  const item = FEE_CATALOGUE.find((i) => i.medListCodg === code);
  if (item === undefined) throw new Error(`fee catalogue lacks ${code}`);
  return item;
}

function itemsFor(kind: ClaimSpecKind, role: FeeRole): readonly FeeItem[] {
  return FEE_CATALOGUE.filter((i) => i.role === role && i.settings.includes(kind));
}

/**
 * One fee line: cnt = steps × the item's step, pric the item's price, the total exactly cnt × pric
 * (the catalogue guarantees whole fen), split by class so that L1 holds exactly.
 */
function feeLine(rng: SeededRandom, item: FeeItem, steps: number, sn: string, time: string): Line {
  const cntE4 = item.stepE4 * BigInt(steps);
  const product = cntE4 * item.pricE6; // yuan × 10^10
  if (product % 100_000_000n !== 0n) throw new Error(`${item.medListCodg}: cnt × pric is not whole fen`);
  const det = product / 100_000_000n;
  let ownpay = 0n;
  let overlmt = 0n;
  let preselfpay = 0n;
  if (item.chrgitmLv === "03") {
    ownpay = det;
  } else if (item.chrgitmLv === "02") {
    preselfpay = share(det, rng.pick([50, 100, 100, 150, 200]));
    if (item.medChrgitmType === "08" && rng.chance(0.3)) overlmt = share(det - preselfpay, rng.int(100, 300));
  }
  const inscp = det - ownpay - overlmt - preselfpay;
  return {
    det,
    ownpay,
    overlmt,
    preselfpay,
    inscp,
    json: {
      feedetl_sn: sn,
      med_list_codg: item.medListCodg,
      medins_list_codg: item.medinsListCodg,
      med_chrgitm_type: item.medChrgitmType,
      chrgitm_lv: item.chrgitmLv,
      cnt: formatScaledDecimal(cntE4, Scale.CNT),
      pric: formatScaledDecimal(item.pricE6, Scale.PRIC),
      det_item_fee_sumamt: formatFenAsYuan(det),
      fulamt_ownpay_amt: formatFenAsYuan(ownpay),
      overlmt_amt: formatFenAsYuan(overlmt),
      preselfpay_amt: formatFenAsYuan(preselfpay),
      inscp_scp_amt: formatFenAsYuan(inscp),
      fee_ocur_time: time,
    },
  };
}

/** A line plan: which item, how many steps, when. */
interface Planned {
  readonly item: FeeItem;
  readonly steps: number;
  readonly atMs: number;
}

function randomSteps(rng: SeededRandom, item: FeeItem): number {
  return rng.int(item.steps[0], item.steps[1]);
}

/** Distinct items of one role, up to `count`. */
function pickDistinct(rng: SeededRandom, items: readonly FeeItem[], count: number): FeeItem[] {
  const pool = [...items];
  const out: FeeItem[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(rng.int(0, pool.length - 1), 1)[0] as FeeItem);
  return out;
}

function planOutpatient(rng: SeededRandom, atMs: number): Planned[] {
  const plan: Planned[] = [];
  const add = (item: FeeItem, steps = randomSteps(rng, item)) => plan.push({ item, steps, atMs });
  add(rng.pick(itemsFor("outpatient", "consult")));
  for (const item of pickDistinct(rng, itemsFor("outpatient", "lab"), rng.int(0, 2))) add(item);
  if (rng.chance(0.35)) add(rng.pick(itemsFor("outpatient", "imaging")));
  if (rng.chance(0.2)) {
    const days = rng.int(1, 3);
    add(itemByCode("001204000060000-120400006"), days);
    add(itemByCode("XB05XAL049B002010101773"), days * rng.int(1, 2));
    add(itemByCode("XJ01DDA063B001010100678"), days);
    add(itemByCode("C0201010010000012345"), days);
  }
  for (const item of pickDistinct(rng, itemsFor("outpatient", "drug"), rng.int(1, 3))) add(item);
  return plan;
}

function planPharmacy(rng: SeededRandom, atMs: number): Planned[] {
  return pickDistinct(rng, itemsFor("pharmacy", "drug"), rng.int(1, 4)).map((item) => ({ item, steps: randomSteps(rng, item), atMs }));
}

function planInpatient(rng: SeededRandom, beginMs: number, days: number, surgery: string | undefined): Planned[] {
  const plan: Planned[] = [];
  const onDay = (d: number) => beginMs + d * DAY_MS + rng.int(1, 10) * HOUR_MS;
  const add = (item: FeeItem, steps: number, day = rng.int(0, days - 1)) => plan.push({ item, steps, atMs: onDay(day) });
  for (const item of itemsFor("inpatient", "ward")) add(item, days, days - 1);
  for (const item of pickDistinct(rng, itemsFor("inpatient", "lab"), rng.int(2, 4))) add(item, randomSteps(rng, item), 0);
  for (const item of pickDistinct(rng, itemsFor("inpatient", "imaging"), rng.int(1, 2))) add(item, 1, rng.int(0, Math.min(1, days - 1)));
  if (surgery !== undefined) {
    const day = Math.min(1, days - 1);
    add(itemByCode(surgery), 1, day);
    add(itemByCode("003301000050000-330100005"), 1, day);
    add(itemByCode("C1401040010000103212"), rng.int(1, 3), day);
  }
  const infusionDays = rng.int(1, days);
  add(itemByCode("001204000060000-120400006"), infusionDays * rng.int(1, 2));
  add(itemByCode("XB05XAL049B002010101773"), infusionDays * rng.int(1, 3));
  add(itemByCode("C0201010010000012345"), infusionDays);
  if (rng.chance(0.4)) add(itemByCode("001208000010000-120800001"), rng.int(4, 96));
  // Drugs are given through the stay: a few days' worth of each.
  for (const item of pickDistinct(rng, itemsFor("inpatient", "drug"), rng.int(2, 5))) add(item, randomSteps(rng, item) * rng.int(1, days));
  if (rng.chance(0.25)) add(rng.pick(itemsFor("inpatient", "material")), 1);
  return plan;
}

/** A deterministic default message time: a working-day time (08:00–17:59, UTC+8) in 2026's first 300 days. */
function defaultTime(rng: SeededRandom): Date {
  return new Date(DEFAULT_EPOCH_MS + rng.int(0, 299) * DAY_MS + 8 * HOUR_MS + rng.int(0, 10 * 3600 - 1) * 1000);
}

function defaultInsutype(rng: SeededRandom): string {
  const r = rng.next();
  return r < 0.57 ? "310" : r < 0.97 ? "390" : "320";
}

/**
 * Builds a realistic national settle message (infno 2207 outpatient, 2304 inpatient, 2102
 * pharmacy) sent by an institution in `spec.treatmentAdmdvs` for a patient insured in
 * `spec.insuredAdmdvs`. Identities hold exactly on the text: per line det_item_fee_sumamt =
 * cnt × pric and its split sums to it (L1); header totals are the sums of the lines, so
 * medfee_sumamt = inscp + preselfpay + fulamt_ownpay + overlmt_selfpay (I1).
 *
 * msgid = fixmedins_code (H + treatment admdvs + 5 digits) + yyyyMMddHHmmss (UTC+8) + the last 4
 * digits of `spec.seq`. The same spec always gives the same bytes.
 */
export function buildNhsaSettleMessage(spec: ClaimSpec): NhsaSettleMessage {
  const rng = createSeededRandom(spec.seed ?? spec.seq);
  const kind = spec.kind;
  const atMs = (spec.at ?? defaultTime(rng)).getTime();
  const at = nationalTime(atMs);
  const treatmentProvince = provinceByCode(spec.treatmentAdmdvs.slice(0, 2));
  const regionName = treatmentProvince?.name ?? spec.treatmentAdmdvs;

  const institutionNo = rng.int(1, kind === "pharmacy" ? 200 : 40);
  const fixmedinsCode = `H${spec.treatmentAdmdvs}${pad(institutionNo, 5)}`;
  const fixmedinsName =
    kind === "pharmacy" ? `${regionName}益康大药房连锁有限公司第${institutionNo}分店` : `${regionName}${HOSPITAL_SUFFIXES[institutionNo % HOSPITAL_SUFFIXES.length] ?? "人民医院"}`;
  const msgid = `${fixmedinsCode}${at.compact}${pad(((spec.seq % 10_000) + 10_000) % 10_000, 4)}`;

  const insutype = spec.insutype ?? defaultInsutype(rng);
  const psnNo = spec.psnNo ?? `${spec.insuredAdmdvs}${rng.digits(14)}`;
  const person = insuredPerson(psnNo, spec.insuredAdmdvs);
  const acctUsedFlag = insutype === "310" && rng.chance(0.85) ? "1" : "0";

  // Times of care: the visit or stay ends shortly before the settle message.
  const endMs = atMs - rng.int(1, kind === "pharmacy" ? 3 : 30) * 60_000;
  let beginMs: number;
  let plan: Planned[];
  let diagnosis: readonly [string, string] | undefined;
  if (kind === "inpatient") {
    const days = rng.int(2, 14);
    const inpatientCase = rng.pick(INPATIENT_CASES);
    diagnosis = inpatientCase.dise;
    beginMs = endMs - days * DAY_MS - rng.int(0, 8) * HOUR_MS;
    plan = planInpatient(rng, beginMs, days, inpatientCase.surgery);
  } else if (kind === "outpatient") {
    diagnosis = rng.pick(OUTPATIENT_DIAGNOSES);
    beginMs = endMs - rng.int(20, 150) * 60_000;
    plan = planOutpatient(rng, beginMs + rng.int(5, 15) * 60_000);
  } else {
    diagnosis = undefined;
    beginMs = endMs - rng.int(1, 5) * 60_000;
    plan = planPharmacy(rng, beginMs);
  }

  const lines = plan.map((p, i) => feeLine(rng, p.item, p.steps, `${at.compact}${pad(i + 1, 4)}`, nationalTime(p.atMs).text));
  const sum = (of: (l: Line) => bigint): string => formatFenAsYuan(lines.reduce((s, l) => s + of(l), 0n));
  const day = at.compact.slice(0, 8);

  const data: NhsaSettleData = {
    psn_no: psnNo,
    psn_name: person.psnName,
    psn_cert_type: "01",
    certno: person.certno,
    insutype,
    mdtrt_cert_type: "02",
    mdtrt_cert_no: person.certno,
    med_type: MED_TYPE[kind],
    mdtrt_id: `${spec.treatmentAdmdvs}${day}${rng.digits(6)}${pad(((spec.seq % 10_000) + 10_000) % 10_000, 4)}`,
    chrg_bchno: `${at.compact}${rng.digits(4)}`,
    psn_setlway: "01",
    acct_used_flag: acctUsedFlag,
    ...(kind === "inpatient" ? { mid_setl_flag: "0" } : {}),
    ...(diagnosis === undefined ? {} : { dise_codg: diagnosis[0], dise_name: diagnosis[1] }),
    begntime: nationalTime(beginMs).text,
    endtime: nationalTime(endMs).text,
    medfee_sumamt: sum((l) => l.det),
    fulamt_ownpay_amt: sum((l) => l.ownpay),
    overlmt_selfpay: sum((l) => l.overlmt),
    preselfpay_amt: sum((l) => l.preselfpay),
    inscp_scp_amt: sum((l) => l.inscp),
  };

  const json: NhsaSettleJson = {
    infno: INFNO[kind],
    msgid,
    mdtrtarea_admvs: spec.treatmentAdmdvs,
    insuplc_admdvs: spec.insuredAdmdvs,
    recer_sys_code: `YBXT${spec.treatmentAdmdvs.slice(0, 2)}`,
    dev_no: "",
    dev_safe_info: "",
    cainfo: "",
    signtype: "",
    infver: "V1.0",
    opter_type: "1",
    opter: `${pad(institutionNo, 3)}${rng.digits(4)}`,
    opter_name: rng.pick(CLERK_NAMES),
    inf_time: at.text,
    fixmedins_code: fixmedinsCode,
    fixmedins_name: fixmedinsName,
    sign_no: `${day}${rng.digits(8)}`,
    input: { data, feedetail: lines.map((l) => l.json) },
  };
  return { payload: new TextEncoder().encode(JSON.stringify(json)), msgid, json };
}

/** A province drawn with probability proportional to its 2020 population (PROVINCES' population10k). */
export function pickProvinceByPopulation(rng: SeededRandom): Province {
  const total = PROVINCES.reduce((s, p) => s + p.population10k, 0);
  let r = rng.int(0, total - 1);
  for (const p of PROVINCES) {
    if (r < p.population10k) return p;
    r -= p.population10k;
  }
  return PROVINCES[PROVINCES.length - 1] as Province;
}

/** Relative weights of claim kinds. */
export type ClaimKindWeights = Readonly<Record<ClaimSpecKind, number>>;

/** Default mix, after the 2023 figures (≈ 91 % outpatient and pharmacy, ≈ 9 % inpatient). */
export const DEFAULT_KIND_WEIGHTS: ClaimKindWeights = { outpatient: 66, pharmacy: 25, inpatient: 9 };

/**
 * A random cross-province claim spec: treatment and insured provinces drawn by population (never
 * the same), the kind by `weights`; the hospital sits in the treatment capital's "02" district,
 * the patient in the insured capital's pool. Its seed comes from `rng`, so a seeded `rng` gives
 * a reproducible stream of specs.
 */
export function randomClaimSpec(rng: SeededRandom, seq: number, weights: ClaimKindWeights = DEFAULT_KIND_WEIGHTS): ClaimSpec {
  const treatment = pickProvinceByPopulation(rng);
  let insured = pickProvinceByPopulation(rng);
  while (insured.code === treatment.code) insured = pickProvinceByPopulation(rng);
  const kinds: readonly ClaimSpecKind[] = ["outpatient", "pharmacy", "inpatient"];
  const total = kinds.reduce((s, k) => s + Math.max(0, weights[k]), 0);
  let r = rng.next() * total;
  let kind: ClaimSpecKind = "outpatient";
  for (const k of kinds) {
    r -= Math.max(0, weights[k]);
    if (r < 0) {
      kind = k;
      break;
    }
  }
  return {
    kind,
    treatmentAdmdvs: `${treatment.capitalAdmdvs.slice(0, 4)}02`,
    insuredAdmdvs: insured.capitalAdmdvs,
    seq,
    seed: rng.int(0, 0x7fff_ffff),
  };
}
