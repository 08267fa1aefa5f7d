import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { parseScaledDecimal, parseYuanToFen } from "@tongxing/domain";
import { DEFAULT_INSURED_POLICIES, PolicyBook } from "@tongxing/policy";
import { ClaimKind, ClaimSchema, FilingSchema, FilingType, type Adjudication, type Claim } from "@tongxing/proto";
import fc from "fast-check";
import { adjudicate, buildNhsaSettleMessage, policyFor, policyForPool, PROVINCE_POLICIES, type AdjudicationOptions, type NhsaSettleJson, type ProvincePolicy } from "@tongxing/loadtest";
import { policyRecompute } from "@tongxing/auditor";

interface ClaimInput {
  readonly kind: ClaimKind;
  readonly insutype: string;
  readonly acctUsedFlag: string;
  readonly psnNo?: string;
  readonly fulamt: bigint;
  readonly overlmt: bigint;
  readonly preselfpay: bigint;
  readonly inscp: bigint;
  /** Defaults to the I1 sum. */
  readonly medfee?: bigint;
}

function claimOf(c: ClaimInput): Claim {
  return create(ClaimSchema, {
    claimId: "C0123456789abcdef01234567",
    kind: c.kind,
    infno: c.kind === ClaimKind.INPATIENT ? "2304" : c.kind === ClaimKind.PHARMACY ? "2102" : "2207",
    mdtrtareaAdmvs: "370102",
    insuplcAdmdvs: "320100",
    person: { psnNo: c.psnNo ?? "32010000000000000001", insutype: c.insutype },
    encounter: { mdtrtId: "M1", acctUsedFlag: c.acctUsedFlag },
    totals: {
      medfeeSumamt: c.medfee ?? c.fulamt + c.overlmt + c.preselfpay + c.inscp,
      fulamtOwnpayAmt: c.fulamt,
      overlmtSelfpay: c.overlmt,
      preselfpayAmt: c.preselfpay,
      inscpScpAmt: c.inscp,
    },
  });
}

const opts = (balance: bigint): AdjudicationOptions => ({ setlId: "S1", setlTime: "2026-01-09 11:06:10", accountBalanceFen: balance, adjudicatedBy: "32" });

function settled(claim: Claim, policy: ProvincePolicy, balance: bigint): Adjudication {
  const out = adjudicate(claim, policy, opts(balance));
  assert.ok("adjudication" in out, "refusal" in out ? `refused: ${out.refusal.code}` : "no adjudication");
  return out.adjudication;
}

function funds(a: Adjudication): bigint {
  return a.hifpPay! + a.cvlservPay! + a.hifesPay! + a.hifmiPay! + a.hifobPay! + a.mafPay! + a.othPay!;
}

/** I2–I4 under the platform's convention. */
function assertI2toI4(a: Adjudication, fundIncludesAcct: boolean): void {
  assert.equal(a.psnPartAmt, a.acctPay! + a.psnCashPay!, "I3");
  if (fundIncludesAcct) {
    assert.equal(a.fundPaySumamt, funds(a) + a.acctPay!, "I4 (fund includes account)");
    assert.equal(a.medfeeSumamt, a.fundPaySumamt - a.acctPay! + a.psnPartAmt + a.hospPartAmt!, "I2 (fund includes account)");
  } else {
    assert.equal(a.fundPaySumamt, funds(a), "I4");
    assert.equal(a.medfeeSumamt, a.fundPaySumamt + a.psnPartAmt + a.hospPartAmt!, "I2");
  }
}

function assertI1(a: Adjudication): void {
  assert.equal(a.medfeeSumamt, a.inscpScpAmt! + a.preselfpayAmt! + a.fulamtOwnpayAmt! + a.overlmtSelfpay!, "I1");
}

const fen = fc.bigInt({ min: 0n, max: 2_000_000_00n });
const kindArb = fc.constantFrom(ClaimKind.OUTPATIENT, ClaimKind.INPATIENT, ClaimKind.PHARMACY);
const claimArb = fc.record({
  kind: kindArb,
  insutype: fc.constantFrom("310", "390", "320", "340", "510"),
  acctUsedFlag: fc.constantFrom("0", "1"),
  fulamt: fen,
  overlmt: fen,
  preselfpay: fen,
  inscp: fen,
});
const policyArb = fc.record({
  code: fc.constantFrom(...PROVINCE_POLICIES.keys()),
  fundIncludesAcct: fc.boolean(),
});
/** Policies beyond the table: any ratio, deductible, cap and subsidy. */
const arbitraryPolicyArb = fc.record({
  fundIncludesAcct: fc.boolean(),
  deductible: fc.bigInt({ min: 0n, max: 500_000n }),
  ratio: fc.integer({ min: 0, max: 1000 }),
  cap: fc.bigInt({ min: 0n, max: 50_000_000n }),
  cvl: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
});
const balanceArb = fc.bigInt({ min: 0n, max: 1_000_000_00n });

