import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { DEFAULT_RULES } from "./catalogue.js";
import { renderRuleCatalogue } from "./render-catalogue.js";

test("docs/audit-rules.md is the rendered catalogue (run npm run docs:rules after changing a rule)", () => {
  const doc = readFileSync(new URL("../../../../docs/audit-rules.md", import.meta.url), "utf8");
  assert.equal(doc, renderRuleCatalogue(DEFAULT_RULES));
  for (const rule of DEFAULT_RULES) assert.ok(doc.includes(`| ${rule.id} |`), rule.id);
});
