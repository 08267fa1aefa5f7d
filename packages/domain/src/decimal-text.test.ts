import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { formatFenAsYuan, formatScaledDecimal, parseScaledDecimal, parseYuanToFen } from "./decimal-text.js";

test("yuan text parses to exact fen", () => {
  assert.deepEqual(parseYuanToFen("120.50"), { ok: true, value: 12050n });
  assert.deepEqual(parseYuanToFen("0.1"), { ok: true, value: 10n });
  assert.deepEqual(parseYuanToFen("7"), { ok: true, value: 700n });
  assert.deepEqual(parseYuanToFen("-3.05"), { ok: true, value: -305n });
  assert.deepEqual(parseYuanToFen("1.500"), { ok: true, value: 150n }, "trailing zeros beyond the scale are exact");
  assert.deepEqual(parseYuanToFen("007.01"), { ok: true, value: 701n });
});

test("anything inexact or not a decimal is refused, never rounded", () => {
  assert.deepEqual(parseYuanToFen("12.345"), { ok: false, problem: "too-many-decimals" });
  for (const bad of ["abc", "", "1e3", "1.", ".5", "+1", "1,000.00", " 1", "NaN", "Infinity", "0x10", "--1"]) {
    assert.equal(parseYuanToFen(bad).ok, false, bad);
  }
  assert.deepEqual(parseYuanToFen("1".repeat(16)), { ok: false, problem: "too-large" });
});

test("scales for pric (6) and cnt (4)", () => {
  assert.deepEqual(parseScaledDecimal("12.345678", 6), { ok: true, value: 12345678n });
  assert.deepEqual(parseScaledDecimal("-2.5", 4), { ok: true, value: -25000n });
  assert.equal(formatScaledDecimal(12345678n, 6), "12.345678");
  assert.equal(formatScaledDecimal(5n, 4), "0.0005");
});

test("fen formats with exactly two decimals", () => {
  assert.equal(formatFenAsYuan(12050n), "120.50");
  assert.equal(formatFenAsYuan(5n), "0.05");
  assert.equal(formatFenAsYuan(-305n), "-3.05");
  assert.equal(formatFenAsYuan(0n), "0.00");
});

test("property: format then parse is the identity for every fen amount", () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (fen) => {
      const parsed = parseYuanToFen(formatFenAsYuan(fen));
      return parsed.ok && parsed.value === fen;
    }),
    { numRuns: 2_000 },
  );
});