test("property: I1–I4 hold on every adjudication, under both fund_pay_sumamt conventions", () => {
  fc.assert(
    fc.property(claimArb, policyArb, balanceArb, (c, p, balance) => {
      const policy = { ...policyFor(p.code), fundIncludesAcct: p.fundIncludesAcct };
      const a = settled(claimOf(c), policy, balance);
      assertI1(a);
      assertI2toI4(a, p.fundIncludesAcct);
    }),
    { numRuns: 2000 },
  );
});

test("property: amounts stay within the policy and the account (arbitrary policies)", () => {
  fc.assert(
    fc.property(claimArb, arbitraryPolicyArb, balanceArb, (c, p, balance) => {
      const base = policyFor("37");
      const policy: ProvincePolicy = {
        provinceCode: "37",
        provinceName: base.provinceName,
        deductibleFen: { outpatient: p.deductible, inpatient: p.deductible, pharmacy: p.deductible },
        poolRatioPermille: { outpatient: p.ratio, inpatient: p.ratio, pharmacy: p.ratio },
        hifpCapFen: { outpatient: p.cap, inpatient: p.cap, pharmacy: p.cap },
        ...(p.cvl === undefined ? {} : { cvlservPermille: p.cvl }),
        fundIncludesAcct: p.fundIncludesAcct,
        accountBalanceFen: balance,
      };
      const a = settled(claimOf(c), policy, balance);
      assertI1(a);
      assertI2toI4(a, p.fundIncludesAcct);
      assert.equal(a.actPayDedc, c.inscp < p.deductible ? c.inscp : p.deductible, "dedc = min(deductible, inscp)");
      assert.equal(a.hifpPay, [((c.inscp - a.actPayDedc) * BigInt(p.ratio)) / 1000n, p.cap].reduce((x, y) => (x < y ? x : y)));
      assert.ok(a.hifpPay <= p.cap, "cap");
      assert.ok(funds(a) <= c.inscp, "funds pay within the eligible amount");
      assert.ok(a.psnPartAmt! >= 0n && a.acctPay! >= 0n && a.psnCashPay! >= 0n);
      assert.ok(a.acctPay! <= balance);
      assert.equal(a.balc, balance - a.acctPay!);
      if (c.insutype !== "310" || c.acctUsedFlag !== "1") assert.equal(a.acctPay, 0n, "account only for 310 with acct_used_flag 1");
      else assert.equal(a.acctPay, balance < a.psnPartAmt! ? balance : a.psnPartAmt);
      if (c.insutype !== "320") assert.equal(a.cvlservPay, 0n, "civil-servant subsidy only for 320");
      assert.equal(a.hifesPay! + a.hifmiPay! + a.hifobPay! + a.mafPay! + a.othPay! + a.hospPartAmt! + a.acctMulaidPay!, 0n);
      assert.equal(a.poolPropPermille, p.ratio);
    }),
    { numRuns: 2000 },
  );
});

test("property: I2–I4 hold even on a claim whose own totals break I1, which is restated as given", () => {
  fc.assert(
    fc.property(claimArb, fen, policyArb, balanceArb, (c, medfee, p, balance) => {
      const policy = { ...policyFor(p.code), fundIncludesAcct: p.fundIncludesAcct };
      const a = settled(claimOf({ ...c, medfee }), policy, balance);
      assert.equal(a.medfeeSumamt, medfee);
      assert.equal(a.inscpScpAmt, c.inscp);
      assertI2toI4(a, p.fundIncludesAcct);
    }),
    { numRuns: 500 },
  );
});

test("a Jiangsu employee's outpatient claim: deductible, ratio, account and cash worked by hand", () => {
  const policy = policyFor("32"); // outpatient: deductible 80.00, 650 ‰, cap 300.00; account 2,200.00
  const claim = claimOf({ kind: ClaimKind.OUTPATIENT, insutype: "310", acctUsedFlag: "1", fulamt: 1580n, overlmt: 0n, preselfpay: 2050n, inscp: 38000n });
  const a = settled(claim, policy, 10_000n);
  assert.equal(a.medfeeSumamt, 41630n);
  assert.equal(a.actPayDedc, 8000n);
  assert.equal(a.hifpPay, 19500n, "(380.00 − 80.00) × 65 %");
  assert.equal(a.fundPaySumamt, 19500n);
  assert.equal(a.psnPartAmt, 22130n);
  assert.equal(a.acctPay, 10_000n, "the whole balance");
  assert.equal(a.psnCashPay, 12130n);
  assert.equal(a.balc, 0n);
  assert.deepEqual([a.clrType, a.clrWay, a.clrOptins, a.setlId, a.adjudicatedBy, a.claimId], ["11", "01", "320000", "S1", "32", claim.claimId]);
  assert.equal(a.poolPropPermille, 650);
});

