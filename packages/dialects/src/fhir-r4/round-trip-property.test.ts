// Property: for arbitrary valid canonical claims and arbitrary adjudications, Claim and
// ClaimResponse encode → decode is the identity: not a fen, digit or character changes. Claims
// are drawn within the shared claim validation (the FHIR decoder applies it), with any Unicode
// text, refund lines, every code of the national tables and amounts up to ±10^10 fen.
import assert from "node:assert/strict";
import { test } from "node:test";
import { create, equals } from "@bufbuild/protobuf";
import fc from "fast-check";
import { AdjudicationSchema, ClaimKind, ClaimSchema, ClaimTotalsSchema, EncounterSchema, FeeLineSchema, PersonSchema, type Claim } from "@tongxing/proto";
import { INSUTYPES, MDTRT_CERT_TYPES } from "../claim-validation.js";
import { fhirR4Dialect as dialect } from "./fhir-r4-dialect.js";

const TEN_BILLION = 10n ** 10n;
const RUNS = 300;

/** Any Unicode scalar value (no lone surrogates), biased towards JSON specials and rare characters. */
const jsonChar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('"', "\\", "/", "\u0000", "\u001f", "\u2028", "\r", "\n", "\t", " ", "𠮷", "䶮", "龘", "𪚥", "王", "\uFEFF", "\uFFFF") },
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c)) },
);
/** Text of at most `max` code points. */
const text = (max: number) => fc.array(jsonChar, { maxLength: max }).map((cs) => cs.join(""));
/** A FHIR `code`-safe value: visible ASCII, no white space. */
const code = (max: number) => fc.stringMatching(new RegExp(`^[!-~]{1,${max}}$`));
const optionalCode = (max: number) => fc.oneof(fc.constant(""), code(max));
/** A required string element: any non-empty text (FHIR strings are taken exactly). */
const someText = (max: number) => text(max).filter((s) => s.length > 0);
const admdvs = fc.stringMatching(/^\d{6}$/);
const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const dateTime = fc
  .record({ y: fc.integer({ min: 1, max: 9999 }), mo: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }), s: fc.integer({ min: 0, max: 59 }) })
  .map(({ y, mo, d, h, mi, s }) => `${pad(y, 4)}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`);
/** A national time, a date alone (FHIR `date`), or absent. */
const optionalTime = fc.oneof(fc.constant(""), dateTime, dateTime.map((t) => t.slice(0, 10)));
const fen = fc.bigInt({ min: 0n, max: TEN_BILLION });
const signedFen = fc.bigInt({ min: -TEN_BILLION, max: TEN_BILLION });
const KINDS = [
  { kind: ClaimKind.OUTPATIENT, infno: "2207" },
  { kind: ClaimKind.INPATIENT, infno: "2304" },
  { kind: ClaimKind.PHARMACY, infno: "2102" },
] as const;

const lineCommon = { feedetlSn: code(30), medListCodg: code(50), medinsListCodg: optionalCode(50), medChrgitmType: optionalCode(6), chrgitmLv: fc.constantFrom("", "01", "02", "03", "1", "2", "3"), feeOcurTime: optionalTime };
/** A charge line: nothing negative. */
const chargeLine = fc.record({ ...lineCommon, cntE4: fc.bigInt({ min: 0n, max: 10n ** 14n }), pricE6: fc.bigInt({ min: 0n, max: 10n ** 16n }), detItemFeeSumamt: fen, fulamtOwnpayAmt: fen, overlmtAmt: fen, preselfpayAmt: fen, inscpScpAmt: fen });
/** A refund line (init_feedetl_sn set): quantities and amounts may be negative. */
const refundLine = fc.record({ ...lineCommon, initFeedetlSn: code(30), cntE4: fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }), pricE6: fc.bigInt({ min: 0n, max: 10n ** 16n }), detItemFeeSumamt: signedFen, fulamtOwnpayAmt: signedFen, overlmtAmt: signedFen, preselfpayAmt: signedFen, inscpScpAmt: signedFen });
const feeLine = fc.oneof(chargeLine, refundLine).map((f) => create(FeeLineSchema, f));

