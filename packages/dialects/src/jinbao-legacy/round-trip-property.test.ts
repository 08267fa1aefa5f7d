// Property: for every claim and adjudication the format can represent, encode → decode is the
// identity, amounts to the fen. Arbitrary content: every GBK double-byte code (rare characters and
// the user-defined areas included), bigint amounts up to ±10^10 fen, refund lines, every code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { create, equals } from "@bufbuild/protobuf";
import fc from "fast-check";
import iconv from "iconv-lite";
import { AdjudicationRefusalSchema, AdjudicationSchema, ClaimSchema, ClaimStatus, FeeLineSchema, SettlementResultSchema, type Adjudication, type Claim } from "@tongxing/proto";
import { jinbaoLegacyDialect as dialect } from "./jinbao-legacy-dialect.js";
import { JINBAO_LEGACY_MAPPING } from "./mapping.js";

const TEN_BILLION = 10n ** 10n;
const nationals = (key: string): string[] => (JINBAO_LEGACY_MAPPING.codeTables[key]?.rows ?? []).map((r) => r.national);

const asciiChar = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));
const code = (minLength: number, maxLength: number) => fc.string({ unit: asciiChar, minLength, maxLength });
/** Any GBK double-byte character (23,940 codes), a few named rare ones, or visible ASCII. */
const gbkChar = fc.oneof(
  fc.tuple(fc.integer({ min: 0x81, max: 0xfe }), fc.integer({ min: 0x40, max: 0xfe }).filter((t) => t !== 0x7f)).map(([lead, trail]) => iconv.decode(Buffer.from([lead, trail]), "gbk")),
  fc.constantFrom("堃", "喆", "犇", "镕", "䶮", "垚", "燚", "\uE000"),
  asciiChar,
);
/** Text of at most `width` GBK bytes (every character here is 1 or 2 bytes). */
const text = (width: number) => fc.array(gbkChar, { maxLength: Math.floor(width / 2) }).map((chars) => chars.join(""));
const day = fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }));
const date = fc.option(day.map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")} 00:00:00`), { nil: "" });
const fen = fc.bigInt({ min: -TEN_BILLION, max: TEN_BILLION });
const region = fc.stringMatching(/^\d{6}$/);
const flag = fc.constantFrom("", "0", "1");
const orBlank = (values: string[]) => fc.constantFrom("", ...values);

const feeLine = fc
  .record({
    feedetlSn: code(1, 20),
    initFeedetlSn: code(0, 20),
    medListCodg: code(1, 40),
    medinsListCodg: code(0, 20),
    medChrgitmType: code(0, 4),
    chrgitmLv: orBlank(nationals("chrgitm_lv")),
    cntE4: fc.bigInt({ min: -999_999_999n, max: 9_999_999_999n }),
    pricE6: fc.bigInt({ min: -99_999_999_999n, max: 999_999_999_999n }),
    detItemFeeSumamt: fen,
    fulamtOwnpayAmt: fen,
    overlmtAmt: fen,
    preselfpayAmt: fen,
    inscpScpAmt: fen,
    feeOcurTime: date,
  })
  .map((l) => create(FeeLineSchema, l));

/** Claims restricted to what the format represents (spec §4.6). */
const claimArb: fc.Arbitrary<Claim> = fc
  .record({
    infno: fc.constantFrom(...nationals("trans_code")),
    msgid: code(1, 30),
    mdtrtareaAdmvs: region,
    insuplcAdmdvs: region,
    fixmedinsCode: code(1, 20),
    fixmedinsName: text(100),
    opter: text(20),
    infTime: date,
    person: fc.record({
      psnNo: code(1, 30),
      psnName: text(40),
      psnCertType: code(0, 4),
      certno: code(0, 30),
      insutype: fc.constantFrom(...nationals("insutype")),
      mdtrtCertType: fc.constantFrom(...nationals("mdtrt_cert_type")),
      mdtrtCertNo: code(0, 64),
      cardSn: code(0, 32),
    }),
    encounter: fc.record({
      mdtrtId: code(1, 30),
      medType: fc.constantFrom(...nationals("med_type")),
      begntime: date,
      endtime: date,
      diseCodg: code(0, 20),
      diseName: text(100),
      chrgBchno: code(0, 30),
      midSetlFlag: flag,
      psnSetlway: code(0, 2),
      acctUsedFlag: flag,
      invono: code(0, 20),
    }),
    totals: fc.record({ medfeeSumamt: fen, fulamtOwnpayAmt: fen, overlmtSelfpay: fen, preselfpayAmt: fen, inscpScpAmt: fen }),
    feeLines: fc.array(feeLine, { maxLength: 8 }),
  })
  .map((c) => create(ClaimSchema, { ...c, kind: JINBAO_LEGACY_MAPPING.kindByInfno[c.infno], dialect: "jinbao-legacy" }));

const adjudicationArb = (claimId: string): fc.Arbitrary<Adjudication> =>
  fc
    .record({
      setlId: code(1, 40),
      medfeeSumamt: fen, fulamtOwnpayAmt: fen, overlmtSelfpay: fen, preselfpayAmt: fen, inscpScpAmt: fen, actPayDedc: fen,
      hifpPay: fen, cvlservPay: fen, hifesPay: fen, hifmiPay: fen, hifobPay: fen, mafPay: fen, othPay: fen, fundPaySumamt: fen,
      hospPartAmt: fen, psnPartAmt: fen, acctPay: fen, psnCashPay: fen, acctMulaidPay: fen, balc: fen,
      clrType: orBlank(nationals("clr_type")),
      clrWay: code(0, 2),
      clrOptins: code(0, 20),
      setlTime: date,
    })
    .map((a) => create(AdjudicationSchema, { ...a, claimId }));

const AMOUNT_KEYS = ["medfeeSumamt", "fulamtOwnpayAmt", "overlmtSelfpay", "preselfpayAmt", "inscpScpAmt"] as const;
const LINE_KEYS = ["cntE4", "pricE6", "detItemFeeSumamt", "fulamtOwnpayAmt", "overlmtAmt", "preselfpayAmt", "inscpScpAmt"] as const;

test("property: decodeClaim(encodeClaim(c)).claim equals c, every amount to the fen", () => {
  fc.assert(
    fc.property(claimArb, (claim) => {
      const back = dialect.decodeClaim(dialect.encodeClaim!(claim)).claim;
      for (const key of AMOUNT_KEYS) assert.equal(back.totals?.[key], claim.totals?.[key], key);
      back.feeLines.forEach((line, i) => {
        for (const key of LINE_KEYS) assert.equal(line[key], claim.feeLines[i]?.[key], `fee_lines[${i}].${key}`);
      });
      assert.ok(equals(ClaimSchema, back, claim));
    }),
    { numRuns: 400, seed: 20240301 },
  );
});

test("property: decodeAdjudication(encodeAdjudication(a, c), c) equals a", () => {
  fc.assert(
    fc.property(
      claimArb.chain((claim) => fc.tuple(fc.constant(Object.assign(claim, { claimId: "C-prop" })), adjudicationArb("C-prop"))),
      ([claim, adjudication]) => {
        const back = dialect.decodeAdjudication!(dialect.encodeAdjudication!(adjudication, claim), claim);
        assert.equal(back.medfeeSumamt, adjudication.medfeeSumamt);
        assert.equal(back.fundPaySumamt, adjudication.fundPaySumamt);
        assert.ok(equals(AdjudicationSchema, back, adjudication));
      },
    ),
    { numRuns: 300, seed: 20240302 },
  );
});

test("property: a result renders as one full-width R record whatever its text (any Unicode, 𠮷, controls)", () => {
  fc.assert(
    fc.property(claimArb, fc.string({ unit: "binary", maxLength: 300 }), (claim, message) => {
      const result = create(SettlementResultSchema, { status: ClaimStatus.REJECTED, refusal: create(AdjudicationRefusalSchema, { code: message.slice(0, 60), message }) });
      assert.equal(dialect.encodeResult(result, claim).length, 829 + 2);
    }),
    { numRuns: 200, seed: 20240303 },
  );
});
