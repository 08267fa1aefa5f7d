import assert from "node:assert/strict";
import { test } from "node:test";
import { toJson } from "@bufbuild/protobuf";
import { LosslessNumber, stringify } from "lossless-json";
import { ClaimKind, ClaimSchema } from "@tongxing/proto";
import { nhsaJsonDialect } from "./nhsa-json-dialect.js";
import { jsonBytes, sampleOutpatientSettle, violationsOf, type SettleMessageJson } from "./settle-message.fixture.js";

const decode = (m: SettleMessageJson | string) => nhsaJsonDialect.decodeClaim(jsonBytes(m));
const problems = (m: SettleMessageJson | string) => violationsOf(() => decode(m));
const lines = (m: SettleMessageJson) => m.input.feedetail ?? [];
const line = (m: SettleMessageJson, i: number) => lines(m)[i] ?? assert.fail(`no line ${i}`);

/** The message with every amount, cnt and pric written as a JSON number with its exact digits. */
function asJsonNumbers(value: unknown, key = ""): unknown {
  if (typeof value === "string") return /amt$|selfpay$|^cnt$|^pric$/.test(key) ? new LosslessNumber(value) : value;
  if (Array.isArray(value)) return value.map((v) => asJsonNumbers(v));
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asJsonNumbers(v, k)]));
  return value;
}

/** Asserts that the message is refused with exactly one violation, on `field`, matching `description`. */
function refusedOn(m: SettleMessageJson | string, field: string, description: RegExp): void {
  const v = problems(m);
  assert.deepEqual(
    v.map((x) => x.field),
    [field],
    JSON.stringify(v),
  );
  assert.match(v[0]?.description ?? "", description);
}

test("a 2207 outpatient settle (Shandong hospital, Jiangsu-insured) decodes with exact fen and scaled cnt/pric", () => {
  const { claim, msgid } = decode(sampleOutpatientSettle());
  assert.equal(msgid, "H37010200001202611241015300001");
  assert.equal(claim.msgid, msgid);
  assert.equal(claim.kind, ClaimKind.OUTPATIENT);
  assert.equal(claim.infno, "2207");
  assert.equal(claim.mdtrtareaAdmvs, "370102");
  assert.equal(claim.insuplcAdmdvs, "320100");
  assert.equal(claim.fixmedinsCode, "H37010200001");
  assert.equal(claim.fixmedinsName, "山东大学齐鲁医院");
  assert.equal(claim.opter, "0100231");
  assert.equal(claim.infTime, "2026-11-24 10:15:30");
  assert.equal(claim.claimId, "", "the gateway assigns the id");
  assert.equal(claim.submitterPlatform, "");
  assert.equal(claim.dialect, "nhsa-json");
  assert.equal(claim.person?.psnName, "张伟");
  assert.equal(claim.person?.insutype, "310");
  assert.equal(claim.person?.mdtrtCertType, "02");
  assert.equal(claim.encounter?.medType, "11");
  assert.equal(claim.encounter?.diseName, "急性上呼吸道感染");
  assert.equal(claim.encounter?.acctUsedFlag, "1");
  assert.equal(claim.encounter?.midSetlFlag, "");
  assert.deepEqual(
    [claim.totals?.medfeeSumamt, claim.totals?.fulamtOwnpayAmt, claim.totals?.overlmtSelfpay, claim.totals?.preselfpayAmt, claim.totals?.inscpScpAmt],
    [5264n, 795n, 0n, 247n, 4222n],
  );
  assert.deepEqual(
    claim.feeLines.map((l) => [l.cntE4, l.pricE6, l.detItemFeeSumamt, l.fulamtOwnpayAmt, l.preselfpayAmt, l.inscpScpAmt]),
    [
      [10_000n, 20_000_000n, 2000n, 0n, 0n, 2000n],
      [20_000n, 12_345_000n, 2469n, 0n, 247n, 2222n],
      [15_000n, 5_300_000n, 795n, 795n, 0n, 0n],
    ],
  );
  assert.deepEqual(
    claim.feeLines.map((l) => [l.feedetlSn, l.medListCodg, l.chrgitmLv, l.feeOcurTime]),
    [
      ["202611241015300001", "001102000010000-110200001", "01", "2026-11-24 09:25:00"],
      ["202611241015300002", "XJ01CAA040A001010104445", "02", "2026-11-24 09:58:00"],
      ["202611241015300003", "C14010101200000000000", "03", "2026-11-24 10:01:00"],
    ],
  );
});

