// Property: for arbitrary canonical claims and adjudications the envelope can carry, encoding then
// decoding gives back exactly the same message: no fen, digit or character changes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { create, equals } from "@bufbuild/protobuf";
import fc from "fast-check";
import { AdjudicationSchema, ClaimKind, ClaimSchema, ClaimTotalsSchema, EncounterSchema, FeeLineSchema, PersonSchema, type Claim } from "@tongxing/proto";
import { xmlEsbDialect } from "./xml-esb-dialect.js";

const TEN_BILLION = 10n ** 10n;
const RUNS = 300;

/** One code point XML can carry, biased towards XML specials, white space and rare characters. */
const xmlChar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("&", "<", ">", '"', "'", "]", "\r", "\n", "\t", " ", "𠮷", "䶮", "龘", "𪚥", "王", ";", "#") },
  { weight: 5, arbitrary: fc.integer({ min: 0x20, max: 0x10ffff }).filter((c) => (c < 0xd800 || c > 0xdfff) && c !== 0xfffe && c !== 0xffff).map((c) => String.fromCodePoint(c)) },
);
const text = (max: number) => fc.string({ unit: xmlChar, maxLength: max });
const code = (max: number) => fc.stringMatching(new RegExp(`^[!-~]{1,${max}}$`));
const optionalCode = (max: number) => fc.oneof(fc.constant(""), code(max));
const admdvs = fc.stringMatching(/^\d{6}$/);
const time = fc
  .record({ y: fc.integer({ min: 1, max: 9999 }), mo: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }), s: fc.integer({ min: 0, max: 59 }) })
  .map(({ y, mo, d, h, mi, s }) => `${String(y).padStart(4, "0")}-${[mo, d].map((n) => String(n).padStart(2, "0")).join("-")} ${[h, mi, s].map((n) => String(n).padStart(2, "0")).join(":")}`);
const optionalTime = fc.oneof(fc.constant(""), time);
const fen = fc.bigInt({ min: -TEN_BILLION, max: TEN_BILLION });
const KINDS = [
  { kind: ClaimKind.OUTPATIENT, infno: "2207" },
  { kind: ClaimKind.INPATIENT, infno: "2304" },
  { kind: ClaimKind.PHARMACY, infno: "2102" },
] as const;

const feeLine = fc
  .record({
    feedetlSn: code(50), initFeedetlSn: optionalCode(50), medListCodg: code(50), medinsListCodg: optionalCode(50), medChrgitmType: optionalCode(6), chrgitmLv: optionalCode(3),
    cntE4: fen, pricE6: fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }), detItemFeeSumamt: fen, fulamtOwnpayAmt: fen, overlmtAmt: fen, preselfpayAmt: fen, inscpScpAmt: fen, feeOcurTime: optionalTime,
  })
  .map((f) => create(FeeLineSchema, f));

const claimArbitrary = fc
  .record({
    kinds: fc.constantFrom(...KINDS), msgid: code(64), mdtrtareaAdmvs: admdvs, insuplcAdmdvs: admdvs, fixmedinsCode: code(30), fixmedinsName: text(200), opter: text(50), infTime: time,
    person: fc.record({ psnNo: code(50), psnName: text(50), psnCertType: optionalCode(6), certno: optionalCode(50), insutype: code(6), mdtrtCertType: code(6), mdtrtCertNo: optionalCode(200), cardSn: optionalCode(50) }),
    encounter: fc.record({
      mdtrtId: code(50), medType: code(6), begntime: optionalTime, endtime: optionalTime, diseCodg: optionalCode(30), diseName: text(300), chrgBchno: optionalCode(50),
      midSetlFlag: optionalCode(3), psnSetlway: optionalCode(6), acctUsedFlag: optionalCode(3), invono: optionalCode(50),
    }),
    feeLines: fc.array(feeLine, { maxLength: 6 }),
    totals: fc.record({ medfeeSumamt: fen, fulamtOwnpayAmt: fen, overlmtSelfpay: fen, preselfpayAmt: fen, inscpScpAmt: fen }),
  })
  .map(({ kinds, person, encounter, totals, ...rest }): Claim =>
    create(ClaimSchema, {
      ...rest,
      ...kinds,
      dialect: "xml-esb",
      person: create(PersonSchema, person),
      encounter: create(EncounterSchema, encounter),
      totals: create(ClaimTotalsSchema, totals),
    }),
  );

const adjudicationArbitrary = fc
  .record({
    setlId: code(64), medfeeSumamt: fen, fulamtOwnpayAmt: fen, overlmtSelfpay: fen, preselfpayAmt: fen, inscpScpAmt: fen, actPayDedc: fen, hifpPay: fen, cvlservPay: fen, hifesPay: fen,
    hifmiPay: fen, hifobPay: fen, mafPay: fen, othPay: fen, fundPaySumamt: fen, hospPartAmt: fen, psnPartAmt: fen, acctPay: fen, psnCashPay: fen, acctMulaidPay: fen, balc: fen,
    poolPropPermille: fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }), clrType: optionalCode(6), clrWay: optionalCode(6), clrOptins: optionalCode(30), setlTime: optionalTime,
  })
  .map((a) => create(AdjudicationSchema, a));

test("encodeClaim → decodeClaim is the identity on representable claims", () => {
  fc.assert(
    fc.property(claimArbitrary, (claim) => {
      const back = xmlEsbDialect.decodeClaim(xmlEsbDialect.encodeClaim!(claim));
      assert.ok(equals(ClaimSchema, back.claim, claim), "claim changed in the round trip");
      assert.equal(back.msgid, claim.msgid);
      assert.equal(back.claim.totals?.medfeeSumamt, claim.totals?.medfeeSumamt, "not a fen moves");
      back.claim.feeLines.forEach((l, i) => assert.equal(l.detItemFeeSumamt, claim.feeLines[i]?.detItemFeeSumamt));
    }),
    { numRuns: RUNS },
  );
});

test("encodeAdjudication → decodeAdjudication is the identity (claim id from the claim)", () => {
  fc.assert(
    fc.property(claimArbitrary, adjudicationArbitrary, fc.stringMatching(/^C[0-9a-f]{24}$/), (claim, adjudication, claimId) => {
      claim.claimId = claimId;
      adjudication.claimId = claimId;
      const back = xmlEsbDialect.decodeAdjudication!(xmlEsbDialect.encodeAdjudication!(adjudication, claim), claim);
      assert.ok(equals(AdjudicationSchema, back, adjudication), "adjudication changed in the round trip");
      assert.equal(back.psnCashPay, adjudication.psnCashPay);
    }),
    { numRuns: RUNS },
  );
});

test("every encoding is well-formed UTF-8 that declares itself so", () => {
  fc.assert(
    fc.property(claimArbitrary, (claim) => {
      const bytes = xmlEsbDialect.encodeClaim!(claim);
      assert.ok(new TextDecoder("utf-8", { fatal: true }).decode(bytes).startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Envelope>'));
    }),
    { numRuns: 50 },
  );
});
