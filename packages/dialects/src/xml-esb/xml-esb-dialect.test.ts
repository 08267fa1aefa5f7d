import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { isInvalidInputError, type FieldViolation } from "@tongxing/domain";
import { AdjudicationSchema, ClaimKind, ClaimStatus, SettlementResultSchema, type Claim } from "@tongxing/proto";
import { XMLValidator } from "fast-xml-parser";
import { readFileSync } from "node:fs";
import { xmlEsbDialect } from "./xml-esb-dialect.js";

/** This process's CPU time in ms. The limits below guard against inputs that make a decoder
 * pathologically slow; CPU time, unlike wall time, is not stretched by other work on a busy box. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1_000;
};

const VECTORS = new URL("../../../../conformance/vectors/xml-esb/", import.meta.url);
const SAMPLE = readFileSync(new URL("001-outpatient-general-settled/input.xml", VECTORS), "utf8");
const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The violations decodeClaim reports for `xml` (fails when it decodes). */
function violationsOf(xml: string | Uint8Array, decode: (p: Uint8Array) => unknown = (p) => xmlEsbDialect.decodeClaim(p)): FieldViolation[] {
  try {
    decode(typeof xml === "string" ? utf8(xml) : xml);
  } catch (err) {
    assert.ok(isInvalidInputError(err), `threw ${String(err)}`);
    return [...err.violations];
  }
  assert.fail("decoded, but a rejection was expected");
}
const sampleWith = (from: string | RegExp, to: string) => SAMPLE.replace(from, to);
const sampleClaim = (): Claim => xmlEsbDialect.decodeClaim(utf8(SAMPLE)).claim;

test("decodeClaim maps the head, blocks and fee lines to the canonical claim", () => {
  const claim = sampleClaim();
  assert.equal(claim.kind, ClaimKind.OUTPATIENT);
  assert.equal(claim.infno, "2207");
  assert.equal(claim.dialect, "xml-esb");
  assert.equal(claim.claimId, "");
  assert.equal(claim.insuplcAdmdvs, "320100");
  assert.equal(claim.infTime, "2026-03-02 09:31:15");
  assert.equal(claim.totals?.medfeeSumamt, 34_080n);
  assert.equal(claim.feeLines.length, 4);
  assert.equal(claim.feeLines[3]?.pricE6, 1_580_000n);
});

test("every offending element is named by its XML path, all at once", () => {
  const xml = sampleWith("<PsnNo>32010000000000412387</PsnNo>", "")
    .replace("<MedfeeSumamt>340.80</MedfeeSumamt>", "<MedfeeSumamt>340.805</MedfeeSumamt>")
    .replace("<Cnt>10.0000</Cnt>", "<Cnt>ten</Cnt>")
    .replace("<Begntime>20260302084500</Begntime>", "<Begntime>2026-03-02 08:45</Begntime>")
    .replace("<JydQh>370102</JydQh>", "<JydQh>37010</JydQh>");
  const fields = violationsOf(xml).map((v) => v.field);
  assert.deepEqual(fields.sort(), [
    "Envelope/Body/FeeList/Fee[4]/Cnt",
    "Envelope/Body/Mdtrt/Begntime",
    "Envelope/Body/Psn/PsnNo",
    "Envelope/Body/Settle/MedfeeSumamt",
    "Envelope/Head/JydQh",
  ]);
});

test("structure is checked: unknown and repeated elements, attributes, text in blocks, empty numbers", () => {
  const cases: [string, string, RegExp][] = [
    [sampleWith("<Insutype>310</Insutype>", "<Insutype>310</Insutype><Xzlx>310</Xzlx>"), "Envelope/Body/Psn/Xzlx", /unknown element/],
    [sampleWith("<Insutype>310</Insutype>", "<Insutype>310</Insutype><Insutype>390</Insutype>"), "Envelope/Body/Psn/Insutype", /repeated 2 times/],
    [sampleWith("<Psn>", '<Psn type="1">'), "Envelope/Body/Psn/@type", /unknown attribute/],
    [sampleWith("<Psn>", "<Psn>stray"), "Envelope/Body/Psn", /text is not allowed/],
    [sampleWith("<PsnName>王建国</PsnName>", "<PsnName><b>王</b></PsnName>"), "Envelope/Body/Psn/PsnName", /cannot contain elements/],
    [sampleWith("<OverlmtSelfpay>0.00</OverlmtSelfpay>", "<OverlmtSelfpay/>"), "Envelope/Body/Settle/OverlmtSelfpay", /empty/],
    [sampleWith("<MsgId>H37010200001202603020931150001</MsgId>", "<MsgId> </MsgId>"), "Envelope/Head/MsgId", /required element is empty/],
    [sampleWith('<FeeList Count="4">', '<FeeList Count="4"><Note/>'), "Envelope/Body/FeeList/Note", /unknown element/],
    [sampleWith("<Body>", "<Body><Head/>"), "Envelope/Body/Head", /unknown element/],
    [sampleWith("<Mdtrt>", "<Mdtrt><![CDATA[x]]>"), "Envelope/Body/Mdtrt", /text is not allowed/],
  ];
  for (const [xml, field, why] of cases) {
    const found = violationsOf(xml);
    assert.ok(found.some((v) => v.field === field && why.test(v.description)), `${field}: ${JSON.stringify(found)}`);
  }
});

