#!/usr/bin/env node
// Runs the whole suite: type check, proto lint, then every *.test.ts with Node's test runner
// (through tsx). Arguments filter test files by substring: `npm test -- nhsa` runs matching ones.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const ROOTS = ["packages", "services", "testkit", "loadtest", "conformance", "test"];
const SKIP = new Set(["node_modules", ".git", ".data", "gen"]);

function findTests(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out; // a root that does not exist yet holds no tests
  }
  for (const e of entries) {
    if (SKIP.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) findTests(p, out);
    else if (e.name.endsWith(".test.ts")) out.push(relative(root, p));
  }
  return out;
}

function step(title, cmd, args) {
  console.log(`\n== ${title}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`== ${title} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

const filters = process.argv.slice(2);
const files = ROOTS.flatMap((r) => findTests(join(root, r), []))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}
if (filters.length === 0) {
  step("type check", "npx", ["--no-install", "tsc", "-p", "tsconfig.json"]);
  step("proto lint", "npx", ["--no-install", "buf", "lint"]);
}
const concurrency = process.env.TEST_CONCURRENCY ?? "2";
step(`tests (${files.length} files)`, process.execPath, [
  "--import",
  "tsx",
  "--test",
  `--test-concurrency=${concurrency}`,
  "--test-reporter=spec",
  ...files,
]);