test("2304 inpatient carries mid_setl_flag; other transactions validate it but do not carry it", () => {
  const m = sampleOutpatientSettle();
  m.infno = "2304";
  m.input.data.med_type = "21";
  m.input.data.mid_setl_flag = "1";
  const inpatient = decode(m).claim;
  assert.equal(inpatient.kind, ClaimKind.INPATIENT);
  assert.equal(inpatient.encounter?.midSetlFlag, "1");
  const outpatient = sampleOutpatientSettle();
  outpatient.input.data.mid_setl_flag = "1";
  assert.equal(decode(outpatient).claim.encounter?.midSetlFlag, "", "an outpatient claim never looks interim");
  outpatient.input.data.mid_setl_flag = "2";
  refusedOn(outpatient, "input.data.mid_setl_flag", /one of 0, 1/);
});

test("2102 pharmacy accepts the national list name drugdetail, but not both lists at once", () => {
  const m = sampleOutpatientSettle();
  m.infno = "2102";
  m.input.data.med_type = "41";
  m.input.drugdetail = m.input.feedetail;
  delete m.input.feedetail;
  const claim = decode(m).claim;
  assert.equal(claim.kind, ClaimKind.PHARMACY);
  assert.equal(claim.feeLines.length, 3);
  assert.equal(claim.feeLines[1]?.pricE6, 12_345_000n);
  const bad = structuredClone(m);
  (bad.input.drugdetail as Record<string, unknown>[])[1]!.pric = "-1";
  refusedOn(bad, "input.drugdetail[1].pric", /negative/);
  const both = sampleOutpatientSettle();
  both.infno = "2102";
  both.input.drugdetail = both.input.feedetail;
  refusedOn(both, "input.drugdetail", /together/);
});

test("acct_used_flag defaults to 0; a missing fee list is an empty one", () => {
  const m = sampleOutpatientSettle();
  delete m.input.data.acct_used_flag;
  delete m.input.feedetail;
  const claim = decode(m).claim;
  assert.equal(claim.encounter?.acctUsedFlag, "0");
  assert.deepEqual(claim.feeLines, []);
});

test("amounts as JSON numbers or strings decode to the same exact values; codes may be numbers", () => {
  const strings = decode(sampleOutpatientSettle()).claim;
  const text = (stringify(asJsonNumbers(sampleOutpatientSettle())) ?? "")
    .replace('"insutype":"310"', '"insutype":310')
    .replace('"med_type":"11"', '"med_type":11');
  assert.match(text, /"medfee_sumamt":52\.64,/);
  assert.match(text, /"cnt":1\.5,/);
  assert.match(text, /"insutype":310,/);
  const numbers = decode(text).claim;
  assert.deepEqual(toJson(ClaimSchema, numbers), toJson(ClaimSchema, strings));
  const m = sampleOutpatientSettle();
  m.input.data.medfee_sumamt = "52.640";
  assert.equal(decode(m).claim.totals?.medfeeSumamt, 5264n, "trailing zeros are exact");
  assert.equal(decode(JSON.stringify(sampleOutpatientSettle()).replace('"medfee_sumamt":"52.64"', '"medfee_sumamt":52.6400')).claim.totals?.medfeeSumamt, 5264n);
  // 0.1 + 0.2 style values are read from their digits, never through a float.
  const tiny = JSON.stringify(sampleOutpatientSettle()).replace('"pric":"5.3"', '"pric":5.300001').replace('"det_item_fee_sumamt":"7.95"', '"det_item_fee_sumamt":7.95');
  assert.equal(decode(tiny).claim.feeLines[2]?.pricE6, 5_300_001n);
});

