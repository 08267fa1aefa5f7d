import assert from "node:assert/strict";
import { test } from "node:test";
import { XML_ESB_MAPPING } from "./mapping.js";
import { readPayloadText } from "./payload-guard.js";

const LIMITS = XML_ESB_MAPPING.limits;
const bytes = (text: string) => new TextEncoder().encode(text);
const problemOf = (payload: Uint8Array) => {
  const read = readPayloadText(payload, LIMITS);
  return read.ok ? undefined : read.problem;
};

test("readPayloadText passes UTF-8 with or without declaration and BOM", () => {
  assert.deepEqual(readPayloadText(bytes("<a>王</a>"), LIMITS), { ok: true, text: "<a>王</a>" });
  assert.deepEqual(readPayloadText(Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes("<a/>")]), LIMITS), { ok: true, text: "<a/>" });
  assert.equal(problemOf(bytes(`<?xml version="1.0" encoding='utf-8' standalone="yes"?><a/>`)), undefined);
});

test("readPayloadText refuses empty, oversized and non-UTF-8 payloads", () => {
  assert.match(problemOf(new Uint8Array()) ?? "", /empty/);
  assert.match(problemOf(new Uint8Array(LIMITS.maxPayloadBytes + 1).fill(0x20)) ?? "", /at most 1048576/);
  assert.match(problemOf(Uint8Array.from([0x3c, 0x61, 0x3e, 0xc3, 0x28])) ?? "", /not valid UTF-8/);
  assert.match(problemOf(Uint8Array.from([0xff, 0xfe, 0x3c, 0x00])) ?? "", /UTF-16/);
});

test("readPayloadText refuses a declared encoding other than UTF-8, before decoding", () => {
  assert.match(problemOf(bytes(`<?xml version="1.0" encoding="GB18030"?><a/>`)) ?? "", /declared encoding "GB18030"/);
  const gbk = Uint8Array.from([...bytes(`<?xml version="1.0" encoding="GBK"?><a>`), 0xcd, 0xf5, ...bytes("</a>")]);
  assert.match(problemOf(gbk) ?? "", /declared encoding "GBK" is not supported/);
});

test("readPayloadText refuses any DOCTYPE or ENTITY declaration, in any case", () => {
  for (const text of ["<!DOCTYPE a><a/>", "<a><!-- <!ENTITY x 'y'> --></a>", "<!doctype a><a/>", `<a><![CDATA[<!ENTITY]]></a>`]) {
    assert.match(problemOf(bytes(text)) ?? "", /DOCTYPE and ENTITY/, text);
  }
});

test("readPayloadText refuses deep nesting before any parse", () => {
  assert.match(problemOf(bytes("<a>".repeat(100_000))) ?? "", /nested deeper than 32/);
});
