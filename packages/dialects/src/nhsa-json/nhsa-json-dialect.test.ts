import assert from "node:assert/strict";
import { test } from "node:test";
import { create, toJson } from "@bufbuild/protobuf";
import fc from "fast-check";
import { InvalidInputError } from "@tongxing/domain";
import { AdjudicationSchema, ClaimKind, ClaimSchema, type Claim } from "@tongxing/proto";
import { nhsaJsonDialect } from "./nhsa-json-dialect.js";
import { sampleOutpatientSettle } from "./settle-message.fixture.js";

const enc = (v: unknown) => new TextEncoder().encode(typeof v === "string" ? v : JSON.stringify(v));
const message = () => sampleOutpatientSettle();

const signed = (amount: bigint | undefined, refund: boolean) => (refund || (amount ?? 0n) >= 0n ? (amount ?? 0n) : -(amount ?? 0n));

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
        // Only a refund line may carry negative quantities and amounts.
        cntE4: l.refund ? -l.cnt : l.cnt,
        pricE6: l.pric,
        detItemFeeSumamt: signed(l.amounts[0], l.refund),
        fulamtOwnpayAmt: signed(l.amounts[1], l.refund),
        overlmtAmt: signed(l.amounts[2], l.refund),
        preselfpayAmt: signed(l.amounts[3], l.refund),
        inscpScpAmt: signed(l.amounts[4], l.refund),
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
