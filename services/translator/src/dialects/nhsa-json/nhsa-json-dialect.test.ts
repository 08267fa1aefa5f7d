import assert from "node:assert/strict";
import { test } from "node:test";
import { create, toJson } from "@bufbuild/protobuf";
import fc from "fast-check";
import { parse } from "lossless-json";
import { InvalidInputError, isInvalidInputError } from "@tongxing/domain";
import { buildNhsaSettleMessage } from "@tongxing/loadtest";
import { AdjudicationSchema, ClaimKind, ClaimSchema, ClaimStatus, SettlementResultSchema, VerdictOutcome, type Claim } from "@tongxing/proto";
import { nhsaJsonDialect } from "./nhsa-json-dialect.js";

const enc = (v: unknown) => new TextEncoder().encode(typeof v === "string" ? v : JSON.stringify(v));
const message = (kind: "outpatient" | "inpatient" | "pharmacy" = "outpatient", seq = 1) =>
  structuredClone(buildNhsaSettleMessage({ kind, treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq, seed: seq }).json) as unknown as {
    input: { data: Record<string, unknown>; feedetail: Record<string, unknown>[]; drugdetail?: unknown };
  } & Record<string, unknown>;

function violationsOf(payload: Uint8Array): { field: string; description: string }[] {
  try {
    nhsaJsonDialect.decodeClaim(payload);
  } catch (err) {
    assert.ok(isInvalidInputError(err), `InvalidInputError, got ${String(err)}`);
    return [...err.violations];
  }
  assert.fail("expected a rejection");
}

test("a 2207 outpatient settle decodes with exact fen and scaled cnt/pric", () => {
  const m = message();
  m.input.data.medfee_sumamt = "120.50";
  m.input.data.inscp_scp_amt = "105.00";
  m.input.data.preselfpay_amt = "5.50";
  m.input.data.fulamt_ownpay_amt = "10.00";
  m.input.data.overlmt_selfpay = 0;
  m.input.feedetail = [
    { feedetl_sn: "1", med_list_codg: "XJ01", cnt: "2", pric: "12.345678", det_item_fee_sumamt: 24.69, inscp_scp_amt: "24.69" },
    { feedetl_sn: "2", init_feedetl_sn: "1", med_list_codg: "XJ01", cnt: "-1.5", pric: 3, det_item_fee_sumamt: "-4.50", inscp_scp_amt: "-4.50" },
  ];
  const { claim, msgid } = nhsaJsonDialect.decodeClaim(enc(m));
  assert.equal(msgid, m.msgid);
  assert.equal(claim.kind, ClaimKind.OUTPATIENT);
  assert.equal(claim.insuplcAdmdvs, "320100");
  assert.deepEqual(
    [claim.totals?.medfeeSumamt, claim.totals?.inscpScpAmt, claim.totals?.preselfpayAmt, claim.totals?.fulamtOwnpayAmt, claim.totals?.overlmtSelfpay],
    [12050n, 10500n, 550n, 1000n, 0n],
  );
  assert.equal(claim.feeLines[0]?.pricE6, 12_345_678n);
  assert.equal(claim.feeLines[0]?.cntE4, 20_000n);
  assert.equal(claim.feeLines[0]?.detItemFeeSumamt, 2469n, "a JSON number amount is read from its text, exactly");
  assert.equal(claim.feeLines[1]?.cntE4, -15_000n, "a refund line may be negative");
  assert.equal(claim.dialect, "nhsa-json");
});

test("2304 inpatient keeps mid_setl_flag; 2102 pharmacy accepts drugdetail", () => {
  const inpatient = message("inpatient", 2);
  inpatient.input.data.mid_setl_flag = "1";
  const ipt = nhsaJsonDialect.decodeClaim(enc(inpatient)).claim;
  assert.equal(ipt.kind, ClaimKind.INPATIENT);
  assert.equal(ipt.encounter?.midSetlFlag, "1");
  const pharmacy = message("pharmacy", 3);
  pharmacy.input.drugdetail = pharmacy.input.feedetail;
  delete (pharmacy.input as { feedetail?: unknown }).feedetail;
  const rx = nhsaJsonDialect.decodeClaim(enc(pharmacy)).claim;
  assert.equal(rx.kind, ClaimKind.PHARMACY);
  assert.ok(rx.feeLines.length > 0);
});

