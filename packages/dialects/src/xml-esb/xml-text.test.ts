import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeXmlReferences, escapeXmlAttribute, escapeXmlText, isXmlSpace, isXmlText, sanitizeXmlText, trimXmlSpace } from "./xml-text.js";

test("escapeXmlText escapes &, <, > and CR only", () => {
  assert.equal(escapeXmlText(`a&b<c>d"e'f\r\ng\t`), `a&amp;b&lt;c&gt;d"e'f&#13;\ng\t`);
  assert.equal(escapeXmlText("]]>"), "]]&gt;");
  assert.equal(escapeXmlAttribute('1"\t\n'), "1&quot;&#9;&#10;");
});

test("decodeXmlReferences decodes the predefined entities and character references", () => {
  assert.deepEqual(decodeXmlReferences("&lt;&gt;&amp;&quot;&apos;"), { ok: true, text: `<>&"'` });
  assert.deepEqual(decodeXmlReferences("&#x20BB7;&#19998;&#x4dae;&#13;"), { ok: true, text: "𠮷丞䶮\r" });
  assert.deepEqual(decodeXmlReferences("no references"), { ok: true, text: "no references" });
});

test("decodeXmlReferences refuses undeclared entities, bare ampersands and forbidden characters", () => {
  for (const raw of ["&nbsp;", "&xxe;", "a & b", "&", "&#;", "&#x;", "&#0;", "&#1;", "&#xD800;", "&#xFFFE;", "&#x110000;", "&#99999999;", "a\u0001b", "&#x20BB7"]) {
    const decoded = decodeXmlReferences(raw);
    assert.equal(decoded.ok, false, raw);
  }
});

test("isXmlText and sanitizeXmlText agree on the XML 1.0 character set", () => {
  assert.equal(isXmlText("王\t\n\r 𠮷\uFFFD"), true);
  for (const bad of ["\u0000", "\u0008", "\u000B", "\uD800", "x\uDC00", "\uFFFE", "\uFFFF"]) {
    assert.equal(isXmlText(bad), false, JSON.stringify(bad));
    assert.equal(isXmlText(sanitizeXmlText(bad)), true);
  }
  assert.equal(sanitizeXmlText("a\u0001b"), "a\uFFFDb");
});

test("trimXmlSpace and isXmlSpace use XML white space only", () => {
  assert.equal(trimXmlSpace(" \t\r\n12.30\n "), "12.30");
  assert.equal(trimXmlSpace("\u300012.30"), "\u300012.30");
  assert.equal(isXmlSpace(" \n\t\r"), true);
  assert.equal(isXmlSpace("\u00a0"), false);
});