const claimArbitrary = fc
  .record({
    kinds: fc.constantFrom(...KINDS),
    msgid: fc.stringMatching(/^[0-9A-Za-z]{1,30}$/),
    mdtrtareaAdmvs: admdvs,
    insuplcAdmdvs: admdvs,
    fixmedinsCode: someText(30),
    fixmedinsName: text(200),
    opter: text(50),
    infTime: dateTime,
    person: fc.record({
      psnNo: someText(30), psnName: text(50), psnCertType: optionalCode(6), certno: text(50), insutype: fc.constantFrom(...INSUTYPES),
      mdtrtCertType: fc.constantFrom(...MDTRT_CERT_TYPES), mdtrtCertNo: someText(100), cardSn: someText(50),
    }),
    encounter: fc.record({
      mdtrtId: someText(30), medType: fc.stringMatching(/^\d{2,6}$/), begntime: optionalTime, endtime: optionalTime, diseCodg: optionalCode(30), diseName: text(200),
      chrgBchno: text(30), midSetlFlag: fc.constantFrom("", "0", "1"), psnSetlway: optionalCode(6), acctUsedFlag: fc.constantFrom("", "0", "1"), invono: text(50),
    }),
    feeLines: fc.array(feeLine, { maxLength: 6 }),
    totals: fc.record({ medfeeSumamt: fen, fulamtOwnpayAmt: fen, overlmtSelfpay: fen, preselfpayAmt: fen, inscpScpAmt: fen }),
  })
  .map(({ kinds, person, encounter, totals, ...rest }): Claim =>
    create(ClaimSchema, { ...rest, ...kinds, dialect: "fhir-r4", person: create(PersonSchema, person), encounter: create(EncounterSchema, encounter), totals: create(ClaimTotalsSchema, totals) }),
  );

const adjudicationArbitrary = fc
  .record({
    setlId: someText(64), medfeeSumamt: signedFen, fulamtOwnpayAmt: signedFen, overlmtSelfpay: signedFen, preselfpayAmt: signedFen, inscpScpAmt: signedFen, actPayDedc: signedFen,
    hifpPay: signedFen, cvlservPay: signedFen, hifesPay: signedFen, hifmiPay: signedFen, hifobPay: signedFen, mafPay: signedFen, othPay: signedFen, fundPaySumamt: signedFen,
    hospPartAmt: signedFen, psnPartAmt: signedFen, acctPay: signedFen, psnCashPay: signedFen, acctMulaidPay: signedFen, balc: signedFen,
    poolPropPermille: fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }), clrType: optionalCode(6), clrWay: optionalCode(6), clrOptins: text(30), setlTime: fc.oneof(fc.constant(""), dateTime),
  })
  .map((a) => create(AdjudicationSchema, a));

test("Claim: encodeClaim → decodeClaim is the identity on valid claims", () => {
  fc.assert(
    fc.property(claimArbitrary, (claim) => {
      const back = dialect.decodeClaim(dialect.encodeClaim(claim));
      assert.ok(equals(ClaimSchema, back.claim, claim), "claim changed in the round trip");
      assert.equal(back.msgid, claim.msgid);
      assert.equal(back.claim.totals?.medfeeSumamt, claim.totals?.medfeeSumamt, "not a fen moves");
      back.claim.feeLines.forEach((l, i) => {
        assert.equal(l.detItemFeeSumamt, claim.feeLines[i]?.detItemFeeSumamt);
        assert.equal(l.pricE6, claim.feeLines[i]?.pricE6);
        assert.equal(l.cntE4, claim.feeLines[i]?.cntE4);
      });
    }),
    { numRuns: RUNS },
  );
});

test("ClaimResponse: encodeAdjudication → decodeAdjudication is the identity (claim id from the claim)", () => {
  fc.assert(
    fc.property(claimArbitrary, adjudicationArbitrary, fc.stringMatching(/^C[0-9a-f]{24}$/), (claim, adjudication, claimId) => {
      claim.claimId = claimId;
      adjudication.claimId = claimId;
      const back = dialect.decodeAdjudication(dialect.encodeAdjudication(adjudication, claim), claim);
      assert.ok(equals(AdjudicationSchema, back, adjudication), "adjudication changed in the round trip");
      assert.equal(back.fundPaySumamt, adjudication.fundPaySumamt);
    }),
    { numRuns: RUNS },
  );
});

test("every encoding is strict UTF-8 JSON whose amounts are JSON numbers with their exact decimals", () => {
  fc.assert(
    fc.property(claimArbitrary, (claim) => {
      const json = new TextDecoder("utf-8", { fatal: true }).decode(dialect.encodeClaim(claim));
      const total = claim.totals?.medfeeSumamt ?? 0n;
      const yuan = `${total / 100n}.${String(total % 100n).padStart(2, "0")}`;
      assert.match(json, new RegExp(`"total":\\s*\\{[^}]*"value":\\s*${yuan.replace(".", "\\.")}[,\\s}]`), `total written as ${yuan}`);
      assert.equal((JSON.parse(json) as { resourceType: string }).resourceType, "Claim");
    }),
    { numRuns: 100 },
  );
});