test('"12.345", "abc", 1e3 and too-large amounts are named with their path', () => {
  const m = sampleOutpatientSettle();
  m.input.data.medfee_sumamt = "12.345";
  refusedOn(m, "input.data.medfee_sumamt", /at most 2 decimal places/);
  const n = JSON.stringify(sampleOutpatientSettle()).replace('"medfee_sumamt":"52.64"', '"medfee_sumamt":12.345');
  refusedOn(n, "input.data.medfee_sumamt", /at most 2 decimal places/);
  const abc = sampleOutpatientSettle();
  abc.input.data.inscp_scp_amt = "abc";
  refusedOn(abc, "input.data.inscp_scp_amt", /not a decimal amount/);
  const exp = JSON.stringify(sampleOutpatientSettle()).replace('"overlmt_selfpay":"0.00"', '"overlmt_selfpay":1e3');
  refusedOn(exp, "input.data.overlmt_selfpay", /not a decimal amount/);
  const big = sampleOutpatientSettle();
  big.input.data.preselfpay_amt = "1" + "0".repeat(15);
  refusedOn(big, "input.data.preselfpay_amt", /too large \(at most 15 digits/);
  const pric = sampleOutpatientSettle();
  line(pric, 2).pric = "5.3000001";
  refusedOn(pric, "input.feedetail[2].pric", /at most 6 decimal places/);
  const cnt = sampleOutpatientSettle();
  line(cnt, 0).cnt = "1.00001";
  refusedOn(cnt, "input.feedetail[0].cnt", /at most 4 decimal places/);
  const hugeCnt = sampleOutpatientSettle();
  line(hugeCnt, 0).cnt = "1" + "0".repeat(12);
  refusedOn(hugeCnt, "input.feedetail[0].cnt", /too large \(at most 12 digits/);
  const padded = sampleOutpatientSettle();
  padded.input.data.medfee_sumamt = " 52.64";
  refusedOn(padded, "input.data.medfee_sumamt", /not a decimal amount/);
});

test("signs: settle totals never negative; cnt and line amounts negative only on a refund line", () => {
  const m = sampleOutpatientSettle();
  m.input.data.medfee_sumamt = "-1.00";
  refusedOn(m, "input.data.medfee_sumamt", /must not be negative/);
  const cnt = sampleOutpatientSettle();
  line(cnt, 2).cnt = "-1.5";
  refusedOn(cnt, "input.feedetail[2].cnt", /refund line/);
  const amount = sampleOutpatientSettle();
  line(amount, 1).inscp_scp_amt = "-22.22";
  refusedOn(amount, "input.feedetail[1].inscp_scp_amt", /refund line/);
  const refund = sampleOutpatientSettle();
  lines(refund).push({ ...line(refund, 2), feedetl_sn: "R1", init_feedetl_sn: "202611241015300003", cnt: "-1.5", det_item_fee_sumamt: "-7.95", fulamt_ownpay_amt: "-7.95" });
  refund.input.data.medfee_sumamt = "44.69";
  refund.input.data.fulamt_ownpay_amt = "0.00";
  const claim = decode(refund).claim;
  assert.equal(claim.feeLines[3]?.cntE4, -15_000n);
  assert.equal(claim.feeLines[3]?.detItemFeeSumamt, -795n);
  const negativePrice = sampleOutpatientSettle();
  line(negativePrice, 0).pric = "-20";
  line(negativePrice, 0).init_feedetl_sn = "X";
  refusedOn(negativePrice, "input.feedetail[0].pric", /must not be negative/);
});

test("required fields, envelope codes and code tables are named with their path", () => {
  const cases: [string, (m: SettleMessageJson) => void, string, RegExp][] = [
    ["missing insuplc_admdvs", (m) => delete m.insuplc_admdvs, "insuplc_admdvs", /is required/],
    ["5-digit region", (m) => (m.mdtrtarea_admvs = "37010"), "mdtrtarea_admvs", /6 digits/],
    ["unknown infno", (m) => (m.infno = "2208"), "infno", /one of 2102, 2207, 2304/],
    ["missing infno", (m) => delete m.infno, "infno", /is required/],
    ["msgid with a dash", (m) => (m.msgid = "H3701-0200001"), "msgid", /1–30 letters or digits/],
    ["msgid of 31", (m) => (m.msgid = "H".repeat(31)), "msgid", /longer than 30/],
    ["missing fixmedins_code", (m) => (m.fixmedins_code = ""), "fixmedins_code", /is required/],
    ["missing psn_no", (m) => delete m.input.data.psn_no, "input.data.psn_no", /is required/],
    ["insutype 999", (m) => (m.input.data.insutype = "999"), "input.data.insutype", /one of 310, 320/],
    ["cert type 09", (m) => (m.input.data.mdtrt_cert_type = "09"), "input.data.mdtrt_cert_type", /one of 01, 02, 03/],
    ["card without card_sn", (m) => (m.input.data.mdtrt_cert_type = "03"), "input.data.card_sn", /required when mdtrt_cert_type is 03/],
    ["missing mdtrt_cert_no", (m) => delete m.input.data.mdtrt_cert_no, "input.data.mdtrt_cert_no", /is required/],
    ["med_type 1", (m) => (m.input.data.med_type = "1"), "input.data.med_type", /2–6 digits/],
    ["missing mdtrt_id", (m) => delete m.input.data.mdtrt_id, "input.data.mdtrt_id", /is required/],
    ["acct_used_flag 2", (m) => (m.input.data.acct_used_flag = "2"), "input.data.acct_used_flag", /one of 0, 1/],
    ["missing medfee_sumamt", (m) => delete m.input.data.medfee_sumamt, "input.data.medfee_sumamt", /is required/],
    ["missing input", (m) => Reflect.deleteProperty(m, "input"), "input", /is required/],
    ["missing data", (m) => Reflect.deleteProperty(m.input, "data"), "input.data", /is required/],
    ["missing feedetl_sn", (m) => delete line(m, 1).feedetl_sn, "input.feedetail[1].feedetl_sn", /is required/],
    ["missing med_list_codg", (m) => delete line(m, 2).med_list_codg, "input.feedetail[2].med_list_codg", /is required/],
    ["missing pric", (m) => delete line(m, 0).pric, "input.feedetail[0].pric", /is required/],
    ["psn_name of 51", (m) => (m.input.data.psn_name = "张".repeat(51)), "input.data.psn_name", /longer than 50/],
    ["opter_name of 201", (m) => (m.opter_name = "x".repeat(201)), "opter_name", /longer than 200/],
    ["dise_name of 201", (m) => (m.input.data.dise_name = "x".repeat(201)), "input.data.dise_name", /longer than 200/],
  ];
  for (const [name, change, field, description] of cases) {
    const m = sampleOutpatientSettle();
    change(m);
    const v = problems(m);
    assert.deepEqual(v.map((x) => x.field), [field], `${name}: ${JSON.stringify(v)}`);
    assert.match(v[0]?.description ?? "", description, name);
  }
});

test("wrong JSON types are named with their path, once", () => {
  const cases: [string, (m: SettleMessageJson) => void, string, RegExp][] = [
    ["object for a string", (m) => (m.input.data.psn_no = { nested: true }), "input.data.psn_no", /must be a string/],
    ["array for a string", (m) => (m.insuplc_admdvs = ["320100"]), "insuplc_admdvs", /must be a string/],
    ["boolean for a code", (m) => (m.input.data.insutype = true), "input.data.insutype", /must be a string/],
    ["boolean for an amount", (m) => (m.input.data.medfee_sumamt = false), "input.data.medfee_sumamt", /decimal number or a string/],
    ["object for an amount", (m) => (line(m, 1).det_item_fee_sumamt = { yuan: 1 }), "input.feedetail[1].det_item_fee_sumamt", /decimal number or a string/],
    ["array for data", (m) => (m.input.data = [] as unknown as Record<string, unknown>), "input.data", /must be an object/],
    ["string for input (no key)", (m) => (m.input = "plain" as unknown as SettleMessageJson["input"]), "input", /encrypted/],
    ["object for feedetail", (m) => (m.input.feedetail = {} as unknown as Record<string, unknown>[]), "input.feedetail", /must be an array/],
    ["string for a line", (m) => (lines(m)[1] = "line" as unknown as Record<string, unknown>), "input.feedetail[1]", /must be an object/],
    ["object for an envelope text", (m) => (m.signtype = { alg: "SM2" }), "signtype", /must be a string/],
  ];
  for (const [name, change, field, description] of cases) {
    const m = sampleOutpatientSettle();
    change(m);
    const v = problems(m);
    assert.deepEqual(v.map((x) => x.field), [field], `${name}: ${JSON.stringify(v)}`);
    assert.match(v[0]?.description ?? "", description, name);
  }
});

test("every problem of a message is reported together, at most 20", () => {
  const m = sampleOutpatientSettle();
  delete m.insuplc_admdvs;
  m.input.data.medfee_sumamt = "12.345";
  m.input.data.inscp_scp_amt = "abc";
  m.input.data.insutype = "999";
  m.input.data.psn_no = { x: 1 };
  line(m, 0).cnt = "-1";
  const fields = problems(m).map((v) => v.field);
  assert.deepEqual(new Set(fields), new Set(["insuplc_admdvs", "input.data.medfee_sumamt", "input.data.inscp_scp_amt", "input.data.insutype", "input.data.psn_no", "input.feedetail[0].cnt"]));
  const many = sampleOutpatientSettle();
  many.input.feedetail = Array.from({ length: 40 }, (_, i) => ({ feedetl_sn: String(i), med_list_codg: "X", cnt: "x", pric: "1", det_item_fee_sumamt: "1" }));
  assert.equal(problems(many).length, 20);
});

test("at most 5,000 fee lines", () => {
  const m = sampleOutpatientSettle();
  const one = line(m, 0);
  // Short lines, so that 5,001 of them stay under the 1 MiB message limit.
  const short = { feedetl_sn: "", med_list_codg: one.med_list_codg, cnt: "1", pric: "20", det_item_fee_sumamt: "20.00" };
  m.input.feedetail = Array.from({ length: 5_000 }, (_, i) => ({ ...short, feedetl_sn: String(i) }));
  assert.equal(decode(m).claim.feeLines.length, 5_000);
  m.input.feedetail.push({ ...short, feedetl_sn: "5000" });
  refusedOn(m, "input.feedetail", /at most 5000/);
});
