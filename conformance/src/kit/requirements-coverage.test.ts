import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { caseCatalogue, casesVerifying } from "./case-catalogue.js";
import { loadRequirements } from "./requirement-table.js";
import { renderRequirementsMarkdown, REQUIREMENTS_BEGIN, REQUIREMENTS_END } from "./requirements-markdown.js";

const requirements = loadRequirements();

test("every SHALL requirement is verified by at least one case", () => {
  const uncovered = requirements.filter((r) => r.level === "SHALL" && casesVerifying(r.id).length === 0).map((r) => r.id);
  assert.deepEqual(uncovered, []);
});

test("every requirement a case names is in the table, and ids are unique and stable in form", () => {
  const ids = requirements.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, "duplicate requirement id");
  for (const id of ids) assert.match(id, /^[A-Z]{2,4}-\d{2}$/);
  for (const c of caseCatalogue()) for (const r of c.requirements) assert.ok(ids.includes(r), `${c.id} names ${r}, not in requirements.csv`);
});

test("each requirement states where it comes from: a dialect specification or docs/integrators.md section that exists", () => {
  const root = new URL("../../../", import.meta.url);
  for (const r of requirements) {
    const [file, anchor] = r.source.split("#");
    const text = readFileSync(new URL(file as string, root), "utf8");
    if (anchor !== undefined) assert.ok(text.includes(`<a id="${anchor}"></a>`), `${r.id}: ${r.source} has no anchor ${anchor}`);
  }
});

test("docs/integrators.md carries the table as generated from the CSV", () => {
  const doc = readFileSync(new URL("../../../docs/integrators.md", import.meta.url), "utf8");
  const start = doc.indexOf(REQUIREMENTS_BEGIN);
  const end = doc.indexOf(REQUIREMENTS_END);
  assert.ok(start >= 0 && end > start, "generated block markers");
  assert.equal(doc.slice(start, end + REQUIREMENTS_END.length), renderRequirementsMarkdown(requirements, casesVerifying));
});
