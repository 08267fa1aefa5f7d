// The simulated insured platform: a pre-settlement books nothing; a stay settled in parts is
// computed from the stay's start balance, so the final (the whole stay) pays at least what the
// interim paid on every netted amount, as the hub's netting (rule S2) expects.
import assert from "node:assert/strict";
import { test } from "node:test";
import { nhsaJsonDialect } from "@tongxing/dialects";
import type { Adjudication, Claim } from "@tongxing/proto";
import { buildNhsaSettleMessage } from "../claims/claim-factory.js";
import { interimStay } from "../claims/interim-stay.js";
import { createSimulatedPlatform } from "./simulated-platforms.js";

const decode = (payload: Uint8Array, id: string): Claim => Object.assign(nhsaJsonDialect.decodeClaim(payload).claim, { claimId: id });
const settled = (r: ReturnType<ReturnType<typeof createSimulatedPlatform>["adjudicate"]>): Adjudication => {
  assert.ok("adjudication" in r, "adjudicated, not refused");
  return r.adjudication;
};

test("a pre-settlement answers what the settlement then pays, and books nothing", () => {
  const p = createSimulatedPlatform("32");
  const m = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 1, insutype: "310", seed: 1 });
  const claim = decode(m.payload, "C1");
  const pre1 = settled(p.preSettle(claim));
  const pre2 = settled(p.preSettle(claim));
  assert.equal(pre1.setlId, "");
  assert.deepEqual({ ...pre2, setlTime: "" }, { ...pre1, setlTime: "" }, "asking twice changes nothing");
  const s = settled(p.adjudicate(claim));
  assert.equal(s.psnPartAmt, pre1.psnPartAmt);
  assert.equal(s.acctPay, pre1.acctPay);
  assert.notEqual(s.setlId, "");
});

test("an employee's stay in parts: the final is computed from the stay's start balance and nets the interim", () => {
  const p = createSimulatedPlatform("32");
  const m = buildNhsaSettleMessage({ kind: "inpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 2, insutype: "310", seed: 2 });
  const { interim, final } = interimStay(m.json, Math.floor(m.json.input.feedetail.length / 2));
  const whole = settled(createSimulatedPlatform("32").adjudicate(decode(final.payload, "Cw")));
  const a = settled(p.adjudicate(decode(interim.payload, "Ci")));
  const b = settled(p.adjudicate(decode(final.payload, "Cf")));
  assert.deepEqual({ ...b, setlId: "", setlTime: "", claimId: "" }, { ...whole, setlId: "", setlTime: "", claimId: "" }, "the final equals the whole stay settled at once");
  for (const k of ["medfeeSumamt", "fundPaySumamt", "hifpPay", "acctPay", "psnPartAmt", "psnCashPay"] as const) assert.ok(b[k]! >= a[k]!, `${k}: ${b[k]} ≥ ${a[k]}`);
});
