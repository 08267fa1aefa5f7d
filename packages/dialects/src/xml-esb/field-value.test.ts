import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultLeafValue, formatLeafValue, parseLeafValue } from "./field-value.js";
import type { FieldType, LeafRule } from "./mapping-types.js";

const rule = (type: FieldType, extra: Partial<LeafRule> = {}): LeafRule => ({ kind: "leaf", element: "X", field: "x", type, ...extra });
const parsed = (type: FieldType, text: string, extra: Partial<LeafRule> = {}) => parseLeafValue(rule(type, extra), text);
const formatted = (type: FieldType, value: unknown, extra: Partial<LeafRule> = {}) => formatLeafValue(rule(type, extra), value);

test("amounts: decimal yuan text ↔ bigint fen, exact, never rounded", () => {
  assert.deepEqual(parsed("amount", "12.30"), { ok: true, value: 1230n });
  assert.deepEqual(parsed("amount", "0.01"), { ok: true, value: 1n });
  assert.deepEqual(parsed("amount", "99999999.99"), { ok: true, value: 9_999_999_999n });
  assert.deepEqual(parsed("amount", "-0.50"), { ok: true, value: -50n });
  assert.deepEqual(parsed("amount", "1.500"), { ok: true, value: 150n });
  assert.deepEqual(parsed("amount", "7"), { ok: true, value: 700n });
  for (const [text, why] of [["12.345", /more than 2 decimals/], ["1e3", /not a decimal/], ["NaN", /not a decimal/], ["+1.00", /not a decimal/], ["1,000.00", /not a decimal/], ["1234567890123456.00", /too large/]] as const) {
    const r = parsed("amount", text);
    assert.equal(r.ok, false, text);
    if (!r.ok) assert.match(r.problem, why);
  }
  assert.deepEqual(formatted("amount", 0n), { ok: true, value: "0.00" });
  assert.deepEqual(formatted("amount", -1n), { ok: true, value: "-0.01" });
  assert.deepEqual(formatted("amount", 9_999_999_999n), { ok: true, value: "99999999.99" });
  assert.equal(formatted("amount", 12.3).ok, false);
});

test("cnt and pric keep 4 and 6 decimals; values must fit int64", () => {
  assert.deepEqual(parsed("cnt", "2.5"), { ok: true, value: 25_000n });
  assert.deepEqual(parsed("cnt", "-7.5000"), { ok: true, value: -75_000n });
  assert.deepEqual(parsed("pric", "0.375"), { ok: true, value: 375_000n });
  assert.deepEqual(parsed("pric", "12.345678"), { ok: true, value: 12_345_678n });
  assert.equal(parsed("pric", "1.0000001").ok, false);
  assert.equal(parsed("cnt", "1.00001").ok, false);
  assert.match(JSON.stringify(parsed("pric", "999999999999999")), /int64/);
  assert.deepEqual(formatted("cnt", 25_000n), { ok: true, value: "2.5000" });
  assert.deepEqual(formatted("pric", 375_000n), { ok: true, value: "0.375000" });
  assert.match(JSON.stringify(formatted("amount", 1n << 63n)), /int64/);
});

test("permille is a decimal fraction with 3 decimals, within int32", () => {
  assert.deepEqual(parsed("permille", "0.850"), { ok: true, value: 850 });
  assert.deepEqual(parsed("permille", "1"), { ok: true, value: 1000 });
  assert.deepEqual(formatted("permille", 700), { ok: true, value: "0.700" });
  assert.deepEqual(formatted("permille", -2_147_483_648), { ok: true, value: "-2147483.648" });
  assert.equal(parsed("permille", "0.8505").ok, false);
  assert.equal(parsed("permille", "2147484").ok, false);
  assert.equal(formatted("permille", 1.5).ok, false);
});

test("times: yyyyMMddHHmmss ↔ yyyy-MM-dd HH:mm:ss, real calendar times only", () => {
  assert.deepEqual(parsed("time", "20240229235959"), { ok: true, value: "2024-02-29 23:59:59" });
  assert.deepEqual(formatted("time", "2026-03-02 09:31:15"), { ok: true, value: "20260302093115" });
  for (const bad of ["20230229120000", "20261301000000", "20260431000000", "20260101240000", "20260101006000", "00000101000000", "2026010100000", "2026-01-01 00:00:00"]) {
    assert.equal(parsed("time", bad).ok, false, bad);
  }
  for (const bad of ["2026-02-30 00:00:00", "20260101000000", "2026-1-1 00:00:00", "2026-01-01T00:00:00"]) assert.equal(formatted("time", bad).ok, false, bad);
});

test("codes are visible ASCII within their length and pattern; text is any XML text within its length", () => {
  assert.deepEqual(parsed("code", "I10.x00"), { ok: true, value: "I10.x00" });
  assert.equal(parsed("code", "A B").ok, false);
  assert.equal(parsed("code", "王").ok, false);
  assert.equal(parsed("code", "1234567", { maxLength: 6 }).ok, false);
  assert.equal(parsed("code", "37010", { pattern: /^\d{6}$/ }).ok, false);
  assert.deepEqual(parsed("text", " 王 & 𠮷 "), { ok: true, value: " 王 & 𠮷 " });
  assert.equal(parsed("text", "𠮷".repeat(50), { maxLength: 50 }).ok, true, "length counts code points");
  assert.equal(parsed("text", "𠮷".repeat(51), { maxLength: 50 }).ok, false);
  assert.equal(formatted("text", "a\u0001").ok, false);
  assert.equal(formatted("text", "x".repeat(201)).ok, false, "default text maximum 200");
  assert.equal(formatted("code", "x".repeat(65)).ok, false, "default code maximum 64");
});

test("defaults: empty strings, zero bigint, zero per-mille", () => {
  assert.equal(defaultLeafValue("text"), "");
  assert.equal(defaultLeafValue("time"), "");
  assert.equal(defaultLeafValue("amount"), 0n);
  assert.equal(defaultLeafValue("permille"), 0);
});
