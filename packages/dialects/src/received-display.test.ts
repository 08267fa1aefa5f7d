import assert from "node:assert/strict";
import { test } from "node:test";
import { toBinary } from "@bufbuild/protobuf";
import { ClaimSchema } from "@tongxing/proto";
import { sampleClaim } from "./claim.fixture.js";
import { fhirR4Dialect } from "./fhir-r4/fhir-r4-dialect.js";
import { jinbaoLegacyDialect } from "./jinbao-legacy/jinbao-legacy-dialect.js";
import { nhsaJsonDialect } from "./nhsa-json/nhsa-json-dialect.js";
import { displayReceivedMessage, receivedContentType } from "./received-display.js";
import { xmlEsbDialect } from "./xml-esb/xml-esb-dialect.js";

const claim = sampleClaim();

test("JSON and FHIR indented with numbers as written, XML indented with values as text, canonical as JSON", () => {
  const json = displayReceivedMessage("nhsa-json", new TextEncoder().encode('{"infno":"2207","input":{"data":{"psn_no":"0037","medfee_sumamt":123.10}}}'));
  assert.equal(json.format, "json");
  assert.ok("text" in json && json.text.includes('\n    "data": {') && json.text.includes('"medfee_sumamt": 123.10'), "exact numbers");
  const xml = displayReceivedMessage("xml-esb", xmlEsbDialect.encodeClaim!(claim));
  assert.ok(xml.format === "xml" && "text" in xml);
  assert.match(xml.text, /\n {6}<PsnNo>[^<]+<\/PsnNo>/);
  assert.ok(xml.text.includes(`<MdtrtId>${claim.encounter?.mdtrtId}</MdtrtId>`), "ids kept as text");
  const fhir = displayReceivedMessage("fhir-r4", fhirR4Dialect.encodeClaim!(claim));
  assert.ok(fhir.format === "json" && "text" in fhir && fhir.text.startsWith('{\n  "resourceType": "Claim"'));
  const proto = displayReceivedMessage("canonical", toBinary(ClaimSchema, claim));
  assert.ok(proto.format === "protobuf" && "text" in proto && proto.text.includes(claim.msgid));
  assert.equal(receivedContentType("nhsa-json"), "application/json; charset=utf-8");
  assert.equal(receivedContentType("no-such"), "application/octet-stream");
});

test("a jinbao-legacy file is decoded from GBK and laid out field by field with the mapping's names", () => {
  const payload = jinbaoLegacyDialect.encodeClaim!(claim);
  const shown = displayReceivedMessage("jinbao-legacy", payload);
  assert.ok(shown.format === "fixed-width");
  assert.equal(shown.encoding, "gbk");
  assert.deepEqual(shown.records.map((r) => r.tag).slice(0, 2), ["H", "S"]);
  const settle = shown.records[1]!;
  assert.equal(settle.label, "settle");
  assert.deepEqual(settle.fields.find((f) => f.name === "psn_name"), { name: "psn_name", path: "claim.person.psn_name", value: claim.person?.psnName });
  assert.equal(settle.fields.find((f) => f.name === "psn_no")?.value, claim.person?.psnNo);
  assert.equal(shown.records.at(-1)?.tag, "T");
  // A bounded copy cut inside a record: the fields it has, no error.
  const cut = displayReceivedMessage("jinbao-legacy", payload.subarray(0, 250), true);
  assert.ok(cut.format === "fixed-width" && cut.records.length === 2 && cut.records[1]!.fields.length < settle.fields.length);
});

test("a copy cut short, or bytes its dialect cannot read, show as text", () => {
  const payload = nhsaJsonDialect.encodeClaim === undefined ? new TextEncoder().encode('{"infno":"2207"') : nhsaJsonDialect.encodeClaim(claim);
  const cut = displayReceivedMessage("nhsa-json", payload.subarray(0, 20), true);
  assert.equal(cut.format, "text");
  assert.equal(displayReceivedMessage("nhsa-json", new TextEncoder().encode("{not json")).format, "text");
});
