import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import fc from "fast-check";
import { isLosslessNumber, parse } from "lossless-json";
import { parseYuanToFen } from "@tongxing/domain";
import { AdjudicationSchema, ClaimStatus, FindingSeverity, SettlementResultSchema, VerdictOutcome, type Adjudication, type SettlementResult } from "@tongxing/proto";
import { nhsaJsonDialect } from "./nhsa-json-dialect.js";
import { jsonBytes, sampleOutpatientSettle } from "./settle-message.fixture.js";

const claim = nhsaJsonDialect.decodeClaim(jsonBytes(sampleOutpatientSettle())).claim;
claim.claimId = "C0123456789abcdef01234567";
const render = (result: SettlementResult) => new TextDecoder().decode(nhsaJsonDialect.encodeResult(result, claim));

/** A settlement of the sample claim (52.64 yuan), as Jiangsu's platform would compute it. */
function adjudication(overrides: Partial<Omit<Adjudication, "$typeName" | "$unknown">> = {}): Adjudication {
  return create(AdjudicationSchema, {
    claimId: claim.claimId,
    setlId: "32SETL0000417",
    medfeeSumamt: 5264n,
    fulamtOwnpayAmt: 795n,
    overlmtSelfpay: 0n,
    preselfpayAmt: 247n,
    inscpScpAmt: 4222n,
    actPayDedc: 0n,
    hifpPay: 3377n,
    cvlservPay: 0n,
    hifesPay: 0n,
    hifmiPay: 0n,
    hifobPay: 0n,
    mafPay: 0n,
    othPay: 0n,
    fundPaySumamt: 3377n,
    hospPartAmt: 0n,
    psnPartAmt: 1887n,
    acctPay: 1887n,
    psnCashPay: 0n,
    acctMulaidPay: 0n,
    balc: 123_456_789n,
    clrType: "11",
    clrWay: "01",
    clrOptins: "320000",
    setlTime: "2026-11-24 10:15:31",
    ...overrides,
  });
}

const settled = (a: Adjudication = adjudication(), decidedAt = "2026-11-24 10:15:31.250") =>
  create(SettlementResultSchema, { claimId: claim.claimId, status: ClaimStatus.SETTLED, adjudication: a, verdict: { outcome: VerdictOutcome.APPROVE, decidedAt }, msgid: claim.msgid, infno: "2207" });

const SETLINFO_KEYS = [
  "setl_id", "mdtrt_id", "psn_no", "psn_name", "insutype", "med_type", "medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt",
  "inscp_scp_amt", "act_pay_dedc", "hifp_pay", "cvlserv_pay", "hifes_pay", "hifmi_pay", "hifob_pay", "maf_pay", "oth_pay", "fund_pay_sumamt",
  "psn_part_amt", "acct_pay", "psn_cash_pay", "hosp_part_amt", "balc", "acct_mulaid_pay", "clr_optins", "clr_way", "clr_type", "setl_time",
  "insuplc_admdvs", "mdtrtarea_admvs",
];

test("SETTLED renders infcode 0 and setlinfo, amounts as literal two-decimal JSON numbers", () => {
  const text = render(settled(adjudication({ psnCashPay: -300n, othPay: 5n })));
  assert.ok(text.startsWith('{"infcode":"0","inf_refmsgid":"'), text.slice(0, 60));
  // The raw bytes, not a re-serialisation: what the hospital's client will read.
  for (const literal of ['"medfee_sumamt":52.64,', '"preselfpay_amt":2.47,', '"overlmt_selfpay":0.00,', '"psn_cash_pay":-3.00,', '"oth_pay":0.05,', '"balc":1234567.89,']) {
    assert.ok(text.includes(literal), `${literal} in ${text}`);
  }
  const message = parse(text, null, (digits) => digits) as Record<string, unknown> & { output: { setlinfo: Record<string, string> } };
  assert.deepEqual(Object.keys(message), ["infcode", "inf_refmsgid", "refmsg_time", "respond_time", "err_msg", "warn_msg", "output"]);
  const info = message.output.setlinfo;
  assert.deepEqual(Object.keys(info), SETLINFO_KEYS);
  assert.equal(info.setl_id, "32SETL0000417");
  assert.equal(info.mdtrt_id, "370102202611240000010001");
  assert.equal(info.psn_name, "张伟");
  assert.equal(info.insuplc_admdvs, "320100");
  assert.equal(info.mdtrtarea_admvs, "370102");
  assert.equal(info.setl_time, "2026-11-24 10:15:31");
  for (const key of SETLINFO_KEYS.slice(6, 26)) assert.match(info[key] ?? "", /^-?\d+\.\d\d$/, key);
  assert.equal(message.err_msg, "");
});

