import { test } from "node:test";
import assert from "node:assert/strict";
import iconv from "iconv-lite";
import { compileMapping, recordOf, type CompiledField } from "./compiled-mapping.js";
import { decodeField } from "./field-decoder.js";
import { encodeField, type FieldWrite } from "./field-encoder.js";
import { JINBAO_LEGACY_MAPPING } from "./mapping.js";

const m = compileMapping(JINBAO_LEGACY_MAPPING);
const field = (tag: string, name: string): CompiledField => {
  const f = recordOf(m, tag).fields.find((x) => x.spec.name === name);
  assert.ok(f !== undefined, `${tag}.${name}`);
  return f;
};
const gbk = (text: string, width: number) => Buffer.concat([iconv.encode(text, "gbk"), Buffer.alloc(width - iconv.encode(text, "gbk").length, 0x20)]);
const read = (f: CompiledField, bytes: Uint8Array) => decodeField(f, bytes, "gbk");
const wire = (w: FieldWrite) => {
  assert.ok(w.ok, w.ok ? "" : w.problem);
  return Buffer.from(w.bytes).toString("latin1");
};
const problem = (r: { ok: boolean; problem?: string }) => {
  assert.equal(r.ok, false);
  return r.problem ?? "";
};

const psnName = field("S", "psn_name");
const insutype = field("S", "insutype");
const lineAmount = field("D", "det_item_fee_sumamt");
const total = field("S", "medfee_sumamt");
const cnt = field("D", "cnt");
const pric = field("D", "pric");
const begntime = field("S", "begntime");
const region = field("H", "insuplc_admdvs");

test("text: GBK bytes, right-padded; a Chinese character is 2 bytes; trailing spaces go, leading stay", () => {
  assert.deepEqual(read(psnName, gbk("王堃喆", 40)), { ok: true, value: "王堃喆" });
  assert.deepEqual(read(psnName, gbk("  李 娜", 40)), { ok: true, value: "  李 娜" });
  assert.deepEqual(read(psnName, gbk("", 40)), { ok: true, value: "" });
  const w = encodeField(psnName, "王堃喆  ", "strict", "gbk");
  assert.ok(w.ok);
  assert.equal(w.bytes.length, 40);
  assert.deepEqual(Buffer.from(w.bytes).subarray(0, 7), Buffer.from([0xcd, 0xf5, 0x88, 0xd2, 0x86, 0xb4, 0x20]));
});

test("text: a character cut by the field boundary, a lone lead byte, 0xFF or a control byte is refused", () => {
  const cutName = gbk("王", 40);
  cutName[39] = 0xcd;
  assert.match(problem(read(psnName, cutName)), /not valid GBK/);
  assert.match(problem(read(psnName, Buffer.from([0xff, ...gbk("", 39)]))), /not valid GBK/);
  assert.match(problem(read(psnName, Buffer.from([0xcd, 0x20, ...gbk("", 38)]))), /not valid GBK/);
  assert.match(problem(read(psnName, Buffer.from([0x41, 0x09, ...gbk("", 38)]))), /control byte 0x09/);
});

test("text out, strict: characters outside GBK, control characters and overlong text are refused", () => {
  assert.match(problem(encodeField(psnName, "𠮷野家", "strict", "gbk")), /𠮷, which GBK cannot encode/);
  assert.match(problem(encodeField(psnName, "a\u0007b", "strict", "gbk")), /control character/);
  assert.match(problem(encodeField(psnName, "王".repeat(21), "strict", "gbk")), /is 42 GBK bytes, the field holds 40/);
  assert.equal(wire(encodeField(psnName, "王".repeat(20), "strict", "gbk")).length, 40);
});

test("text out, lenient: ? for what GBK lacks, cut on a character boundary, each noted", () => {
  const replaced = encodeField(psnName, "𠮷\u0001王", "lenient", "gbk");
  assert.ok(replaced.ok);
  assert.deepEqual(replaced.warnings, ["REPLACED"]);
  assert.equal(iconv.decode(Buffer.from(replaced.bytes), "gbk").trimEnd(), "??王");
  const cut = encodeField(psnName, `a${"王".repeat(25)}`, "lenient", "gbk");
  assert.ok(cut.ok);
  assert.deepEqual(cut.warnings, ["CUT"]);
  // 1 + 19 × 2 = 39 bytes: a 20th 王 would need 41, so one space pads.
  assert.equal(iconv.decode(Buffer.from(cut.bytes), "gbk"), `a${"王".repeat(19)} `);
});

