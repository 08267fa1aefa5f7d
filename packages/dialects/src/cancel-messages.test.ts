// Cancels (2208 / 2305 / 2103) in every dialect: decoded to the canonical SettlementCancel, bad
// input refused naming the field, and the answers (CANCELLED: the exact negation; REVERSAL_HELD:
// held for a regulator) rendered.
import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { isInvalidInputError } from "@tongxing/domain";
import { AdjudicationSchema, ClaimKind, ClaimSchema, ClaimStatus, SettlementResultSchema } from "@tongxing/proto";
import { fhirR4Dialect } from "./fhir-r4/fhir-r4-dialect.js";
import { encodeCharset } from "./jinbao-legacy/legacy-charset.js";
import { jinbaoLegacyDialect } from "./jinbao-legacy/jinbao-legacy-dialect.js";
import { nhsaJsonDialect } from "./nhsa-json/nhsa-json-dialect.js";
import { xmlEsbDialect } from "./xml-esb/xml-esb-dialect.js";

const enc = new TextEncoder();
const dec = new TextDecoder();

function xmlEsbCancel(f: { tranCode?: string; msgid: string; setlId: string; mdtrtId: string; psnNo: string; reason?: string }): Uint8Array {
  return enc.encode(`<?xml version="1.0" encoding="UTF-8"?><Envelope><Head><TranCode>${f.tranCode ?? "MZCX"}</TranCode><MsgId>${f.msgid}</MsgId><Sender>H37010200001</Sender><JydQh>370102</JydQh><CbdQh>320100</CbdQh><SendTime>20240301100000</SendTime></Head><Body><Cancel>${f.setlId === "" ? "" : `<SetlId>${f.setlId}</SetlId>`}<MdtrtId>${f.mdtrtId}</MdtrtId><PsnNo>${f.psnNo}</PsnNo>${f.reason === undefined ? "" : `<Reason>${f.reason}</Reason>`}</Cancel></Body></Envelope>`);
}

function pad(text: string, width: number): Uint8Array {
  const bytes = encodeCharset(text, "gbk");
  const out = new Uint8Array(width).fill(0x20);
  out.set(bytes.subarray(0, width));
  return out;
}

function jinbaoCancel(f: { transCode?: string; msgid: string; setlId: string; mdtrtId: string; psnNo: string; reason?: string }): Uint8Array {
  const parts = [
    pad("H", 1), pad(f.transCode ?? "MZCX", 4), pad(f.msgid, 30), pad("370102", 6), pad("320100", 6), pad("H37010200001", 20), pad("济南市第一人民医院", 100), pad("", 20), pad("20240301", 8), enc.encode("\r\n"),
    pad("C", 1), pad(f.setlId, 40), pad(f.mdtrtId, 30), pad(f.psnNo, 30), pad(f.reason ?? "", 90), enc.encode("\r\n"),
  ];
  return Buffer.concat(parts);
}

function fhirCancel(f: { type?: string; msgid: string; setlId: string; mdtrtId: string; psnNo: string; reason?: string; status?: string }): Uint8Array {
  const B = "https://tongxing.example/fhir/";
  return enc.encode(JSON.stringify({
    resourceType: "Claim",
    status: f.status ?? "cancelled",
    type: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/claim-type", code: f.type ?? "professional" }] },
    use: "claim",
    identifier: [{ system: `${B}sid/msgid`, value: f.msgid }],
    extension: [{ url: `${B}StructureDefinition/mdtrt-id`, valueString: f.mdtrtId }, ...(f.reason === undefined ? [] : [{ url: `${B}StructureDefinition/cancel-reason`, valueString: f.reason }])],
    patient: { identifier: { system: `${B}sid/psn-no`, value: f.psnNo } },
    related: [{ claim: { identifier: { system: `${B}sid/setl-id`, value: f.setlId } } }],
  }));
}

const fields = { msgid: "H37010200001202403011000000001", setlId: "S3201002024030100001", mdtrtId: "MD370102001", psnNo: "37010219800101001X" };

