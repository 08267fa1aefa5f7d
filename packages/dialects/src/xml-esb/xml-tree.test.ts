import assert from "node:assert/strict";
import { test } from "node:test";
import { parseXmlTree } from "./xml-tree.js";

test("parseXmlTree keeps names, raw attributes, children and text segments in order", () => {
  const parsed = parseXmlTree(`<?xml version="1.0"?><r a="x&amp;y"><b>1 &amp; 2</b><c><![CDATA[<&>]]>tail</c><!-- c --><d/></r>`);
  assert.ok(parsed.ok);
  const { root } = parsed;
  assert.equal(root.name, "r");
  assert.equal(root.attributes.get("a"), "x&amp;y", "references stay undecoded");
  assert.deepEqual(root.children.map((c) => c.name), ["b", "c", "d"]);
  assert.deepEqual(root.children[0]?.text, [{ raw: "1 &amp; 2", cdata: false }]);
  assert.deepEqual(root.children[1]?.text, [{ raw: "<&>", cdata: true }, { raw: "tail", cdata: false }]);
  assert.deepEqual(root.children[2]?.text, []);
});

test("parseXmlTree refuses malformed text and documents without exactly one root", () => {
  for (const bad of ["<a><b></a>", "<a/><b/>", "", "text", "<a x='1' x='2'/>", "<a b>1</a>", "<1a/>", "<a>1</a>x", "<constructor/>"]) {
    const parsed = parseXmlTree(bad);
    assert.equal(parsed.ok, false, bad);
    if (!parsed.ok) assert.ok(parsed.problem.length > 0);
  }
});

test("parseXmlTree never expands entities: an undeclared reference stays as written", () => {
  const parsed = parseXmlTree("<a>&xxe;&#x20BB7;</a>");
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.root.text, [{ raw: "&xxe;&#x20BB7;", cdata: false }]);
});
