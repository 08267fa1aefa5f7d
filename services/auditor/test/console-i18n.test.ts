// The console's texts: Chinese and English have the same keys and placeholders, and every key the
// pages use — literal t("…") calls, data-i18n attributes, and the families built from values
// (outcomes, roles, link states, reconciliation states and sides) — exists in both languages.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const UI = fileURLToPath(new URL("../console-ui/", import.meta.url));
type Messages = Record<"zh" | "en", Record<string, string>>;

async function uiSources(dir = UI): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...(await uiSources(join(dir, e.name))));
    else if (/\.(js|html)$/.test(e.name) && e.name !== "messages.js") out.push(await readFile(join(dir, e.name), "utf8"));
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("no missing key in either language, and no key used by the pages is missing", async () => {
  const { messages } = (await import(new URL("../console-ui/messages.js", import.meta.url).href)) as { messages: Messages };
  const zh = Object.keys(messages.zh).sort();
  const en = Object.keys(messages.en).sort();
  assert.deepEqual(zh.filter((k) => !en.includes(k)), [], "keys only in Chinese");
  assert.deepEqual(en.filter((k) => !zh.includes(k)), [], "keys only in English");
  for (const key of zh) {
    assert.ok((messages.zh[key] ?? "").trim() !== "" && (messages.en[key] ?? "").trim() !== "", `${key} is empty`);
    assert.deepEqual(placeholders(messages.zh[key] ?? ""), placeholders(messages.en[key] ?? ""), `${key}: placeholders differ`);
  }
  const used = new Set<string>();
  for (const source of await uiSources()) {
    for (const m of source.matchAll(/\bt\("([\w.]+)"/g)) used.add(m[1] ?? "");
    for (const m of source.matchAll(/data-i18n="([\w.]+)"/g)) used.add(m[1] ?? "");
  }
  assert.ok(used.size > 40, `found ${used.size} keys in the pages`);
  for (const o of ["SETTLED", "REJECTED", "HELD"]) used.add(`outcome.${o}`);
  for (const r of ["viewer", "reviewer", "inspector", "auditor"]) used.add(`role.${r}`);
  for (const l of ["up", "down", "unknown"]) used.add(`overview.link.${l}`);
  for (const r of ["matched", "mismatched", "not-yet"]) used.add(`recon.status.${r}`);
  for (const side of ["treatment", "insured"]) used.add(`recon.side.${side}`);
  for (const part of ["claim", "adjudication", "verdict", "refusal", "review"]) used.add(`claim.part.${part}`);
  for (const f of ["status", "treated", "insured", "institution", "rule", "min_fen", "max_fen", "from", "to"]) used.add(`claims.f.${f}`);
  const missing = [...used].filter((k) => messages.zh[k] === undefined || messages.en[k] === undefined);
  assert.deepEqual(missing, []);
  assert.ok(/[\u4e00-\u9fff]/.test(messages.zh["app.title"] ?? ""), "Chinese is Chinese");
});