test("the per-claim cap limits hifp_pay", () => {
  const policy = policyFor("37"); // outpatient cap 250.00
  const a = settled(claimOf({ kind: ClaimKind.OUTPATIENT, insutype: "390", acctUsedFlag: "0", fulamt: 0n, overlmt: 0n, preselfpay: 0n, inscp: 500_000n }), policy, 0n);
  assert.equal(a.hifpPay, policy.hifpCapFen.outpatient);
  assert.equal(a.psnPartAmt, 500_000n - policy.hifpCapFen.outpatient);
  const inpatient = settled(claimOf({ kind: ClaimKind.INPATIENT, insutype: "390", acctUsedFlag: "0", fulamt: 0n, overlmt: 0n, preselfpay: 0n, inscp: 100_000_000n }), policy, 0n);
  assert.equal(inpatient.hifpPay, policy.hifpCapFen.inpatient);
  assert.equal(inpatient.clrType, "21");
});

test("an eligible amount below the deductible pays nothing from the fund", () => {
  const policy = policyFor("11");
  const a = settled(claimOf({ kind: ClaimKind.INPATIENT, insutype: "390", acctUsedFlag: "0", fulamt: 500n, overlmt: 0n, preselfpay: 0n, inscp: 50_000n }), policy, 0n);
  assert.equal(a.actPayDedc, 50_000n);
  assert.equal(a.hifpPay, 0n);
  assert.equal(a.psnPartAmt, 50_500n);
  assert.equal(a.psnCashPay, 50_500n);
});

test("the personal account pays only for employees (310) who chose to use it", () => {
  const policy = policyFor("44");
  const base = { kind: ClaimKind.PHARMACY, fulamt: 0n, overlmt: 0n, preselfpay: 0n, inscp: 20_000n } as const;
  const employee = settled(claimOf({ ...base, insutype: "310", acctUsedFlag: "1" }), policy, 1_000_000n);
  assert.ok(employee.acctPay! > 0n);
  assert.equal(employee.acctPay, employee.psnPartAmt, "a large balance covers the whole share");
  assert.equal(employee.psnCashPay, 0n);
  assert.equal(employee.clrType, "41");
  assert.equal(employee.fundPaySumamt, employee.hifpPay! + employee.acctPay!, "Guangdong reports the account inside fund_pay_sumamt");
  for (const [insutype, flag] of [["310", "0"], ["390", "1"], ["320", "1"]] as const) {
    const a = settled(claimOf({ ...base, insutype, acctUsedFlag: flag }), policy, 1_000_000n);
    assert.equal(a.acctPay, 0n, `${insutype}/${flag}`);
    assert.equal(a.psnCashPay, a.psnPartAmt);
    assert.equal(a.balc, 1_000_000n);
  }
});

test("insutype 320 adds the civil-servant subsidy on what the pooled fund leaves", () => {
  const policy = policyFor("32"); // inpatient: deductible 900.00, 880 ‰; subsidy 120 ‰
  const a = settled(claimOf({ kind: ClaimKind.INPATIENT, insutype: "320", acctUsedFlag: "1", fulamt: 0n, overlmt: 0n, preselfpay: 0n, inscp: 1_090_000n }), policy, 0n);
  assert.equal(a.hifpPay, 880_000n);
  assert.equal(a.cvlservPay, 14_400n, "(10,900 − 900 − 8,800) × 12 %");
  assert.equal(a.fundPaySumamt, 894_400n);
  assert.equal(a.acctPay, 0n);
  const noSubsidy = [...PROVINCE_POLICIES.values()].find((p) => p.cvlservPermille === undefined);
  assert.ok(noSubsidy);
  const b = settled(claimOf({ kind: ClaimKind.INPATIENT, insutype: "320", acctUsedFlag: "0", fulamt: 0n, overlmt: 0n, preselfpay: 0n, inscp: 1_090_000n }), noSubsidy, 0n);
  assert.equal(b.cvlservPay, 0n);
});

