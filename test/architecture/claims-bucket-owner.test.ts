// The claims bucket has one owner: only packages/claim-store names it or its index keys. The
// topology module defines those wire names and ensure-topology creates the bucket; nothing else
// may reach the records around the store (its checks, chain hook and indexes would be skipped).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const ROOTS = ["packages", "services", "testkit", "loadtest", "conformance", "scripts", "test"];
const SKIP = new Set(["node_modules", ".git", ".data", "gen"]);
const OWNER = "packages/claim-store/";
/**
 * Where the wire names are defined, the bucket created and access to it granted (the NATS users'
 * permissions), and where those permissions are probed against a server: allowed to name them,
 * nothing more.
 */
const TOPOLOGY = new Set(["packages/nats/src/topology.ts", "packages/nats/src/ensure-topology.ts", "packages/nats/src/mod.ts", "packages/nats/src/service-permissions.ts", "test/security/nats-permissions.test.ts"]);
/** This file spells the patterns it looks for. */
const SELF = "test/architecture/claims-bucket-owner.test.ts";

/** Ways code reaches the claims bucket: its wire-name constant, its stream or subjects, its index keys. */
const TOUCHES: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: "the claims bucket's name", pattern: /\bBuckets\.CLAIMS\b/ },
  { what: "the claims bucket's stream or subjects", pattern: /KV_claims\b|\$KV\.claims\b/ },
  { what: "a claims index key", pattern: /\b(settlementIndexKey|encounterIndexKey|msgidIndexKey|heldIndexKey)\b/ },
  { what: "a claims bucket opened by its literal name", pattern: /\.(open|create)\(\s*["'`]claims["'`]/ },
];

function sourceFiles(dir: string, out: string[]): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (SKIP.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (/\.(ts|mts|mjs|js)$/.test(e.name)) out.push(relative(root, p));
  }
  return out;
}

/** "file:line what" for each line of `file` that touches the bucket. */
function touchesIn(file: string): string[] {
  const lines = readFileSync(join(root, file), "utf8").split("\n");
  return lines.flatMap((line, i) => TOUCHES.filter((t) => t.pattern.test(line)).map((t) => `${file}:${i + 1} ${t.what}`));
}

const files = ROOTS.flatMap((r) => sourceFiles(join(root, r), []));

test("the scan sees the store's own use of the bucket (it would see anyone else's)", () => {
  assert.ok(files.length > 300, `only ${files.length} files scanned`);
  const own = files.filter((f) => f.startsWith(OWNER)).flatMap(touchesIn);
  for (const what of ["the claims bucket's name", "a claims index key"]) {
    assert.ok(own.some((t) => t.endsWith(what)), `the store's ${what} not found: the patterns are broken`);
  }
});

test("no file outside packages/claim-store touches the claims bucket", () => {
  const outside = files.filter((f) => !f.startsWith(OWNER) && !TOPOLOGY.has(f) && f !== SELF).flatMap(touchesIn);
  assert.deepEqual(outside, []);
});

test("ensure-topology names the bucket only to create it", () => {
  const lines = readFileSync(join(root, "packages/nats/src/ensure-topology.ts"), "utf8").split("\n");
  const naming = lines.filter((line) => TOUCHES.some((t) => t.pattern.test(line)));
  assert.ok(naming.length > 0, "ensure-topology creates the claims bucket");
  assert.deepEqual(naming.filter((line) => !/kvm\.create\(Buckets\.CLAIMS\b/.test(line)), []);
});
