import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";

// The public schema (proto/tongxing/v1) stays wire-compatible with the published image
// (conformance/published/tongxing-v1.binpb, `buf build --path proto/tongxing/v1`): buf's FILE
// rules, as buf.yaml sets them. A deliberate incompatible change publishes a new image (and a new
// package version), see docs/integrators.md.

const root = fileURLToPath(new URL("../../../", import.meta.url));
const image = join(root, "conformance/published/tongxing-v1.binpb");
const scratch = mkdtempSync(join(tmpdir(), "tongxing-buf-breaking-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

function bufBreaking(input: string): { status: number | null; output: string } {
  const r = spawnSync("npx", ["--no-install", "buf", "breaking", input, "--against", image], { cwd: root, encoding: "utf8" });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** A copy of the module (buf.yaml and proto/) with claim.proto edited by `edit`. */
function brokenCopy(name: string, edit: (claimProto: string) => string): string {
  const dir = join(scratch, name);
  cpSync(join(root, "proto"), join(dir, "proto"), { recursive: true });
  cpSync(join(root, "buf.yaml"), join(dir, "buf.yaml"));
  const file = join(dir, "proto/tongxing/v1/claim.proto");
  const before = readFileSync(file, "utf8");
  const after = edit(before);
  assert.notEqual(after, before, "the edit changed the file");
  writeFileSync(file, after);
  return dir;
}

test("the proto in the tree is compatible with the published image", () => {
  const r = bufBreaking(".");
  assert.equal(r.status, 0, r.output);
});

test("buf breaking fails on a renumbered field", () => {
  const r = bufBreaking(brokenCopy("renumbered", (p) => p.replace("string msgid = 4;", "string msgid = 40;")));
  assert.notEqual(r.status, 0);
  assert.match(r.output, /field "4" with name "msgid" on message "Claim" was deleted/);
});

test("buf breaking fails on a removed field", () => {
  const r = bufBreaking(brokenCopy("removed", (p) => p.replace(/\n\s*string fixmedins_name = 8;/, "")));
  assert.notEqual(r.status, 0);
  assert.match(r.output, /field "8" with name "fixmedins_name" on message "Claim" was deleted/);
});
