import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { DEFAULT_INSURED_POLICIES } from "@tongxing/policy";
import { AdjudicationSchema, ClaimKind, ClaimSchema, FindingSeverity } from "@tongxing/proto";
import type { PastEncounter } from "@tongxing/claim-store";
import { impossibleTravel } from "./impossible-travel.js";
import { outpatientQuota } from "./outpatient-quota.js";
import { overlappingStays } from "./overlapping-stays.js";
import { pharmacyRepeats } from "./pharmacy-repeats.js";
import type { AuditRule } from "./rule.js";

const H = 3_600_000;
const t0 = Date.parse("2026-05-10T09:00:00+08:00");
const past = (over: Partial<PastEncounter>): PastEncounter => ({ claimId: "Cother", mdtrtareaAdmvs: "370102", kind: "outpatient", beginMs: t0, endMs: t0, hifpFen: 0n, ...over });

function run(rule: AuditRule, o: { kind: ClaimKind; treated?: string; span: [number, number]; history: PastEncounter[]; hifp?: bigint; quota?: bigint }) {
  const claim = create(ClaimSchema, { claimId: "Cthis", kind: o.kind, mdtrtareaAdmvs: o.treated ?? "370102", insuplcAdmdvs: "320100" });
  const insured = { ...DEFAULT_INSURED_POLICIES.get("32")!.versions[0]!, ...(o.quota === undefined ? {} : { outpatientQuotaFen: o.quota }) };
  return rule.check({
    claim,
    adjudication: create(AdjudicationSchema, { hifpPay: o.hifp ?? 0n }),
    policy: { fundIncludesAcct: false, insured },
    facts: { encounterAtMs: o.span[1], encounterSpanMs: o.span, history: { encounters: o.history } },
  });
}

test("O1 holds an inpatient stay overlapping another, not one that follows it", () => {
  const stay = past({ kind: "inpatient", beginMs: t0, endMs: t0 + 72 * H });
  const [f] = run(overlappingStays, { kind: ClaimKind.INPATIENT, span: [t0 + 48 * H, t0 + 96 * H], history: [stay] });
  assert.equal(f?.ruleId, "O1");
  assert.equal(f?.severity, FindingSeverity.WARNING);
  assert.deepEqual(run(overlappingStays, { kind: ClaimKind.INPATIENT, span: [t0 + 72 * H, t0 + 96 * H], history: [stay] }), []);
  assert.deepEqual(run(overlappingStays, { kind: ClaimKind.OUTPATIENT, span: [t0 + 48 * H, t0 + 48 * H], history: [stay] }), [], "outpatient visits during a stay are T1's concern");
});

test("T1 holds care in two provinces under 2 h apart; same province or a day apart is fine", () => {
  const jinan = past({ beginMs: t0, endMs: t0 + H });
  assert.equal(run(impossibleTravel, { kind: ClaimKind.OUTPATIENT, treated: "440300", span: [t0 + 2 * H, t0 + 2 * H], history: [jinan] })[0]?.ruleId, "T1");
  assert.deepEqual(run(impossibleTravel, { kind: ClaimKind.OUTPATIENT, treated: "440300", span: [t0 + 3 * H + 1, t0 + 3 * H + 1], history: [jinan] }), []);
  assert.deepEqual(run(impossibleTravel, { kind: ClaimKind.OUTPATIENT, treated: "370205", span: [t0 + 2 * H, t0 + 2 * H], history: [jinan] }), []);
});

test("Q1 holds outpatient use beyond the annual quota, counting only this year's outpatient claims", () => {
  const history = [past({ hifpFen: 150_000n }), past({ claimId: "Clast", endMs: Date.parse("2025-12-31T10:00:00+08:00"), hifpFen: 900_000n }), past({ kind: "inpatient", hifpFen: 900_000n })];
  assert.deepEqual(run(outpatientQuota, { kind: ClaimKind.OUTPATIENT, span: [t0 + H, t0 + H], history, hifp: 50_000n, quota: 200_000n }), []);
  const [f] = run(outpatientQuota, { kind: ClaimKind.OUTPATIENT, span: [t0 + H, t0 + H], history, hifp: 50_001n, quota: 200_000n });
  assert.equal(f?.expected, "≤ 200000");
  assert.equal(f?.actual, "200001");
  assert.deepEqual(run(outpatientQuota, { kind: ClaimKind.OUTPATIENT, span: [t0, t0], history, hifp: 10n ** 9n }), [], "no quota on file");
});

test("M1 holds the third pharmacy purchase of a day (Beijing time)", () => {
  const one = past({ kind: "pharmacy", claimId: "C1" });
  const two = past({ kind: "pharmacy", claimId: "C2", endMs: t0 + H });
  assert.deepEqual(run(pharmacyRepeats, { kind: ClaimKind.PHARMACY, span: [t0 + 2 * H, t0 + 2 * H], history: [one] }), []);
  assert.equal(run(pharmacyRepeats, { kind: ClaimKind.PHARMACY, span: [t0 + 2 * H, t0 + 2 * H], history: [one, two] })[0]?.ruleId, "M1");
  assert.deepEqual(run(pharmacyRepeats, { kind: ClaimKind.PHARMACY, span: [t0 + 24 * H, t0 + 24 * H], history: [one, two] }), [], "the next day");
});
