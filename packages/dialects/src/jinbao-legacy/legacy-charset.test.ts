import { test } from "node:test";
import assert from "node:assert/strict";
import { cutToBytes, decodeCharset, encodeCharset, unencodableChars } from "./legacy-charset.js";

test("every one of GBK's 23,940 double-byte codes decodes, and re-encodes to itself except the two duplicates", () => {
  let decoded = 0;
  const moved: string[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const bytes = Uint8Array.of(lead, trail);
      const text = decodeCharset(bytes, "gbk");
      assert.ok(text !== undefined && [...text].length === 1, `${lead.toString(16)}${trail.toString(16)}`);
      decoded += 1;
      if (!Buffer.from(encodeCharset(text, "gbk")).equals(bytes)) moved.push(Buffer.from(bytes).toString("hex"));
    }
  }
  assert.equal(decoded, 23_940);
  assert.deepEqual(moved, ["a2e3", "a3a0"]);
});

test("rare name characters (生僻字) are GBK: 堃 喆 犇 镕 䶮 垚 燚 and the user-defined area", () => {
  const rare: [string, string][] = [["堃", "88d2"], ["喆", "86b4"], ["犇", "a0c4"], ["镕", "e946"], ["䶮", "fe9f"], ["垚", "8890"], ["燚", "a044"], ["\uE000", "aaa1"]];
  for (const [char, hex] of rare) {
    assert.equal(Buffer.from(encodeCharset(char, "gbk")).toString("hex"), hex, char);
    assert.equal(decodeCharset(Buffer.from(hex, "hex"), "gbk"), char);
  }
  assert.deepEqual(unencodableChars("王堃喆犇镕䶮", "gbk"), []);
});

test("invalid bytes are undefined, not replaced: a lone lead byte, 0xFF, a lead byte before a non-trail byte", () => {
  for (const hex of ["81", "ff", "cd20", "8130", "41cd"]) assert.equal(decodeCharset(Buffer.from(hex, "hex"), "gbk"), undefined, hex);
  assert.equal(decodeCharset(Buffer.from("80", "hex"), "gbk"), "€");
});

test("characters GBK lacks are found one by one: 𠮷 (GB 18030 four-byte only), U+FFFD, a lone surrogate", () => {
  assert.deepEqual(unencodableChars("吉𠮷野家\uFFFD\uD800", "gbk"), ["𠮷", "\uFFFD", "\uD800"]);
  assert.deepEqual(unencodableChars("𠮷", "gb18030"), []);
});

test("cutting to a byte count never splits a character", () => {
  assert.equal(cutToBytes("王堃喆", 5, "gbk"), "王堃");
  assert.equal(cutToBytes("a王b", 2, "gbk"), "a");
  assert.equal(cutToBytes("a王b", 3, "gbk"), "a王");
  assert.equal(cutToBytes("", 3, "gbk"), "");
});