test("inf_refmsgid and times come from the result, so rendering is a pure function", () => {
  const text = render(settled());
  const message = JSON.parse(text) as Record<string, string>;
  assert.match(message.inf_refmsgid ?? "", /^32010020261124101531\d{10}$/, "insured region + time (14) + serial (10)");
  assert.equal(message.refmsg_time, "20261124101531250");
  assert.equal(message.respond_time, "20261124101531250");
  assert.equal(render(settled()), text, "same result, same bytes");
  const otherClaim = create(SettlementResultSchema, { ...settled(), claimId: "C99999999999999999999999" });
  assert.notEqual((JSON.parse(render(otherClaim)) as Record<string, string>).inf_refmsgid?.slice(20), message.inf_refmsgid?.slice(20), "the serial follows the claim id");
  const noVerdict = create(SettlementResultSchema, { claimId: claim.claimId, status: ClaimStatus.SETTLED, adjudication: adjudication() });
  assert.equal((JSON.parse(render(noVerdict)) as Record<string, string>).respond_time, "20261124101531000", "falls back to setl_time");
});

test("REJECTED renders infcode -1 with the refusal or the audit findings, and an empty output", () => {
  const refused = JSON.parse(
    render(create(SettlementResultSchema, { claimId: claim.claimId, status: ClaimStatus.REJECTED, refusal: { code: "PSN_NOT_INSURED", message: "参保人员信息不存在" } })),
  ) as Record<string, unknown>;
  assert.equal(refused.infcode, "-1");
  assert.equal(refused.err_msg, "PSN_NOT_INSURED: 参保人员信息不存在");
  assert.deepEqual(refused.output, {});
  const audited = JSON.parse(
    render(
      create(SettlementResultSchema, {
        claimId: claim.claimId,
        status: ClaimStatus.REJECTED,
        verdict: {
          outcome: VerdictOutcome.REJECT,
          decidedAt: "2026-11-24 10:15:31.250",
          findings: [
            { ruleId: "I1", severity: FindingSeverity.ERROR, message: "medfee_sumamt differs from its parts" },
            { ruleId: "L1", severity: FindingSeverity.ERROR, message: "line 2 does not add up" },
          ],
        },
      }),
    ),
  ) as Record<string, unknown>;
  assert.equal(audited.infcode, "-1");
  assert.equal(audited.err_msg, "rejected by audit: [I1] medfee_sumamt differs from its parts; [L1] line 2 does not add up");
});

test("HELD renders infcode -1 naming the claim and the rule ids", () => {
  const held = JSON.parse(
    render(
      create(SettlementResultSchema, {
        claimId: claim.claimId,
        status: ClaimStatus.HELD,
        verdict: { outcome: VerdictOutcome.HOLD, decidedAt: "2026-11-24 10:15:31.250", findings: [{ ruleId: "F2", severity: FindingSeverity.WARNING, message: "same card in two provinces" }] },
      }),
    ),
  ) as Record<string, unknown>;
  assert.equal(held.infcode, "-1");
  assert.equal(held.err_msg, `held for regulator review (claim ${claim.claimId}): F2`);
  assert.equal(held.warn_msg, held.err_msg);
  assert.deepEqual(held.output, {});
});

test("property: any fen amount in ±10^13 renders as a two-decimal number and re-parses to the same fen", () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), (fen, other) => {
      const text = render(settled(adjudication({ hifpPay: fen, balc: other })));
      const info = (parse(text) as { output: { setlinfo: Record<string, unknown> } }).output.setlinfo;
      for (const [key, want] of [["hifp_pay", fen], ["balc", other]] as const) {
        const value = info[key];
        assert.ok(isLosslessNumber(value), key);
        assert.match(value.toString(), /^-?\d+\.\d\d$/);
        assert.deepEqual(parseYuanToFen(value.toString()), { ok: true, value: want });
      }
    }),
    { numRuns: 500 },
  );
});