test("codes: visible ASCII, left-aligned; local codes ↔ national through the table", () => {
  assert.deepEqual(read(insutype, Buffer.from("05")), { ok: true, value: "390" });
  assert.match(problem(read(insutype, Buffer.from("99"))), /"99" is not a local insutype code \(01, 02/);
  assert.match(problem(read(insutype, Buffer.from("  "))), /is required/);
  assert.match(problem(read(region, Buffer.from(" 32010"))), /visible ASCII, left-aligned/);
  assert.match(problem(read(region, Buffer.from("32010A"))), /must match \\d\{6\}/);
  assert.equal(wire(encodeField(insutype, "392", "strict", "gbk")), "06");
  assert.match(problem(encodeField(insutype, "311", "strict", "gbk")), /"311" has no local insutype code/);
  assert.deepEqual(encodeField(insutype, "311", "lenient", "gbk"), { ok: true, bytes: Buffer.from("  "), warnings: ["UNMAPPED"] });
  assert.match(problem(encodeField(field("S", "psn_no"), "a b", "strict", "gbk")), /visible ASCII without spaces/);
  assert.match(problem(encodeField(field("S", "psn_no"), "", "strict", "gbk")), /is required/);
});

test("dates: yyyyMMdd ↔ 'yyyy-MM-dd 00:00:00'; blank ↔ ''; the time of day is dropped on writing", () => {
  assert.deepEqual(read(begntime, Buffer.from("20240229")), { ok: true, value: "2024-02-29 00:00:00" });
  assert.deepEqual(read(begntime, Buffer.from("        ")), { ok: true, value: "" });
  assert.match(problem(read(begntime, Buffer.from("20230229"))), /calendar date/);
  assert.match(problem(read(begntime, Buffer.from("2024031 "))), /calendar date/);
  assert.equal(wire(encodeField(begntime, "2024-03-01 09:30:00", "strict", "gbk")), "20240301");
  assert.equal(wire(encodeField(begntime, "", "strict", "gbk")), "        ");
  assert.match(problem(encodeField(begntime, "2024-03-01", "strict", "gbk")), /yyyy-MM-dd HH:mm:ss/);
  assert.deepEqual(encodeField(begntime, "2024-13-01 00:00:00", "lenient", "gbk"), { ok: true, bytes: Buffer.from("        "), warnings: ["UNFIT"] });
});

test("numbers: zero-padded, '-' first when negative, implicit decimals; never blank, never a decimal point", () => {
  assert.deepEqual(read(total, Buffer.from("000000000012050")), { ok: true, value: 12050n });
  assert.deepEqual(read(lineAmount, Buffer.from("-00000012050")), { ok: true, value: -12050n });
  assert.deepEqual(read(lineAmount, Buffer.from("-00000000000")), { ok: true, value: 0n });
  assert.deepEqual(read(cnt, Buffer.from("-000010000")), { ok: true, value: -10000n });
  assert.deepEqual(read(pric, Buffer.from("999999999999")), { ok: true, value: 999_999_999_999n });
  for (const bad of ["000000120.50", "            ", "+00000012050", "0000000-1205", "00000001205 "]) {
    assert.match(problem(read(lineAmount, Buffer.from(bad))), /must be 12 digits with 2 implied decimals/, bad);
  }
  assert.equal(wire(encodeField(lineAmount, -12050n, "strict", "gbk")), "-00000012050");
  assert.equal(wire(encodeField(total, 9_999_999_999n, "strict", "gbk")), "000009999999999");
  assert.equal(wire(encodeField(cnt, 25000n, "lenient", "gbk")), "0000025000");
  assert.match(problem(encodeField(lineAmount, -100_000_000_000n, "strict", "gbk")), /-1000000000\.00 does not fit 12 bytes \(-999999999\.99 to 9999999999\.99\)/);
  assert.match(problem(encodeField(lineAmount, 10n ** 12n, "lenient", "gbk")), /does not fit/);
  assert.match(problem(encodeField(lineAmount, "1", "strict", "gbk")), /is a string, not the value of a amount field/);
});
