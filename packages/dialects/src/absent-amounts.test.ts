// Absent is not zero for every amount of an adjudication, in every dialect: an insured platform's
// reply with an optional component not sent decodes to an absent field, the same reply with 0.00
// to a stated 0 (two different canonical adjudications), and each encoder writes back what it was
// given; a reply without a required amount (fund_pay_sumamt) is refused naming the dialect's field.
import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { isInvalidInputError } from "@tongxing/domain";
import { AdjudicationSchema, type Adjudication } from "@tongxing/proto";
import { canonicalDialect } from "./canonical.js";
import { sampleClaim } from "./claim.fixture.js";
import type { Dialect } from "./dialect.js";
import { fhirR4Dialect } from "./fhir-r4/fhir-r4-dialect.js";
import { jinbaoLegacyDialect } from "./jinbao-legacy/jinbao-legacy-dialect.js";
import { nhsaJsonDialect } from "./nhsa-json/nhsa-json-dialect.js";
import { xmlEsbDialect } from "./xml-esb/xml-esb-dialect.js";

const claim = sampleClaim();
claim.claimId = "C0123456789abcdef01234567";
const total = claim.totals?.medfeeSumamt ?? 0n;
/** A fund total no other field of the reply has, so it can be found and taken out of the bytes. */
const FUND = 7_777n;

/** The insured side's settlement; `hifpPay` given or left absent. */
function settlement(hifpPay: bigint | undefined): Adjudication {
  return create(AdjudicationSchema, {
    claimId: claim.claimId,
    setlId: "S1",
    medfeeSumamt: total,
    inscpScpAmt: total,
    ...(hifpPay === undefined ? {} : { hifpPay }),
    fundPaySumamt: FUND,
    psnPartAmt: total - FUND,
    setlTime: "2026-12-01 14:06:00",
  });
}

/** Each dialect's reply with fund_pay_sumamt taken out, and the field its refusal names. */
const WITHOUT_FUND: Record<string, { readonly strip: (reply: string) => string; readonly field: RegExp }> = {
  "nhsa-json": { strip: (r) => r.replace(/"fund_pay_sumamt":77\.77,?/, ""), field: /^output\.setlinfo\.fund_pay_sumamt$/ },
  "xml-esb": { strip: (r) => r.replace(/<FundPaySumamt>77\.77<\/FundPaySumamt>\s*/, ""), field: /FundPaySumamt$/ },
  "fhir-r4": {
    strip: (r) => {
      const json = JSON.parse(r) as { total: { amount: { value: number } }[] };
      json.total = json.total.filter((t) => t.amount.value !== 77.77);
      return JSON.stringify(json);
    },
    field: /benefit/,
  },
  "jinbao-legacy": { strip: (r) => r.replace("000000000007777", " ".repeat(15)), field: /fund_pay_sumamt$/ },
};

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");

for (const dialect of [nhsaJsonDialect, xmlEsbDialect, fhirR4Dialect, jinbaoLegacyDialect] as Dialect[]) {
  const encode = (a: Adjudication) => dialect.encodeAdjudication!(a, claim);
  const decode = (bytes: Uint8Array) => dialect.decodeAdjudication!(bytes, claim);

  test(`${dialect.name}: hifp_pay not sent decodes absent, hifp_pay 0.00 decodes 0: two different adjudications`, () => {
    const absent = decode(encode(settlement(undefined)));
    const zero = decode(encode(settlement(0n)));
    assert.equal(absent.hifpPay, undefined);
    assert.equal(zero.hifpPay, 0n);
    assert.notDeepEqual(absent, zero);
    assert.equal(absent.fundPaySumamt, FUND);
    // Every optional component never sent stays absent, not 0.
    for (const field of ["cvlservPay", "hifesPay", "acctPay", "psnCashPay", "balc"] as const) assert.equal(absent[field], undefined, field);
  });

  test(`${dialect.name}: a reply without fund_pay_sumamt is refused naming the field, never read as 0`, () => {
    const reply = latin1(encode(settlement(0n)));
    const stripped = WITHOUT_FUND[dialect.name]!.strip(reply);
    assert.notEqual(stripped, reply, "the fund total was taken out");
    assert.throws(
      () => decode(Buffer.from(stripped, "latin1")),
      (err: unknown) => isInvalidInputError(err) && err.violations.some((v) => WITHOUT_FUND[dialect.name]!.field.test(v.field) && /required/.test(v.description)),
    );
  });
}

test("canonical: an adjudication without fund_pay_sumamt is refused naming it; hifp_pay absent and 0 stay apart", () => {
  const withoutFund = create(AdjudicationSchema, { ...settlement(0n), fundPaySumamt: undefined });
  assert.throws(
    () => canonicalDialect.decodeAdjudication!(canonicalDialect.encodeAdjudication!(withoutFund, claim), claim),
    (err: unknown) => isInvalidInputError(err) && err.violations.some((v) => v.field === "fund_pay_sumamt" && v.description === "is required"),
  );
  const round = (a: Adjudication) => canonicalDialect.decodeAdjudication!(canonicalDialect.encodeAdjudication!(a, claim), claim).hifpPay;
  assert.equal(round(settlement(undefined)), undefined);
  assert.equal(round(settlement(0n)), 0n);
});
