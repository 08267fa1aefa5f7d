import assert from "node:assert/strict";
import { test } from "node:test";
import { parseScaledDecimal, parseYuanToFen, PROVINCES } from "@tongxing/domain";
import fc from "fast-check";
import { buildNhsaSettleMessage, DEFAULT_KIND_WEIGHTS, pickProvinceByPopulation, randomClaimSpec, type ClaimSpec, type ClaimSpecKind } from "./claim-factory.js";
import { residentIdCheckChar } from "./insured-person.js";
import { createSeededRandom } from "./seeded-random.js";

const AMOUNT = /^\d+\.\d{2}$/;

function fen(text: string): bigint {
  assert.match(text, AMOUNT, `"${text}" is an amount with two decimals`);
  const r = parseYuanToFen(text);
  assert.ok(r.ok, text);
  return r.value;
}

function scaled(text: string, scale: number): bigint {
  const r = parseScaledDecimal(text, scale);
  assert.ok(r.ok, `${text} at scale ${scale}`);
  return r.value;
}

/** Checks L1 on every line, the header against the lines, and I1, recomputed from the text. */
function assertIdentities(spec: ClaimSpec): void {
  const { json, payload, msgid } = buildNhsaSettleMessage(spec);
  const parsed = JSON.parse(new TextDecoder().decode(payload)) as typeof json;
  assert.deepEqual(parsed, json, "payload is the JSON of json");
  assert.equal(msgid, json.msgid);
  const d = parsed.input.data;
  assert.ok(parsed.input.feedetail.length > 0);
  let det = 0n, ownpay = 0n, overlmt = 0n, preselfpay = 0n, inscp = 0n;
  for (const line of parsed.input.feedetail) {
    assert.match(line.cnt, /^\d+(\.\d{1,4})?$/, "cnt has at most 4 decimals");
    assert.match(line.pric, /^\d+\.\d{6}$/, "pric has 6 decimals");
    const lineDet = fen(line.det_item_fee_sumamt);
    const split = [line.fulamt_ownpay_amt, line.overlmt_amt, line.preselfpay_amt, line.inscp_scp_amt].map(fen);
    assert.equal(scaled(line.cnt, 4) * scaled(line.pric, 6), lineDet * 100_000_000n, `det = cnt × pric exactly (${line.cnt} × ${line.pric})`);
    assert.equal(split.reduce((s, v) => s + v, 0n), lineDet, "L1");
    assert.ok(split.every((v) => v >= 0n));
    assert.ok(["01", "02", "03"].includes(line.chrgitm_lv));
    if (line.chrgitm_lv === "03") assert.equal(fen(line.fulamt_ownpay_amt), lineDet, "self-pay items are wholly self-paid");
    det += lineDet;
    ownpay += split[0]!;
    overlmt += split[1]!;
    preselfpay += split[2]!;
    inscp += split[3]!;
  }
  assert.equal(fen(d.medfee_sumamt), det, "medfee_sumamt = Σ lines");
  assert.equal(fen(d.fulamt_ownpay_amt), ownpay);
  assert.equal(fen(d.overlmt_selfpay), overlmt);
  assert.equal(fen(d.preselfpay_amt), preselfpay);
  assert.equal(fen(d.inscp_scp_amt), inscp);
  assert.equal(fen(d.medfee_sumamt), fen(d.inscp_scp_amt) + fen(d.preselfpay_amt) + fen(d.fulamt_ownpay_amt) + fen(d.overlmt_selfpay), "I1");
  assert.equal(new Set(parsed.input.feedetail.map((l) => l.feedetl_sn)).size, parsed.input.feedetail.length, "feedetl_sn unique");
}

const kindArb = fc.constantFrom<ClaimSpecKind>("outpatient", "inpatient", "pharmacy");
const provinceArb = fc.constantFrom(...PROVINCES);

test("property: L1 on every line, header = Σ lines and I1 hold exactly on the text", () => {
  fc.assert(
    fc.property(kindArb, provinceArb, provinceArb, fc.nat(), fc.integer({ min: -(2 ** 40), max: 2 ** 45 }), (kind, treatment, insured, seq, seed) => {
      assertIdentities({ kind, treatmentAdmdvs: `${treatment.capitalAdmdvs.slice(0, 4)}02`, insuredAdmdvs: insured.capitalAdmdvs, seq, seed });
    }),
    { numRuns: 600 },
  );
});

