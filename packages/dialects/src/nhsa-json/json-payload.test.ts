import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { isInvalidInputError } from "@tongxing/domain";
import { MAX_JSON_DEPTH, MAX_NHSA_JSON_BYTES } from "./json-limits.js";
import { parseJsonPayload } from "./json-payload.js";
import { nhsaJsonDialect } from "./nhsa-json-dialect.js";
import { NumericText } from "./numeric-text.js";
import { jsonBytes, sampleOutpatientSettle, violationsOf } from "./settle-message.fixture.js";

const decode = (payload: Uint8Array) => () => nhsaJsonDialect.decodeClaim(payload);

/** Asserts a single violation on `payload` whose description matches. */
function refusedOnPayload(payload: Uint8Array, description: RegExp): void {
  const v = violationsOf(decode(payload));
  assert.deepEqual(v.map((x) => x.field), ["payload"], JSON.stringify(v));
  assert.match(v[0]?.description ?? "", description);
}

test("a 10 MB payload is refused on size before anything reads it", () => {
  const m = sampleOutpatientSettle();
  m.input.data.dise_name = "x".repeat(10 * 1024 * 1024);
  refusedOnPayload(jsonBytes(m), /limit is 1048576 bytes \(1 MiB\)/);
  // Exactly at the limit the size check passes (the padding is JSON whitespace).
  const text = JSON.stringify(sampleOutpatientSettle());
  const atLimit = jsonBytes(text + " ".repeat(MAX_NHSA_JSON_BYTES - jsonBytes(text).length));
  assert.equal(atLimit.length, MAX_NHSA_JSON_BYTES);
  assert.equal(nhsaJsonDialect.decodeClaim(atLimit).claim.totals?.medfeeSumamt, 5264n);
  refusedOnPayload(jsonBytes(text + " ".repeat(MAX_NHSA_JSON_BYTES - jsonBytes(text).length + 1)), /limit/);
});

test("100,000-deep nesting is refused by the scan, without recursion, in milliseconds", () => {
  const started = performance.now();
  refusedOnPayload(jsonBytes("[".repeat(100_000)), /nested deeper than 32 levels/);
  refusedOnPayload(jsonBytes("[".repeat(100_000) + "]".repeat(100_000)), /nested deeper than 32 levels/);
  refusedOnPayload(jsonBytes('{"a":'.repeat(50_000) + "{}" + "}".repeat(50_000)), /nested deeper/);
  assert.ok(performance.now() - started < 1_000, "linear scan, no parser involved");
  // Deep inside an otherwise valid message.
  const text = JSON.stringify(sampleOutpatientSettle()).replace('"input":{', `"input":{"extra":${"[".repeat(40)}${"]".repeat(40)},`);
  refusedOnPayload(jsonBytes(text), /nested/);
});

test("the depth limit is exactly 32; brackets inside strings do not count", () => {
  const nested = (depth: number) => jsonBytes("[".repeat(depth) + "]".repeat(depth));
  assert.deepEqual(parseJsonPayload(nested(MAX_JSON_DEPTH)) !== undefined, true);
  assert.throws(() => parseJsonPayload(nested(MAX_JSON_DEPTH + 1)), (err) => isInvalidInputError(err) && err.violations[0]?.field === "payload");
  const m = sampleOutpatientSettle();
  m.input.data.dise_name = '[[[[{{{{\\"'.repeat(20);
  assert.equal(nhsaJsonDialect.decodeClaim(jsonBytes(m)).claim.encounter?.diseName, m.input.data.dise_name);
});

test("invalid UTF-8, not JSON and duplicate keys are refused on payload", () => {
  refusedOnPayload(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), /not valid UTF-8/);
  refusedOnPayload(new Uint8Array([0xc3, 0x28]), /not valid UTF-8/);
  // An overlong encoding of "/" and a lone surrogate half (CESU) are not UTF-8 either.
  refusedOnPayload(new Uint8Array([0x22, 0xc0, 0xaf, 0x22]), /UTF-8/);
  refusedOnPayload(new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22]), /UTF-8/);
  refusedOnPayload(jsonBytes("{infno:2207"), /not valid JSON/);
  refusedOnPayload(jsonBytes(""), /not valid JSON/);
  refusedOnPayload(jsonBytes('{"infno":"2207","infno":"2304"}'), /not valid JSON.*[Dd]uplicate/);
});

test("a leading byte-order mark is ignored; a key repeated with the same value is accepted once", () => {
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...jsonBytes(sampleOutpatientSettle())]);
  assert.equal(nhsaJsonDialect.decodeClaim(bom).claim.msgid, "H37010200001202611241015300001");
  const repeated = JSON.stringify(sampleOutpatientSettle()).replace('"infno":"2207"', '"infno":"2207","infno":"2207"');
  assert.equal(nhsaJsonDialect.decodeClaim(jsonBytes(repeated)).claim.infno, "2207");
});

test("the top level must be an object", () => {
  for (const text of ["[]", '"2207"', "42", "null", "true"]) refusedOnPayload(jsonBytes(text), /must be an object/);
});

test("numbers are kept as their source text, never as floats", () => {
  const parsed = parseJsonPayload(jsonBytes('{"a":0.1,"b":12345678901234567890.12,"c":-0.00}')) as Record<string, NumericText>;
  assert.deepEqual([parsed.a?.text, parsed.b?.text, parsed.c?.text], ["0.1", "12345678901234567890.12", "-0.00"]);
});

test("anything unexpected thrown while reading still ends as InvalidInputError on payload", () => {
  const hostile = new Proxy(new Uint8Array(4), {
    get(target, key) {
      if (key === "byteLength") throw new TypeError("boom");
      return Reflect.get(target, key) as unknown;
    },
  });
  refusedOnPayload(hostile, /could not be read as a settle message/);
});

test("property: arbitrary bytes and arbitrary JSON values never escape as anything but InvalidInputError", () => {
  const onlyInvalidInput = (payload: Uint8Array) => {
    try {
      nhsaJsonDialect.decodeClaim(payload);
    } catch (err) {
      assert.ok(isInvalidInputError(err), String(err));
    }
  };
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), onlyInvalidInput), { numRuns: 300 });
  const fields = ["infno", "msgid", "insuplc_admdvs", "input", "input.data", "input.data.psn_no", "input.data.medfee_sumamt", "input.feedetail", "input.feedetail.0", "input.feedetail.1.cnt"];
  fc.assert(
    fc.property(fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 3 }), (path, value) => {
      const m = sampleOutpatientSettle() as Record<string, unknown>;
      const keys = path.split(".");
      let target = m;
      for (const k of keys.slice(0, -1)) target = target[k] as Record<string, unknown>;
      target[keys.at(-1) ?? ""] = value;
      onlyInvalidInput(jsonBytes(m));
    }),
    { numRuns: 300 },
  );
});
