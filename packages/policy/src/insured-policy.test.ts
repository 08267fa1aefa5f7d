import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_INSURED_POLICIES, policyOfPool } from "./default-policies.js";
import { firstSelfPayPermille, isRemoteCare, levelFor, policyFromJson, policyToJson, poolRatioFor, type InsuredPolicyVersion } from "./insured-policy.js";
import { PolicyBook, poolPolicyKeys } from "./policy-store.js";

const weihai = DEFAULT_INSURED_POLICIES.get("371000")!;
const shandong = DEFAULT_INSURED_POLICIES.get("37")!;
const at = Date.parse("2026-03-10T10:00:00+08:00");

test("the seeds: Shandong 10 % first self-pay for temporary outpatient and inpatient care; Weihai its own pool policy", () => {
  const sd = shandong.versions[0]!;
  assert.deepEqual(sd.firstSelfPay?.permille, { referral: 100, emergency: 100, temporary: 100, unfiled: 100 });
  assert.deepEqual(sd.firstSelfPay?.kinds, ["outpatient", "inpatient"]);
  const wh = weihai.versions[0]!;
  assert.equal(weihai.province, "371000");
  assert.deepEqual(wh.firstSelfPay, { permille: { referral: 100, emergency: 100, temporary: 100, unfiled: 300 }, kinds: ["outpatient", "inpatient"], unfiledAsLevel: "3" });
  for (const p of DEFAULT_INSURED_POLICIES.values()) {
    if (p.province.startsWith("37")) continue;
    assert.equal(p.versions[0]!.firstSelfPay, undefined, `${p.province} has no first self-pay seeded`);
  }
});

test("policy JSON round-trips the ratio tables and first self-pay exactly", () => {
  const back = policyFromJson(policyToJson(weihai));
  assert.deepEqual(back, weihai);
  const text = policyToJson(weihai);
  assert.match(text, /"levelRatioPermille":\{"1":\{"inpatient":900\},"2":\{"inpatient":870\},"3":\{"inpatient":800\}\}/);
  assert.match(text, /"firstSelfPay":\{"permille":\{"referral":100,"emergency":100,"temporary":100,"unfiled":300\},"kinds":\["outpatient","inpatient"\],"unfiledAsLevel":"3"\}/);
  // A policy without the new fields parses as before (no keys added).
  const plain = policyFromJson(policyToJson(DEFAULT_INSURED_POLICIES.get("32")!))!;
  assert.equal("firstSelfPay" in plain.versions[0]!, false);
  assert.equal("levelRatioPermille" in plain.versions[0]!, false);
});

test("malformed ratio tables or first self-pay make the policy unusable", () => {
  const edit = (change: (v: Record<string, unknown>) => void): string => {
    const o = JSON.parse(policyToJson(weihai)) as { versions: Record<string, unknown>[] };
    change(o.versions[0]!);
    return JSON.stringify(o);
  };
  assert.ok(policyFromJson(edit(() => {})) !== undefined);
  assert.equal(policyFromJson(edit((v) => (v.levelRatioPermille = { "3": { inpatient: 1001 } }))), undefined, "above 1000 ‰");
  assert.equal(policyFromJson(edit((v) => (v.levelRatioPermille = { "3": { inpatient: 80.5 } }))), undefined, "not an integer");
  assert.equal(policyFromJson(edit((v) => (v.levelRatioPermille = { "3": { surgery: 800 } }))), undefined, "unknown kind");
  assert.equal(policyFromJson(edit((v) => (v.medTypeRatioPermille = { "14": -1 }))), undefined, "negative");
  assert.equal(policyFromJson(edit((v) => (v.firstSelfPay = { permille: { "long-term": 100 } }))), undefined, "long-term residents have none");
  assert.equal(policyFromJson(edit((v) => (v.firstSelfPay = { permille: { unfiled: "300" } }))), undefined, "text, not a number");
  assert.equal(policyFromJson(edit((v) => (v.firstSelfPay = { permille: { unfiled: 300 }, kinds: ["dental"] }))), undefined, "unknown kind");
  assert.equal(policyFromJson(edit((v) => (v.firstSelfPay = { permille: { unfiled: 300 }, unfiledAsLevel: 3 }))), undefined, "level is text");
  assert.equal(policyFromJson(edit((v) => (v.firstSelfPay = []))), undefined);
});

test("ratio: the med_type override, else the institution level's for the kind, else the base", () => {
  const wh = weihai.versions[0]!;
  assert.equal(poolRatioFor(wh, "inpatient", "21", undefined), 870, "level unknown: base");
  assert.equal(poolRatioFor(wh, "inpatient", "21", "1"), 900);
  assert.equal(poolRatioFor(wh, "inpatient", "21", "3"), 800);
  assert.equal(poolRatioFor(wh, "inpatient", "21", "9"), 870, "a level the table does not name: base");
  assert.equal(poolRatioFor(wh, "outpatient", "11", "3"), 620, "a kind the level does not name: base");
  assert.equal(poolRatioFor(wh, "outpatient", "14", "3"), 750, "med_type wins over level");
});

test("first self-pay by category and kind; unfiled care at the policy's unfiled level", () => {
  const wh: InsuredPolicyVersion = weihai.versions[0]!;
  assert.equal(firstSelfPayPermille(wh, "inpatient", "unfiled"), 300);
  assert.equal(firstSelfPayPermille(wh, "inpatient", "referral"), 100);
  assert.equal(firstSelfPayPermille(wh, "outpatient", "emergency"), 100);
  assert.equal(firstSelfPayPermille(wh, "outpatient", "temporary"), 100);
  assert.equal(firstSelfPayPermille(wh, "inpatient", "long-term"), 0);
  assert.equal(firstSelfPayPermille(wh, "pharmacy", "unfiled"), 0, "pharmacy is not among the kinds");
  assert.equal(firstSelfPayPermille(DEFAULT_INSURED_POLICIES.get("32")!.versions[0]!, "inpatient", "unfiled"), 0);
  assert.equal(levelFor(wh, "unfiled", "1"), "3");
  assert.equal(levelFor(wh, "unfiled", undefined), "3");
  assert.equal(levelFor(wh, "referral", "1"), "1");
  assert.equal(levelFor(shandong.versions[0]!, "unfiled", "1"), "1");
});

test("remote care: outside the insured pool's province and city", () => {
  assert.equal(isRemoteCare("320102", "371000"), true);
  assert.equal(isRemoteCare("370102", "371000"), true, "Jinan for a Weihai insured");
  assert.equal(isRemoteCare("371002", "371000"), false, "a county of Weihai");
});

test("a pool's own policy wins over its province's, also for its counties", () => {
  assert.deepEqual(poolPolicyKeys("371002"), ["371002", "371000", "37"]);
  assert.deepEqual(poolPolicyKeys("371000"), ["371000", "37"]);
  assert.deepEqual(poolPolicyKeys("370000"), ["370000", "37"]);
  const book = new PolicyBook();
  book.set(shandong);
  book.set(weihai);
  assert.equal(book.inForce("371000", at)?.firstSelfPay?.permille.unfiled, 300);
  assert.equal(book.inForce("371002", at)?.firstSelfPay?.permille.unfiled, 300);
  assert.equal(book.inForce("370100", at)?.firstSelfPay?.permille.unfiled, 100);
  book.delete("371000");
  assert.equal(book.inForce("371000", at)?.firstSelfPay?.permille.unfiled, 100, "without its own, the province's");
  assert.equal(policyOfPool("371002"), weihai);
  assert.equal(policyOfPool("370100"), shandong);
});
