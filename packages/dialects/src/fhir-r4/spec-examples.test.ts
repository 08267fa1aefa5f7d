// The FHIR R4 specification's own Claim examples (golden vectors 018–020, spec §6): every element
// they use is accepted as R4, and each is refused with one InvalidInputError naming, field by
// field, what a Chinese cross-region settlement needs and they lack, and their USD amounts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readFileSync } from "node:fs";
import { isInvalidInputError, type FieldViolation } from "@tongxing/domain";
import { fhirR4Dialect as dialect } from "./fhir-r4-dialect.js";

const VECTORS = new URL("../../../../conformance/vectors/fhir-r4/", import.meta.url);
const SD = "https://tongxing.example/fhir/StructureDefinition/";
const CS = "https://tongxing.example/fhir/CodeSystem/";
const SID = "https://tongxing.example/fhir/sid/";
const ext = (name: string) => `extension('${SD}${name}')`;

/** What every one of the three lacks, in the order the decoder reports it. */
const header = [
  `Claim.${ext("mdtrtarea-admvs")}.valueString`,
  `Claim.${ext("mdtrt-id")}.valueString`,
  `Claim.${ext("med-type")}.valueCode`,
];
const person = [
  `Claim.patient.${ext("mdtrt-cert")}.valueIdentifier.type.coding.where(system='${CS}mdtrt-cert-type').code`,
  `Claim.patient.${ext("mdtrt-cert")}.valueIdentifier.value`,
  `Claim.patient.identifier.where(system='${SID}psn-no').value`,
  `Claim.provider.identifier.where(system='${SID}fixmedins-code').value`,
  `Claim.insurance[0].coverage.${ext("insutype")}.valueCode`,
  `Claim.insurance[0].coverage.${ext("insuplc-admdvs")}.valueString`,
];
const firstItem = [
  `Claim.item[0].${ext("feedetl-sn")}.valueString`,
  `Claim.item[0].productOrService.coding.where(system='${CS}med-list').code`,
  "Claim.item[0].quantity.value",
  "Claim.item[0].unitPrice.currency",
  "Claim.item[0].net.currency",
];
/** Named by the canonical claim's own check, after the mapping's: the line total is required (absent is not zero). */
const lineTotal = "Claim.item[0].net.value";

const EXAMPLES: { folder: string; id: string; fields: string[] }[] = [
  { folder: "018-invalid-spec-claim-example", id: "100150", fields: [...header, "Claim.type.coding.where(system='http://terminology.hl7.org/CodeSystem/claim-type').code", ...person, ...firstItem, "Claim.total", lineTotal] },
  { folder: "019-invalid-spec-claim-example-institutional", id: "960150", fields: [...header, ...person, ...firstItem, "Claim.total.currency", "Claim.total.value", lineTotal] },
  { folder: "020-invalid-spec-claim-example-pharmacy", id: "760150", fields: [...header, ...person, ...firstItem, "Claim.total", lineTotal] },
];

function violationsOf(payload: Uint8Array): readonly FieldViolation[] {
  try {
    dialect.decodeClaim(payload);
  } catch (err) {
    assert.ok(isInvalidInputError(err), `only InvalidInputError leaves the decoder, got ${String(err)}`);
    return err.violations;
  }
  assert.fail("the example decoded, but it carries no Chinese settlement data");
}

for (const { folder, id, fields } of EXAMPLES) {
  test(`FHIR R4 example ${id}: refused, naming exactly the ${fields.length} fields it lacks or gets wrong`, () => {
    const payload = readFileSync(new URL(`${folder}/input.json`, VECTORS));
    assert.equal((JSON.parse(payload.toString("utf8")) as { id: string }).id, id, "the vector holds the specification's example");
    const violations = violationsOf(payload);
    assert.deepEqual(violations.map((v) => v.field), fields);
    // Nothing the example legitimately carries (text, identifier, careTeam, diagnosis, payee, …) is refused as a non-R4 element.
    assert.ok(!violations.some((v) => /is not an element/.test(v.description)), JSON.stringify(violations));
    for (const v of violations.filter((x) => x.field.endsWith(".currency"))) assert.equal(v.description, 'must be CNY; got "USD"');
    for (const v of violations.filter((x) => header.includes(x.field) || person.includes(x.field))) assert.match(v.description, /^is required \(carries [a-z_.]+\)$/);
  });
}

test("the oral claim type is refused with the types the hub settles", () => {
  const payload = readFileSync(new URL(`${EXAMPLES[0]!.folder}/input.json`, VECTORS));
  const type = violationsOf(payload).find((v) => v.field.startsWith("Claim.type"));
  assert.equal(type?.description, 'unknown code "oral"; expected one of professional (outpatient, 2207), institutional (inpatient, 2304), pharmacy (pharmacy, 2102)');
});

test("FHIR R4 example 960150 with the Chinese elements added decodes, with all its other R4 elements (text, careTeam, diagnosis, payee, …) accepted as they are", () => {
  const example = JSON.parse(readFileSync(new URL(`${EXAMPLES[1]!.folder}/input.json`, VECTORS), "utf8")) as Record<string, any>;
  example.extension = [
    { url: `${SD}mdtrtarea-admvs`, valueString: "370102" },
    { url: `${SD}mdtrt-id`, valueString: "370102201408160001" },
    { url: `${SD}med-type`, valueCode: "21" },
  ];
  example.patient = {
    ...example.patient,
    extension: [{ url: `${SD}mdtrt-cert`, valueIdentifier: { type: { coding: [{ system: `${CS}mdtrt-cert-type`, code: "01" }] }, value: "EV3201000000000001" } }],
    identifier: { system: `${SID}psn-no`, value: "32010000000000000001" },
  };
  example.provider = { ...example.provider, identifier: { system: `${SID}fixmedins-code`, value: "H37010200001" } };
  example.insurance[0].coverage.extension = [
    { url: `${SD}insutype`, valueCode: "310" },
    { url: `${SD}insuplc-admdvs`, valueString: "320100" },
  ];
  const item = example.item[0];
  item.extension = [{ url: `${SD}feedetl-sn`, valueString: "1" }];
  item.productOrService.coding.push({ system: `${CS}med-list`, code: "001102000010000" });
  item.quantity = { value: 1 };
  for (const money of [item.unitPrice, item.net, example.total]) money.currency = "CNY";

  const { claim, msgid } = dialect.decodeClaim(Buffer.from(JSON.stringify(example)));
  assert.equal(msgid, "960150", "the resource id stands in for a message id");
  assert.equal(claim.infno, "2304");
  assert.equal(claim.insuplcAdmdvs, "320100");
  assert.equal(claim.infTime, "2014-08-16", "a date alone stays a date");
  assert.equal(claim.totals?.medfeeSumamt, 12_500n);
  assert.equal(claim.feeLines.length, 1);
  assert.equal(claim.feeLines[0]?.pricE6, 125_000_000n);
  assert.equal(claim.feeLines[0]?.cntE4, 10_000n);
  assert.equal(claim.feeLines[0]?.feeOcurTime, "2014-08-16");
});
