// Writes docs/audit-rules.md from the rule catalogue: `npm run docs:rules`.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEFAULT_RULES } from "./catalogue.js";
import { renderRuleCatalogue } from "./render-catalogue.js";

const target = fileURLToPath(new URL("../../../../docs/audit-rules.md", import.meta.url));
writeFileSync(target, renderRuleCatalogue(DEFAULT_RULES));
console.log(`wrote ${target}`);