test("envelope: infno, med_type, msgid of 30 chars, fixmedins_code from the treatment admdvs, national times", () => {
  const expected = { outpatient: ["2207", "11"], inpatient: ["2304", "21"], pharmacy: ["2102", "41"] } as const;
  for (const kind of ["outpatient", "inpatient", "pharmacy"] as const) {
    const at = new Date("2026-03-05T02:07:09Z"); // 10:07:09 in UTC+8
    const { json, msgid } = buildNhsaSettleMessage({ kind, treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 123_456, seed: 5, at });
    assert.equal(json.infno, expected[kind][0]);
    assert.equal(json.input.data.med_type, expected[kind][1]);
    assert.equal(msgid.length, 30);
    assert.match(json.fixmedins_code, /^H37010200\d{3}$/);
    assert.equal(msgid, `${json.fixmedins_code}20260305100709` + "3456", "institution 12 + time 14 + last 4 digits of seq");
    assert.equal(json.inf_time, "2026-03-05 10:07:09");
    assert.equal(json.mdtrtarea_admvs, "370102");
    assert.equal(json.insuplc_admdvs, "320100");
    assert.equal(json.infver, "V1.0");
    assert.equal(json.opter_type, "1");
    assert.ok(json.recer_sys_code.length > 0 && json.opter.length > 0 && json.opter_name.length > 0 && json.sign_no.length > 0);
    assert.ok(json.fixmedins_name.startsWith("山东"));
    const d = json.input.data;
    assert.equal(d.psn_cert_type, "01");
    assert.equal(d.mdtrt_cert_type, "02");
    assert.equal(d.mdtrt_cert_no, d.certno);
    assert.equal(d.psn_setlway, "01");
    assert.equal(d.mid_setl_flag, kind === "inpatient" ? "0" : undefined, "mid_setl_flag only on inpatient settlements");
    assert.match(d.begntime, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.ok(d.begntime < d.endtime && d.endtime <= json.inf_time, "care ends before the message");
    assert.match(d.psn_name, /^[\u4e00-\u9fff]{2,3}$/);
    assert.ok(d.psn_no.startsWith("320100"));
    assert.ok(d.mdtrt_id.length > 0 && d.chrg_bchno.length > 0);
  }
});

test("certno is an 18-character resident ID with a valid check character, the same for one person", () => {
  for (let seed = 0; seed < 200; seed++) {
    const { certno } = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "440106", insuredAdmdvs: "510100", seq: seed, seed }).json.input.data;
    assert.match(certno, /^510100(19[4-9]\d|200[0-6])(0[1-9]|1[0-2])(0[1-9]|1\d|2[0-8])\d{3}[\dX]$/);
    assert.equal(certno.slice(17), residentIdCheckChar(certno.slice(0, 17)));
  }
  const a = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 1, seed: 1, psnNo: "32010000000000001234" }).json.input.data;
  const b = buildNhsaSettleMessage({ kind: "inpatient", treatmentAdmdvs: "110102", insuredAdmdvs: "320100", seq: 2, seed: 99, psnNo: "32010000000000001234" }).json.input.data;
  assert.deepEqual([a.psn_no, a.psn_name, a.certno], [b.psn_no, b.psn_name, b.certno]);
});

test("spec options: insutype and psn_no are used as given; the account flag only for employees", () => {
  const m = buildNhsaSettleMessage({ kind: "pharmacy", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 7, seed: 7, insutype: "410", psnNo: "NOTINS0001" });
  assert.equal(m.json.input.data.insutype, "410");
  assert.equal(m.json.input.data.psn_no, "NOTINS0001");
  assert.equal(m.json.input.data.acct_used_flag, "0");
  const insutypes = new Map<string, number>();
  for (let seed = 0; seed < 400; seed++) {
    const d = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: seed, seed }).json.input.data;
    insutypes.set(d.insutype, (insutypes.get(d.insutype) ?? 0) + 1);
    if (d.insutype !== "310") assert.equal(d.acct_used_flag, "0");
  }
  assert.deepEqual([...insutypes.keys()].sort(), ["310", "320", "390"], "default insutypes are all settled ones");
});