test("refusals: a person not insured, long-term care insurance, an unspecified kind", () => {
  const policy = policyFor("32");
  const base = { kind: ClaimKind.OUTPATIENT, insutype: "310", acctUsedFlag: "1", fulamt: 0n, overlmt: 0n, preselfpay: 0n, inscp: 1000n } as const;
  const cases = [
    [claimOf({ ...base, psnNo: "NOTINS0001" }), "PSN_NOT_INSURED"],
    [claimOf({ ...base, insutype: "410" }), "INSUTYPE_NOT_COVERED"],
    [claimOf({ ...base, kind: ClaimKind.UNSPECIFIED }), "CLAIM_KIND_UNSPECIFIED"],
  ] as const;
  for (const [claim, code] of cases) {
    const out = adjudicate(claim, policy, opts(100n));
    assert.ok("refusal" in out, code);
    assert.equal(out.refusal.code, code);
    assert.equal(out.refusal.claimId, claim.claimId);
    assert.ok(out.refusal.message.length > 0);
  }
  const insured = adjudicate(claimOf({ ...base, psnNo: "32NOTINS" }), policy, opts(100n));
  assert.ok("adjudication" in insured, "only a psn_no starting with NOTINS is refused");
});

test("adjudication is pure: the same inputs give equal answers", () => {
  const claim = claimOf({ kind: ClaimKind.INPATIENT, insutype: "310", acctUsedFlag: "1", fulamt: 12_345n, overlmt: 678n, preselfpay: 9_012n, inscp: 3_456_789n });
  assert.deepEqual(adjudicate(claim, policyFor("51"), opts(250_000n)), adjudicate(claim, policyFor("51"), opts(250_000n)));
});

/** The factory's message as a canonical claim (only what adjudication reads), parsed exactly. */
function claimFromMessage(json: NhsaSettleJson): Claim {
  const d = json.input.data;
  const yuan = (text: string): bigint => {
    const r = parseYuanToFen(text);
    assert.ok(r.ok, text);
    return r.value;
  };
  const kind = { "2207": ClaimKind.OUTPATIENT, "2304": ClaimKind.INPATIENT, "2102": ClaimKind.PHARMACY }[json.infno] ?? ClaimKind.UNSPECIFIED;
  return create(ClaimSchema, {
    claimId: json.msgid,
    kind,
    infno: json.infno,
    msgid: json.msgid,
    mdtrtareaAdmvs: json.mdtrtarea_admvs,
    insuplcAdmdvs: json.insuplc_admdvs,
    person: { psnNo: d.psn_no, insutype: d.insutype },
    encounter: { mdtrtId: d.mdtrt_id, acctUsedFlag: d.acct_used_flag },
    feeLines: json.input.feedetail.map((l) => {
      const cnt = parseScaledDecimal(l.cnt, 4);
      const pric = parseScaledDecimal(l.pric, 6);
      assert.ok(cnt.ok && pric.ok);
      return { feedetlSn: l.feedetl_sn, cntE4: cnt.value, pricE6: pric.value, detItemFeeSumamt: yuan(l.det_item_fee_sumamt) };
    }),
    totals: {
      medfeeSumamt: yuan(d.medfee_sumamt),
      fulamtOwnpayAmt: yuan(d.fulamt_ownpay_amt),
      overlmtSelfpay: yuan(d.overlmt_selfpay),
      preselfpayAmt: yuan(d.preselfpay_amt),
      inscpScpAmt: yuan(d.inscp_scp_amt),
    },
  });
}

test("property: factory claims adjudicated by every province satisfy I1–I4", () => {
  fc.assert(
    fc.property(
      fc.constantFrom("outpatient", "inpatient", "pharmacy" as const),
      fc.integer({ min: 0, max: 2 ** 31 }),
      fc.constantFrom(...PROVINCE_POLICIES.keys()),
      (kind, seed, code) => {
        const policy = policyFor(code);
        const message = buildNhsaSettleMessage({ kind, treatmentAdmdvs: "370102", insuredAdmdvs: `${code}0100`, seq: seed % 10_000, seed });
        const a = settled(claimFromMessage(message.json), policy, policy.accountBalanceFen);
        assertI1(a);
        assertI2toI4(a, policy.fundIncludesAcct);
        assert.equal(a.clrOptins, `${code}0000`);
      },
    ),
    { numRuns: 300 },
  );
});

// Temporary travellers and ratio tables: the simulated platforms adjudicate from the same policy
// source (DEFAULT_INSURED_POLICIES, the pool's own where seeded) as the auditor's rule P1.