test("every problem is named with its path", () => {
  const m = message();
  delete m.insuplc_admdvs;
  m.input.data.medfee_sumamt = "12.345";
  m.input.data.inscp_scp_amt = "abc";
  m.input.data.insutype = "999";
  m.input.data.psn_no = { x: 1 };
  m.input.feedetail[0]!.cnt = "-1";
  const fields = violationsOf(enc(m)).map((v) => v.field);
  for (const f of ["insuplc_admdvs", "input.data.medfee_sumamt", "input.data.inscp_scp_amt", "input.data.insutype", "input.data.psn_no", "input.feedetail[0].cnt"]) {
    assert.ok(fields.includes(f), `${f} in ${fields.join(", ")}`);
  }
});

test("hostile bytes are refused on payload, never thrown as anything else", () => {
  assert.match(violationsOf(enc("[".repeat(100_000)))[0]!.description, /nested deeper/);
  assert.match(violationsOf(new Uint8Array([0xc3, 0x28]))[0]!.description, /UTF-8/);
  assert.match(violationsOf(enc('{"a":1,"a":2}'))[0]!.description, /JSON/, "duplicate keys are refused");
  assert.match(violationsOf(enc("[]"))[0]!.description, /object/);
  assert.match(violationsOf(new Uint8Array(1024 * 1024 + 1).fill(0x20))[0]!.description, /limit/);
  const negative = message();
  negative.input.data.medfee_sumamt = "-1.00";
  assert.deepEqual(violationsOf(enc(negative)).map((v) => v.field), ["input.data.medfee_sumamt"]);
});

test("the result renders amounts as exact two-decimal JSON numbers", () => {
  const claim = nhsaJsonDialect.decodeClaim(enc(message())).claim;
  const result = create(SettlementResultSchema, {
    claimId: "C0123456789abcdef01234567",
    status: ClaimStatus.SETTLED,
    adjudication: create(AdjudicationSchema, { setlId: "S1", medfeeSumamt: 12050n, hifpPay: 7000n, acctPay: 5n, psnCashPay: -300n, setlTime: "2026-11-24 10:00:00" }),
    verdict: { outcome: VerdictOutcome.APPROVE, decidedAt: "2026-11-24 10:00:01.250" },
  });
  const text = new TextDecoder().decode(nhsaJsonDialect.encodeResult(result, claim));
  assert.match(text, /"medfee_sumamt":120\.50[,}]/);
  assert.match(text, /"acct_pay":0\.05[,}]/);
  assert.match(text, /"psn_cash_pay":-3\.00[,}]/);
  const parsed = parse(text) as { infcode: string; inf_refmsgid: string; respond_time: string };
  assert.equal(parsed.infcode, "0");
  assert.equal(parsed.inf_refmsgid.length, 30);
  assert.equal(parsed.respond_time, "20261124100001250");
  assert.deepEqual(nhsaJsonDialect.encodeResult(result, claim), nhsaJsonDialect.encodeResult(result, claim), "pure");
  const rejected = new TextDecoder().decode(
    nhsaJsonDialect.encodeResult(create(SettlementResultSchema, { claimId: "C1", status: ClaimStatus.REJECTED, refusal: { code: "PSN_NOT_INSURED", message: "参保人员信息不存在" } }), claim),
  );
  assert.match(rejected, /"infcode":"-1"/);
  assert.match(rejected, /PSN_NOT_INSURED: 参保人员信息不存在/);
});