test("deterministic by seed: the same spec gives the same bytes; another seed gives another claim", () => {
  const spec: ClaimSpec = { kind: "inpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 2, seed: 7 };
  const a = buildNhsaSettleMessage(spec);
  const b = buildNhsaSettleMessage({ ...spec });
  assert.deepEqual(a.payload, b.payload);
  assert.equal(a.msgid, b.msgid);
  const c = buildNhsaSettleMessage({ ...spec, seed: 8 });
  assert.notDeepEqual(c.json.input, a.json.input);
  assert.deepEqual(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 3 }).payload, buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 3, seed: 3 }).payload, "seed defaults to seq");
});

test("distinct seq and seed give distinct msgids and mdtrt_ids (500 claims of one hospital region)", () => {
  const msgids = new Set<string>();
  const mdtrtIds = new Set<string>();
  const people = new Set<string>();
  for (let i = 0; i < 500; i++) {
    const m = buildNhsaSettleMessage({ kind: i % 2 === 0 ? "outpatient" : "inpatient", treatmentAdmdvs: "370100", insuredAdmdvs: "320100", seq: i, seed: 1000 + i });
    msgids.add(m.msgid);
    mdtrtIds.add(m.json.input.data.mdtrt_id);
    people.add(m.json.input.data.psn_no);
  }
  assert.equal(msgids.size, 500);
  assert.equal(mdtrtIds.size, 500);
  assert.equal(people.size, 500);
});

test("inpatient claims cost more than outpatient and pharmacy ones, on average", () => {
  const mean = (kind: ClaimSpecKind) => {
    let total = 0n;
    for (let seed = 0; seed < 200; seed++) total += fen(buildNhsaSettleMessage({ kind, treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: seed, seed }).json.input.data.medfee_sumamt);
    return total / 200n;
  };
  const [outpatient, inpatient, pharmacy] = [mean("outpatient"), mean("inpatient"), mean("pharmacy")];
  assert.ok(inpatient > 5n * outpatient, `inpatient ${inpatient} vs outpatient ${outpatient}`);
  assert.ok(outpatient > pharmacy);
  assert.ok(pharmacy > 0n);
});

test("pickProvinceByPopulation follows population", () => {
  const rng = createSeededRandom(2024);
  const counts = new Map<string, number>();
  for (let i = 0; i < 30_000; i++) {
    const p = pickProvinceByPopulation(rng);
    counts.set(p.code, (counts.get(p.code) ?? 0) + 1);
  }
  assert.equal(counts.size, 31, "every province is drawn");
  assert.ok((counts.get("44") ?? 0) > 10 * (counts.get("54") ?? 0), "Guangdong far more often than Tibet");
  assert.ok((counts.get("37") ?? 0) > (counts.get("11") ?? 0) * 3);
});

test("randomClaimSpec: cross-province specs, kinds by weight, reproducible", () => {
  const specs = Array.from({ length: 2000 }, (_, i) => randomClaimSpec(createSeededRandom(i), i));
  assert.ok(specs.every((s) => s.treatmentAdmdvs.slice(0, 2) !== s.insuredAdmdvs.slice(0, 2)));
  const inpatient = specs.filter((s) => s.kind === "inpatient").length;
  assert.ok(inpatient > 100 && inpatient < 300, `${inpatient} inpatient of 2000 (weight ${DEFAULT_KIND_WEIGHTS.inpatient} %)`);
  assert.deepEqual(randomClaimSpec(createSeededRandom(5), 5), randomClaimSpec(createSeededRandom(5), 5));
  const onlyPharmacy = randomClaimSpec(createSeededRandom(1), 1, { outpatient: 0, inpatient: 0, pharmacy: 1 });
  assert.equal(onlyPharmacy.kind, "pharmacy");
  for (const s of specs.slice(0, 50)) assertIdentities(s);
});
