import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { clone, create, fromJsonString } from "@bufbuild/protobuf";
import { isInvalidInputError } from "@tongxing/domain";
import iconv from "iconv-lite";
import {
  AdjudicationRefusalSchema,
  AdjudicationSchema,
  AuditVerdictSchema,
  ClaimSchema,
  ClaimStatus,
  FindingSchema,
  FindingSeverity,
  SettlementResultSchema,
  type SettlementResult,
} from "@tongxing/proto";
import { compileMapping, recordOf } from "./compiled-mapping.js";
import { jinbaoLegacyDialect as dialect } from "./jinbao-legacy-dialect.js";
import { JINBAO_LEGACY_MAPPING } from "./mapping.js";

const VECTOR = new URL("../../../../conformance/vectors/jinbao-legacy/001-outpatient-card-settled/", import.meta.url);
const CLAIM = fromJsonString(ClaimSchema, readFileSync(new URL("claim.json", VECTOR), "utf8"));
const SETTLED = fromJsonString(SettlementResultSchema, readFileSync(new URL("result.json", VECTOR), "utf8"));
const R = recordOf(compileMapping(JINBAO_LEGACY_MAPPING), "R");

/** The response's fields by name, as text (trailing padding removed). */
function fieldsOf(bytes: Uint8Array): Record<string, string> {
  const b = Buffer.from(bytes);
  assert.equal(b.length, R.width + 2);
  assert.ok(b.subarray(R.width).equals(Buffer.from("\r\n")));
  return Object.fromEntries(R.fields.map((f) => [f.spec.name, iconv.decode(b.subarray(f.offset, f.offset + f.spec.width), "gbk").trimEnd()]));
}
const render = (result: SettlementResult) => fieldsOf(dialect.encodeResult(result, CLAIM));
const refusedOn = (fn: () => unknown, field: string, description: RegExp) =>
  assert.throws(fn, (err: unknown) => isInvalidInputError(err) && err.violations.some((v) => v.field === field && description.test(v.description)));

test("SETTLED: 0000, status 1, the adjudication's figures and its settlement date", () => {
  const f = render(SETTLED);
  assert.deepEqual([f["ret_code"], f["setl_stas"], f["ret_msg"], f["reason_code"], f["warn_msg"]], ["0000", "1", "结算成功", "", ""]);
  assert.deepEqual([f["hifp_pay"], f["acct_pay"], f["psn_cash_pay"], f["balc"]], ["000000000004081", "000000000005000", "000000000002969", "000000000123456"]);
  assert.deepEqual([f["resp_date"], f["setl_time"], f["clr_type"], f["trans_code"], f["psn_name"]], ["20240301", "20240301", "1", "MZJS", "王芳"]);
});

test("the same result always renders the same bytes (no clock)", () => {
  assert.ok(Buffer.from(dialect.encodeResult(SETTLED, CLAIM)).equals(Buffer.from(dialect.encodeResult(SETTLED, CLAIM))));
});

test("REJECTED by a refusal without a message shows its code; amounts and settlement fields blank", () => {
  const result = create(SettlementResultSchema, { status: ClaimStatus.REJECTED, refusal: create(AdjudicationRefusalSchema, { code: "SWITCHOVER" }), adjudication: SETTLED.adjudication });
  const f = render(result);
  assert.deepEqual([f["ret_code"], f["setl_stas"], f["reason_code"], f["ret_msg"]], ["1001", "2", "SWITCHOVER", "参保地拒绝结算: SWITCHOVER"]);
  // No adjudication stands behind a refusal: its amounts are absent (blank), never 0.
  assert.deepEqual([f["medfee_sumamt"], f["setl_id"], f["clr_type"], f["resp_date"]], ["", "", "", ""]);
  assert.equal(f["msgid"], CLAIM.msgid, "the claim's msgid when the result has none");
});

test("HELD without findings names REVIEW; rule ids are not repeated", () => {
  assert.deepEqual([render(create(SettlementResultSchema, { status: ClaimStatus.HELD }))["reason_code"]], ["REVIEW"]);
  const finding = (ruleId: string, severity: FindingSeverity) => create(FindingSchema, { ruleId, severity, message: "m" });
  const verdict = create(AuditVerdictSchema, { findings: [finding("A", FindingSeverity.INFO), finding("B", FindingSeverity.WARNING), finding("B", FindingSeverity.WARNING), finding("C", FindingSeverity.ERROR)], decidedAt: "2024-03-01 15:59:59.999" });
  const f = render(create(SettlementResultSchema, { status: ClaimStatus.HELD, verdict }));
  assert.deepEqual([f["ret_code"], f["setl_stas"], f["reason_code"], f["ret_msg"], f["resp_date"]], ["2001", "3", "B,C", "待人工审核: B: m; C: m", "20240301"]);
});

test("what a response cannot hold is substituted and listed in warn_msg, never refused", () => {
  const claim = clone(ClaimSchema, CLAIM);
  claim.infno = "2206";
  claim.person!.psnName = "𠮷田";
  const adjudication = clone(AdjudicationSchema, SETTLED.adjudication!);
  adjudication.setlTime = "2024-03-01T09:30:05Z";
  adjudication.clrOptins = "清算中心";
  const f = fieldsOf(dialect.encodeResult({ ...SETTLED, adjudication }, claim));
  assert.equal(f["warn_msg"], "trans_code:UNMAPPED;psn_name:REPLACED;resp_date:UNFIT;clr_optins:UNFIT;setl_time:UNFIT");
  assert.deepEqual([f["trans_code"], f["psn_name"], f["resp_date"], f["clr_optins"]], ["", "?田", "", ""]);
});

test("only final statuses render; SETTLED needs its adjudication; an amount beyond its width is refused", () => {
  refusedOn(() => dialect.encodeResult(create(SettlementResultSchema, { status: ClaimStatus.ROUTED }), CLAIM), "status", /CLAIM_STATUS_ROUTED|ROUTED is not a final result/);
  refusedOn(() => dialect.encodeResult(create(SettlementResultSchema, { status: ClaimStatus.SETTLED }), CLAIM), "adjudication", /is required for a SETTLED result/);
  const huge = clone(AdjudicationSchema, SETTLED.adjudication!);
  huge.hifpPay = 10n ** 15n;
  refusedOn(() => dialect.encodeResult({ ...SETTLED, adjudication: huge }, CLAIM), "adjudication.hifp_pay", /does not fit 15 bytes/);
});