test("tolerated forms: namespaces, whitespace around numbers and codes, CDATA, empty optional text, absent FeeList", () => {
  const xml = sampleWith("<Envelope>", '<Envelope xmlns="urn:esb" xmlns:x="urn:x">')
    .replace("<MedfeeSumamt>340.80</MedfeeSumamt>", "<MedfeeSumamt>\n  340.8\n</MedfeeSumamt>")
    .replace("<Insutype>310</Insutype>", "<Insutype> 310 </Insutype>")
    .replace("<PsnName>王建国</PsnName>", "<PsnName><![CDATA[王 & <建国>]]></PsnName>")
    .replace("<Invono>37010226000012345</Invono>", "<Invono/>")
    .replace(/<FeeList[\s\S]*<\/FeeList>/, "");
  const claim = xmlEsbDialect.decodeClaim(utf8(xml)).claim;
  assert.equal(claim.totals?.medfeeSumamt, 34_080n);
  assert.equal(claim.person?.insutype, "310");
  assert.equal(claim.person?.psnName, "王 & <建国>");
  assert.equal(claim.encounter?.invono, "");
  assert.deepEqual(claim.feeLines, []);
});

test("text is exact: leading/trailing spaces, tabs, newlines and CR references survive", () => {
  const claim = sampleClaim();
  claim.person!.psnName = " 王\t建国\r\n ";
  const xml = text(xmlEsbDialect.encodeClaim!(claim));
  assert.match(xml, /<PsnName> 王\t建国&#13;\n <\/PsnName>/);
  assert.equal(xmlEsbDialect.decodeClaim(utf8(xml)).claim.person?.psnName, " 王\t建国\r\n ");
});

test("limits: 5,000 fee lines, 4,096-character texts, 100 violations listed", () => {
  // Compact lines: 5,001 verbose ones would exceed the 1 MiB payload bound first.
  const fee = "<Fee><FeedetlSn>1</FeedetlSn><MedListCodg>X</MedListCodg><Cnt>1</Cnt><Pric>1</Pric><DetItemFeeSumamt>1</DetItemFeeSumamt></Fee>";
  const many = sampleWith(/<FeeList Count="4">[\s\S]*<\/FeeList>/, `<FeeList>${fee.repeat(5_001)}</FeeList>`);
  assert.match(violationsOf(many).find((v) => v.field === "Envelope/Body/FeeList")?.description ?? "", /5001 Fee elements; at most 5000/);
  const long = sampleWith("<PsnName>王建国</PsnName>", `<PsnName>${"王".repeat(4_097)}</PsnName>`);
  assert.match(violationsOf(long)[0]?.description ?? "", /longer than 4096/);
  const bad = sampleWith(/<FeeList Count="4">[\s\S]*<\/FeeList>/, `<FeeList>${fee.replace("<Cnt>1</Cnt>", "<Cnt>x</Cnt>").repeat(150)}</FeeList>`);
  const listed = violationsOf(bad);
  assert.equal(listed.length, 101);
  assert.deepEqual(listed.at(-1), { field: "payload", description: "50 more violations not listed" });
});

test("100,000 nested elements are refused fast, without recursion", () => {
  const started = cpuNow();
  const found = violationsOf(`<Envelope>${"<a>".repeat(100_000)}${"</a>".repeat(100_000)}</Envelope>`);
  assert.ok(cpuNow() - started < 50);
  assert.deepEqual(found, [{ field: "payload", description: "elements nested deeper than 32" }]);
});

test("malformed XML and hostile bytes end in a payload violation", () => {
  for (const bad of ["<Envelope><Head></Envelope>", "not xml", "<Envelope/><Envelope/>", "<constructor/>", "<Envelope><__proto__/></Envelope>", "\u0000\u0001", "<Envelope a='1' a='2'/>"]) {
    const found = violationsOf(bad);
    assert.ok(found.length > 0 && found.every((v) => v.field !== ""), bad);
  }
});

test("encodeClaim refuses what the envelope cannot carry, naming canonical fields", () => {
  const claim = sampleClaim();
  claim.infno = "2206";
  claim.person!.psnName = "bell\u0007";
  claim.encounter!.begntime = "2026-03-02T08:45:00";
  claim.insuplcAdmdvs = "32";
  claim.feeLines[0]!.feedetlSn = "";
  const fields = violationsOf(new Uint8Array(), () => xmlEsbDialect.encodeClaim!(claim)).map((v) => v.field).sort();
  assert.deepEqual(fields, ["encounter.begntime", "feeLines[0].feedetlSn", "insuplcAdmdvs", "kind", "person.psnName"]);
});

test("encodeResult: SETTLED, REJECTED and HELD (cancels: cancel-messages.test.ts); non-final statuses are refused; no clock", () => {
  const claim = sampleClaim();
  const settled = create(SettlementResultSchema, { claimId: "C1", status: ClaimStatus.SETTLED, msgid: claim.msgid, adjudication: { setlId: "S1", medfeeSumamt: 34_080n, setlTime: "2026-03-02 09:31:17" } });
  const out = text(xmlEsbDialect.encodeResult(settled, claim));
  assert.match(out, /<RetCode>0000<\/RetCode>/);
  assert.match(out, /<RespTime>20260302093117<\/RespTime>/);
  assert.match(out, /<MedfeeSumamt>340.80<\/MedfeeSumamt>/);
  assert.equal(text(xmlEsbDialect.encodeResult(settled, claim)), out, "same input, same bytes");
  const held = create(SettlementResultSchema, { status: ClaimStatus.HELD, verdict: { decidedAt: "2026-12-31 16:00:00.000", findings: [{ ruleId: "R9", severity: 1, message: "m" }] } });
  const heldOut = text(xmlEsbDialect.encodeResult(held, claim));
  assert.match(heldOut, /<RespTime>20270101000000<\/RespTime>/);
  assert.match(heldOut, /<RetCode>2001<\/RetCode>[\s\S]*<Hold>\n\s+<ReasonCode>R9<\/ReasonCode>/);
  const rejected = create(SettlementResultSchema, { status: ClaimStatus.REJECTED, refusal: { code: "X", message: "bad\u0001 & \u{20BB7}".repeat(200) } });
  const rejectedOut = text(xmlEsbDialect.encodeResult(rejected, claim));
  assert.match(rejectedOut, /<RetCode>1001<\/RetCode>\n\s+<RetMsg>参保地拒绝结算: bad\uFFFD &amp; 𠮷/);
  assert.doesNotMatch(rejectedOut, /<RespTime>/);
  assert.equal(XMLValidator.validate(rejectedOut), true, "the rendering is well-formed");
  for (const status of [ClaimStatus.RECEIVED, ClaimStatus.UNSPECIFIED, ClaimStatus.CANCEL_REQUESTED]) {
    assert.equal(violationsOf(new Uint8Array(), () => xmlEsbDialect.encodeResult(create(SettlementResultSchema, { status }), claim))[0]?.field, "status");
  }
});

test("decodeAdjudication checks the reply answers this claim", () => {
  const claim = sampleClaim();
  claim.claimId = "C0123";
  const adjudication = create(AdjudicationSchema, { claimId: "C0123", setlId: "S9", medfeeSumamt: 34_080n, hifpPay: 20_790n, fundPaySumamt: 20_790n, poolPropPermille: 700, setlTime: "2026-03-02 09:31:17" });
  const reply = text(xmlEsbDialect.encodeAdjudication!(adjudication, claim));
  assert.deepEqual(xmlEsbDialect.decodeAdjudication!(utf8(reply), claim), adjudication);
  const decode = (p: Uint8Array) => xmlEsbDialect.decodeAdjudication!(p, claim);
  const cases: [string, string][] = [
    [reply.replace("<RetCode>0000</RetCode>", "<RetCode>1001</RetCode>"), "Envelope/Head/RetCode"],
    [reply.replace(claim.msgid, "H37010200001202603020931159999"), "Envelope/Head/RefMsgId"],
    [reply.replace("<TranCode>MZJS</TranCode>", "<TranCode>YDJS</TranCode>"), "Envelope/Head/TranCode"],
    [reply.replace("<CbdQh>320100</CbdQh>", "<CbdQh>320200</CbdQh>"), "Envelope/Head/CbdQh"],
    [reply.replace(/<SetlId>[^<]*<\/SetlId>/, ""), "Envelope/Body/SetlInfo/SetlId"],
    [reply.replace(/<SetlInfo>[\s\S]*<\/SetlInfo>/, ""), "Envelope/Body/SetlInfo"],
    [reply.replace("<HifpPay>207.90</HifpPay>", "<HifpPay>207.901</HifpPay>"), "Envelope/Body/SetlInfo/HifpPay"],
    ["<!DOCTYPE x><Envelope/>", "payload"],
  ];
  for (const [xml, field] of cases) assert.ok(violationsOf(xml, decode).some((v) => v.field === field), field);
});