function travellerClaim(o: { insured: string; treated: string; kind: ClaimKind; medType: string; insutype?: string; inscp: bigint }): Claim {
  const c = claimOf({ kind: o.kind, insutype: o.insutype ?? "310", acctUsedFlag: "0", fulamt: 0n, overlmt: 0n, preselfpay: 0n, inscp: o.inscp });
  c.mdtrtareaAdmvs = o.treated;
  c.insuplcAdmdvs = o.insured;
  Object.assign(c.encounter!, { medType: o.medType, begntime: "2026-03-10 09:00:00", endtime: "2026-03-10 10:00:00" });
  return c;
}

const weihaiFiling = (filingType: FilingType) => create(FilingSchema, { filingNo: `WH${filingType}`, psnNo: "32010000000000000001", insuplcAdmdvs: "371000", mdtrtareaAdmvs: "320000", filingType, begndate: "2026-01-01", enddate: "" });

test("a Weihai-insured unfiled inpatient stay in Jiangsu: 30 % first self-pay, then the tier-3 ratio, worked by hand", () => {
  const policy = policyForPool("371000");
  assert.equal(policy.pool, "371000");
  assert.equal(policyForPool("371002"), policy, "a county of Weihai: Weihai's policy");
  assert.equal(policyForPool("370100").pool, undefined, "Jinan: Shandong's");
  const claim = travellerClaim({ insured: "371000", treated: "320102", kind: ClaimKind.INPATIENT, medType: "21", inscp: 1_000_000n });
  const a = settled(claim, policy, 0n);
  assert.equal(a.actPayDedc, 80_000n, "deductible 800.00 of the base 7,000.00");
  assert.equal(a.hifpPay, 496_000n, "(10,000.00 − 3,000.00 − 800.00) × 800 ‰");
  assert.equal(a.poolPropPermille, 800);
  assert.equal(a.psnPartAmt, 504_000n, "the patient bears the first self-pay too");
  // the same stay under a referral filing at a level-1 hospital: 10 %, then 900 ‰
  const referral = adjudicate(claim, policy, { ...opts(0n), filings: [weihaiFiling(FilingType.REFERRAL)], institutionLevel: "1" });
  assert.ok("adjudication" in referral);
  assert.equal(referral.adjudication.hifpPay, 738_000n, "(10,000.00 − 1,000.00 − 800.00) × 900 ‰");
});

test("property: P1 finds nothing to hold on the simulated platforms' adjudications of travellers", () => {
  const book = new PolicyBook();
  for (const p of DEFAULT_INSURED_POLICIES.values()) book.set(p);
  const kinds = [
    [ClaimKind.OUTPATIENT, ["11", "13", "14"]],
    [ClaimKind.INPATIENT, ["21", "23", "24"]],
    [ClaimKind.PHARMACY, ["41"]],
  ] as const;
  fc.assert(
    fc.property(
      fc.constantFrom("371000", "371002", "370100", "320100", "440300"),
      fc.constantFrom("320102", "370102", "371002", "440304"),
      fc.integer({ min: 0, max: 2 }),
      fc.nat(),
      fc.constantFrom("310", "320", "390"),
      fc.bigInt({ min: 0n, max: 5_000_000n }),
      fc.subarray([FilingType.LONG_TERM_RESIDENT, FilingType.REFERRAL, FilingType.TEMPORARY]),
      fc.constantFrom(undefined, "1", "2", "3"),
      (insured, treated, k, m, insutype, inscp, filingTypes, level) => {
        const [kind, medTypes] = kinds[k]!;
        const claim = travellerClaim({ insured, treated, kind, medType: medTypes[m % medTypes.length]!, insutype, inscp });
        const filings = filingTypes.map(weihaiFiling).map((f) => create(FilingSchema, { ...f, insuplcAdmdvs: insured }));
        const out = adjudicate(claim, policyForPool(insured), { ...opts(0n), filings, ...(level === undefined ? {} : { institutionLevel: level }) });
        assert.ok("adjudication" in out);
        const encounterAtMs = Date.parse("2026-03-10T10:00:00+08:00");
        const insuredPolicy = book.inForce(insured, encounterAtMs);
        assert.ok(insuredPolicy !== undefined);
        const findings = policyRecompute.check({ claim, adjudication: out.adjudication, policy: { fundIncludesAcct: false, insured: insuredPolicy }, facts: { encounterAtMs, filings, ...(level === undefined ? {} : { institutionLevel: level }) } });
        assert.deepEqual(findings, []);
      },
    ),
    { numRuns: 1000 },
  );
});