test("xml-esb, jinbao-legacy and fhir-r4 decode a cancel to the canonical one", () => {
  for (const [dialect, payload, infno] of [
    [xmlEsbDialect, xmlEsbCancel({ ...fields, tranCode: "ZYCX", reason: "录入错误" }), "2305"],
    [jinbaoLegacyDialect, jinbaoCancel({ ...fields, transCode: "ZYCX", reason: "录入错误" }), "2305"],
    [fhirR4Dialect, fhirCancel({ ...fields, type: "institutional", reason: "录入错误" }), "2305"],
    [xmlEsbDialect, xmlEsbCancel({ ...fields, tranCode: "YDCX" }), "2103"],
    [jinbaoLegacyDialect, jinbaoCancel(fields), "2208"],
    [fhirR4Dialect, fhirCancel({ ...fields, type: "pharmacy" }), "2103"],
  ] as const) {
    const { cancel, msgid } = dialect.decodeCancel!(payload);
    assert.equal(msgid, fields.msgid, dialect.name);
    assert.deepEqual({ setlId: cancel.setlId, mdtrtId: cancel.mdtrtId, psnNo: cancel.psnNo, infno: cancel.infno }, { setlId: fields.setlId, mdtrtId: fields.mdtrtId, psnNo: fields.psnNo, infno }, dialect.name);
    if (infno === "2305") assert.equal(cancel.reason, "录入错误", dialect.name);
  }
});

test("a bad cancel is refused naming the field, never a crash", () => {
  const cases = [
    [xmlEsbDialect, xmlEsbCancel({ ...fields, setlId: "" }), "Envelope/Body/Cancel/SetlId"],
    [xmlEsbDialect, xmlEsbCancel({ ...fields, tranCode: "MZJS" }), "Envelope/Head/TranCode"],
    [jinbaoLegacyDialect, jinbaoCancel({ ...fields, setlId: "" }), "record[2].setl_id"],
    [jinbaoLegacyDialect, jinbaoCancel({ ...fields, transCode: "MZJS" }), "record[1].trans_code"],
    [jinbaoLegacyDialect, jinbaoCancel(fields).subarray(0, 150), "record[1]"],
    [fhirR4Dialect, fhirCancel({ ...fields, status: "active" }), "status"],
    [fhirR4Dialect, fhirCancel({ ...fields, setlId: "" }), "related.claim.identifier[system=https://tongxing.example/fhir/sid/setl-id].value"],
    [fhirR4Dialect, enc.encode("{"), "payload"],
  ] as const;
  for (const [dialect, payload, field] of cases) {
    assert.throws(() => dialect.decodeCancel!(payload), (e: unknown) => isInvalidInputError(e) && e.violations.some((v) => v.field === field), `${dialect.name}: ${field}`);
  }
});

test("every dialect answers CANCELLED with the negation and REVERSAL_HELD as held", () => {
  const claim = create(ClaimSchema, { msgid: fields.msgid, infno: "2207", kind: ClaimKind.OUTPATIENT, fixmedinsCode: "H37010200001", mdtrtareaAdmvs: "370102", insuplcAdmdvs: "320100" });
  const adjudication = create(AdjudicationSchema, { setlId: fields.setlId, setlTime: "2024-03-01 10:00:00", medfeeSumamt: 12050n, fundPaySumamt: 8000n, hifpPay: 8000n, psnPartAmt: 4050n, acctPay: 1050n, psnCashPay: 3000n, inscpScpAmt: 12050n });
  const cancelled = create(SettlementResultSchema, { claimId: "C1", status: ClaimStatus.CANCELLED, adjudication });
  const held = create(SettlementResultSchema, { claimId: "C1", status: ClaimStatus.REVERSAL_HELD, adjudication });
  assert.match(dec.decode(xmlEsbDialect.encodeResult(cancelled, claim)), /<RetMsg>撤销成功<\/RetMsg>[\s\S]*<FundPaySumamt>-80\.00<\/FundPaySumamt>/);
  assert.match(dec.decode(xmlEsbDialect.encodeResult(held, claim)), /<RetCode>2002<\/RetCode>/);
  const legacy = Buffer.from(jinbaoLegacyDialect.encodeResult(cancelled, claim)).toString("latin1");
  assert.match(legacy, /-0+8000/, "the negated fund amount");
  assert.ok(Buffer.from(jinbaoLegacyDialect.encodeResult(held, claim)).toString("latin1").includes("2002"));
  assert.match(dec.decode(fhirR4Dialect.encodeResult(cancelled, claim)), /"status": "cancelled"/);
  assert.match(dec.decode(fhirR4Dialect.encodeResult(held, claim)), /"outcome": "queued"/);
  assert.match(dec.decode(nhsaJsonDialect.encodeResult(held, claim)), /"infcode":"-1".*refused the reversal/);
});
