import assert from "node:assert/strict";
import { test } from "node:test";
import { scanNesting } from "./nesting-scan.js";

/** This process's CPU time in ms. The limits below guard against inputs that make a decoder
 * pathologically slow; CPU time, unlike wall time, is not stretched by other work on a busy box. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1_000;
};

const LIMITS = { maxDepth: 32, maxElements: 1_000, maxTextLength: 4_096 };

test("scanNesting accepts nesting up to the limit and refuses one level more", () => {
  assert.equal(scanNesting(`${"<a>".repeat(32)}${"</a>".repeat(32)}`, LIMITS), undefined);
  assert.match(scanNesting(`${"<a>".repeat(33)}${"</a>".repeat(33)}`, LIMITS) ?? "", /nested deeper than 32/);
});

test("scanNesting counts siblings, self-closing tags and declarations correctly", () => {
  const siblings = `<?xml version="1.0"?><r>${"<b>1</b><c/>".repeat(100)}<!-- <x><x><x> --><![CDATA[<y><y>]]><d a="<>" b='/>'></d></r>`;
  assert.equal(scanNesting(siblings, { ...LIMITS, maxDepth: 2 }), undefined);
  assert.match(scanNesting(`<r>${"<c/>".repeat(1_001)}</r>`, LIMITS) ?? "", /more than 1000 elements/);
});

test("scanNesting refuses 100,000 nested elements at once, in linear time", () => {
  const bomb = "<a>".repeat(100_000);
  const started = cpuNow();
  assert.match(scanNesting(bomb, LIMITS) ?? "", /nested deeper/);
  assert.ok(cpuNow() - started < 50);
});

test("scanNesting bounds text runs, CDATA sections, comments and tags", () => {
  const ok = `<r>${"x".repeat(4_096)}<![CDATA[${"y".repeat(4_000)}]]><!--${"z".repeat(4_000)}--><a b="${"v".repeat(8_000)}"/></r>`;
  assert.equal(scanNesting(ok, LIMITS), undefined);
  for (const bad of [`<r>${"x".repeat(4_097)}</r>`, `<r><![CDATA[${"y".repeat(9_000)}]]></r>`, `<r><!--${"z".repeat(9_000)}--></r>`, `<r><a b="${"v".repeat(9_000)}"/></r>`, `<r/>${" ".repeat(4_097)}`]) {
    assert.match(scanNesting(bad, LIMITS) ?? "", /longer than 4096/, bad.slice(0, 20));
  }
});

test("scanNesting stays linear and refuses unterminated constructs that run too long", () => {
  for (const text of ["<a b=\"" + "<".repeat(200_000), "<!--" + "-".repeat(200_000), "<![CDATA[" + "]".repeat(200_000), "<?" + "?".repeat(200_000), "<" + "<".repeat(200_000)]) {
    const started = cpuNow();
    assert.match(scanNesting(text, { ...LIMITS, maxElements: 1_000_000 }) ?? "", /longer than 4096|nested deeper/);
    assert.ok(cpuNow() - started < 50, text.slice(0, 12));
  }
});