/** Canonical claims that the national settle message can carry. */
const arbitraryClaim: fc.Arbitrary<Claim> = fc
  .record({
    kind: fc.constantFrom(ClaimKind.OUTPATIENT, ClaimKind.INPATIENT, ClaimKind.PHARMACY),
    msgid: fc.stringMatching(/^[0-9A-Za-z]{1,30}$/),
    regions: fc.tuple(fc.stringMatching(/^\d{6}$/), fc.stringMatching(/^\d{6}$/)),
    name: fc.string({ maxLength: 20 }),
    insutype: fc.constantFrom("310", "320", "330", "340", "390", "392", "410", "510"),
    certType: fc.constantFrom("01", "02", "03"),
    flag: fc.constantFrom("0", "1"),
    totals: fc.array(fc.bigInt({ min: 0n, max: 10n ** 10n }), { minLength: 5, maxLength: 5 }),
    lines: fc.array(
      fc.record({
        refund: fc.boolean(),
        cnt: fc.bigInt({ min: 0n, max: 10n ** 8n }),
        pric: fc.bigInt({ min: 0n, max: 10n ** 12n }),
        amounts: fc.array(fc.bigInt({ min: -(10n ** 10n), max: 10n ** 10n }), { minLength: 5, maxLength: 5 }),
      }),
      { maxLength: 6 },
    ),
  })
  .map((r) =>
    create(ClaimSchema, {
      kind: r.kind,
      infno: r.kind === ClaimKind.OUTPATIENT ? "2207" : r.kind === ClaimKind.INPATIENT ? "2304" : "2102",
      msgid: r.msgid,
      mdtrtareaAdmvs: r.regions[0],
      insuplcAdmdvs: r.regions[1],
      fixmedinsCode: "H37010200001",
      fixmedinsName: r.name,
      dialect: "nhsa-json",
      person: { psnNo: "P1", psnName: r.name, insutype: r.insutype, mdtrtCertType: r.certType, mdtrtCertNo: "X", cardSn: r.certType === "03" ? "CARD" : "" },
      encounter: { mdtrtId: "M1", medType: "11", acctUsedFlag: r.flag, midSetlFlag: r.kind === ClaimKind.INPATIENT ? r.flag : "" },
      totals: { medfeeSumamt: r.totals[0], fulamtOwnpayAmt: r.totals[1], overlmtSelfpay: r.totals[2], preselfpayAmt: r.totals[3], inscpScpAmt: r.totals[4] },
      feeLines: r.lines.map((l, i) => ({
        feedetlSn: String(i + 1),
        initFeedetlSn: l.refund ? "9" : "",
        medListCodg: "XJ01",
        cntE4: l.refund ? -l.cnt : l.cnt,
        pricE6: l.pric,
        detItemFeeSumamt: l.amounts[0],
        fulamtOwnpayAmt: l.amounts[1],
        overlmtAmt: l.amounts[2],
        preselfpayAmt: l.amounts[3],
        inscpScpAmt: l.amounts[4],
      })),
    }),
  );

test("property: canonical → nhsa-json → canonical is the identity; no amount moves by a fen", () => {
  fc.assert(
    fc.property(arbitraryClaim, (claim) => {
      const back = nhsaJsonDialect.decodeClaim(nhsaJsonDialect.encodeClaim!(claim)).claim;
      assert.deepEqual(toJson(ClaimSchema, back), toJson(ClaimSchema, claim));
    }),
    { numRuns: 300 },
  );
});

test("property: an adjudication survives the insured platform's national reply exactly", () => {
  const claim = nhsaJsonDialect.decodeClaim(enc(message())).claim;
  fc.assert(
    fc.property(fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), { minLength: 20, maxLength: 20 }), (amounts) => {
      const a = create(AdjudicationSchema, { claimId: claim.claimId, setlId: "S9", clrType: "11", clrWay: "01", clrOptins: "320000", setlTime: "2026-11-24 10:00:00" });
      const fields = ["medfeeSumamt", "fulamtOwnpayAmt", "overlmtSelfpay", "preselfpayAmt", "inscpScpAmt", "actPayDedc", "hifpPay", "cvlservPay", "hifesPay", "hifmiPay", "hifobPay", "mafPay", "othPay", "fundPaySumamt", "psnPartAmt", "acctPay", "psnCashPay", "hospPartAmt", "balc", "acctMulaidPay"] as const;
      fields.forEach((f, i) => (a[f] = amounts[i] ?? 0n));
      const back = nhsaJsonDialect.decodeAdjudication!(nhsaJsonDialect.encodeAdjudication!(a, claim), claim);
      assert.deepEqual(toJson(AdjudicationSchema, back), toJson(AdjudicationSchema, a));
    }),
    { numRuns: 200 },
  );
  assert.throws(() => nhsaJsonDialect.decodeAdjudication!(enc({ infcode: "-1", err_msg: "x" }), claim), InvalidInputError);
});
