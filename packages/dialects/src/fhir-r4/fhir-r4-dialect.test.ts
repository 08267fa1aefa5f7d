// The fhir-r4 dialect's limits and hostile-input handling (spec §1–§2, §5), on a valid vector
// changed one thing at a time: each input is refused with the named field, or read exactly.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readFileSync } from "node:fs";
import { isInvalidInputError, type FieldViolation } from "@tongxing/domain";
import { fhirR4Dialect as dialect } from "./fhir-r4-dialect.js";

/** This process's CPU time in ms. The limits below guard against inputs that make a decoder
 * pathologically slow; CPU time, unlike wall time, is not stretched by other work on a busy box. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1_000;
};

const VALID = readFileSync(new URL("../../../../conformance/vectors/fhir-r4/001-outpatient-general-settled/input.json", import.meta.url), "utf8");
type Json = Record<string, any>;
const valid = (): Json => JSON.parse(VALID) as Json;
const bytes = (v: Json | string) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v));

function refusal(payload: Uint8Array, decode: (p: Uint8Array) => unknown = (p) => dialect.decodeClaim(p)): readonly FieldViolation[] {
  try {
    decode(payload);
  } catch (err) {
    assert.ok(isInvalidInputError(err), `only InvalidInputError may leave a decode: ${String(err)}`);
    return err.violations;
  }
  return assert.fail("decoded, but a refusal was expected");
}
const has = (violations: readonly FieldViolation[], field: string, description: RegExp) =>
  assert.ok(violations.some((v) => v.field === field && description.test(v.description)), `${field} ${description} not in ${JSON.stringify(violations)}`);

test("the vector itself decodes (the baseline every case below changes)", () => {
  assert.equal(dialect.decodeClaim(bytes(VALID)).claim.msgid, "H37010200001202612011405300211");
});

test("size: more than 1 MiB, or nothing, is refused on payload before parsing", () => {
  const big = valid();
  big.text = { status: "generated", div: `<div>${"x".repeat(1_048_576)}</div>` };
  has(refusal(bytes(big)), "payload", /bytes; at most 1048576 are accepted/);
  has(refusal(new Uint8Array()), "payload", /empty/);
});

test("nesting: 100,000 open brackets are refused by the pre-parse scan, fast", () => {
  const started = cpuNow();
  has(refusal(bytes(`{"resourceType":"Claim","contained":${"[".repeat(100_000)}`)), "payload", /nested deeper than 32/);
  assert.ok(cpuNow() - started < 500, "linear, no recursion");
});

test("bytes: a byte-order mark is skipped; malformed UTF-8 and lone surrogates are refused", () => {
  assert.equal(dialect.decodeClaim(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes(VALID)])).claim.msgid, "H37010200001202612011405300211");
  has(refusal(Buffer.concat([bytes(VALID.slice(0, 40)), Buffer.from([0xc3, 0x28]), bytes(VALID.slice(40))])), "payload", /UTF-8/);
  const lone = VALID.replace('"display": "王建国"', '"display": "\\ud800王建国"');
  assert.notEqual(lone, VALID, "the case changes the input");
  has(refusal(bytes(lone)), "Claim.patient.display", /unpaired surrogate/);
});

test("syntax: a key repeated with another value, trailing garbage and a non-object root are refused", () => {
  has(refusal(bytes(VALID.replace('"status": "active"', '"status": "active", "status": "cancelled"'))), "payload", /repeated|duplicate/i);
  has(refusal(bytes(`${VALID} x`)), "payload", /JSON/);
  has(refusal(bytes("[1,2]")), "payload", /object/);
});

test("prototype keys are plain unknown elements, never object internals", () => {
  const j = valid();
  const text = JSON.stringify(j).replace('"resourceType":"Claim"', '"resourceType":"Claim","__proto__":{"status":"x"},"constructor":1');
  const violations = refusal(bytes(text));
  has(violations, "Claim.__proto__", /is not an element of the FHIR R4 Claim/);
  has(violations, "Claim.constructor", /is not an element of the FHIR R4 Claim/);
  assert.equal(({} as Json).status, undefined, "Object.prototype untouched");
});

test("structure: two insurance entries, 5,001 items and a modifierExtension are refused by path", () => {
  const two = valid();
  two.insurance.push(structuredClone(two.insurance[0]));
  has(refusal(bytes(two)), "Claim.insurance", /at most 1/);
  const many = valid();
  many.item = Array.from({ length: 5_001 }, (_, i) => ({ sequence: i + 1 }));
  has(refusal(bytes(many)), "Claim.item", /5,000|5000/);
  const modifier = valid();
  modifier.modifierExtension = [{ url: "http://example.org/x", valueBoolean: true }];
  has(refusal(bytes(modifier)), "Claim.modifierExtension", /modifier extension/);
});

test("times are converted to Beijing time exactly, across the date line; impossible times are refused", () => {
  const at = (start: string) => {
    const j = valid();
    j.billablePeriod.start = start;
    return j;
  };
  assert.equal(dialect.decodeClaim(bytes(at("2026-03-01T01:30:00Z"))).claim.encounter?.begntime, "2026-03-01 09:30:00");
  assert.equal(dialect.decodeClaim(bytes(at("2026-02-28T20:30:00-05:00"))).claim.encounter?.begntime, "2026-03-01 09:30:00");
  assert.equal(dialect.decodeClaim(bytes(at("2026-03-01T09:30:00.999+08:00"))).claim.encounter?.begntime, "2026-03-01 09:30:00");
  for (const bad of ["2026-02-30T10:00:00+08:00", "2026-12-31T23:59:60Z", "2026-03", "2026-03-01T10:00+08:00", "2026-03-01T10:00:00+15:00"]) {
    has(refusal(bytes(at(bad))), "Claim.billablePeriod.start", /./);
  }
});

test("amounts: read from the digits as written, never through a float", () => {
  const j = valid();
  j.total.value = 0.1;
  j.item = [];
  assert.equal(dialect.decodeClaim(bytes(JSON.stringify(j).replace('"value":0.1,', '"value":999999999999999.99,'))).claim.totals?.medfeeSumamt, 99_999_999_999_999_999n);
  has(refusal(bytes(JSON.stringify(j).replace('"value":0.1,', '"value":1000000000000000.00,'))), "Claim.total.value", /too large/);
  has(refusal(bytes(JSON.stringify(j).replace('"value":0.1,', '"value":-0.01,'))), "Claim.total.value", /negative/);
});

test("at most 50 violations are listed, then one on payload counts the rest", () => {
  const j = valid();
  j.item = Array.from({ length: 60 }, (_, i) => ({ sequence: i + 1 }));
  const violations = refusal(bytes(j));
  assert.equal(violations.length, 51);
  has(violations, "payload", /more/);
});

test("a reply must answer this claim: outcome, msgid and resource type are checked", () => {
  const claim = dialect.decodeClaim(bytes(VALID)).claim;
  claim.claimId = "C0123456789abcdef01234567";
  const reply = JSON.parse(Buffer.from(dialect.encodeAdjudication({ $typeName: "tongxing.v1.Adjudication", claimId: claim.claimId, setlId: "S1", medfeeSumamt: 17850n, fundPaySumamt: 12_000n } as never, claim)).toString("utf8")) as Json;
  const decode = (p: Uint8Array) => dialect.decodeAdjudication(p, claim);
  assert.equal(dialect.decodeAdjudication(bytes(reply), claim).medfeeSumamt, 17_850n);
  has(refusal(bytes({ ...reply, outcome: "error" }), decode), "ClaimResponse.outcome", /complete/);
  const other = structuredClone(reply);
  other.request.identifier.value = "H37010200001202612011405309999";
  has(refusal(bytes(other), decode), "ClaimResponse.request.identifier.where(system='https://tongxing.example/fhir/sid/msgid').value", /msgid|claim/);
  has(refusal(bytes({ ...reply, resourceType: "Claim" }), decode), "ClaimResponse.resourceType", /ClaimResponse/);
});
