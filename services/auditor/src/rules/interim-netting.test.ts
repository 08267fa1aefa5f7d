import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import type { EncounterPart } from "@tongxing/claim-store";
import { AdjudicationSchema, ClaimKind, ClaimSchema, FindingSeverity } from "@tongxing/proto";
import { interimNetting } from "./interim-netting.js";

const line = (sn: string, fen: bigint) => ({ feedetlSn: sn, detItemFeeSumamt: fen });
const part = (claimId: string, final: boolean, medfee: bigint, fund: bigint, lines = [line("1", medfee)]): EncounterPart => ({
  claimId, chrgBchno: "B", final, medfeeSumamt: medfee, fundPaySumamt: fund, acctPay: 0n, psnPartAmt: medfee - fund, psnCashPay: medfee - fund, hifpPay: fund, lines,
});
const claim = (flag: string, lines = [line("1", 10_000n), line("2", 20_000n)]) =>
  create(ClaimSchema, { claimId: "Cfinal", kind: ClaimKind.INPATIENT, encounter: { mdtrtId: "M", midSetlFlag: flag }, feeLines: lines });
const whole = create(AdjudicationSchema, { medfeeSumamt: 30_000n, fundPaySumamt: 21_000n, hifpPay: 21_000n, psnPartAmt: 9_000n, psnCashPay: 9_000n });
const run = (flag: string, parts: EncounterPart[], a = whole, lines?: ReturnType<typeof line>[]) =>
  interimNetting.check({ claim: claim(flag, lines), adjudication: a, policy: { fundIncludesAcct: false }, facts: { encounterParts: parts } });

test("S2 passes a final that restates its interim's lines and pays at least what the interim paid", () => {
  assert.deepEqual(run("0", [part("Ci", false, 10_000n, 7_000n)]), []);
  assert.deepEqual(run("1", []), [], "a first interim");
  assert.deepEqual(run("0", []), [], "a stay settled at once");
});

test("S2 rejects a final that pays less than its interims, naming the amount, interims' sum expected", () => {
  const f = run("0", [part("Ci", false, 10_000n, 22_000n)]).filter((x) => x.message.startsWith("fund_pay_sumamt"));
  assert.equal(f.length, 1);
  assert.equal(f[0]?.severity, FindingSeverity.ERROR);
  assert.equal(f[0]?.expected, "22000");
  assert.equal(f[0]?.actual, "21000");
});

test("S2 rejects a final missing or changing an interim line", () => {
  const f = run("0", [part("Ci", false, 10_000n, 7_000n, [line("1", 10_000n), line("9", 1n)])], whole);
  assert.deepEqual(f.map((x) => [x.expected, x.actual]), [["1", "absent"]]);
});

test("S2 rejects an interim after the final, and a second final", () => {
  assert.match(run("1", [part("Cf", true, 30_000n, 21_000n)])[0]?.message ?? "", /interim settlement after the stay's final/);
  assert.match(run("0", [part("Cf", true, 30_000n, 21_000n)])[0]?.message ?? "", /already has a final/);
});
