// The golden vectors are the contract, and their generators are how they change: each generator
// run into a temporary folder must give back the committed vectors byte for byte, so a hand edit
// or a generator that drifted is caught here (not months later, when someone regenerates).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { VECTORS_ROOT } from "./golden-vectors.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

for (const [dialect, script] of [["nhsa-json", "generate-nhsa-json-vectors.ts"], ["fhir-r4", "generate-fhir-r4-vectors.ts"]] as const) {
  test(`conformance/scripts/${script} reproduces conformance/vectors/${dialect} byte for byte`, () => {
    const out = join(mkdtempSync(join(tmpdir(), `vectors-${dialect}-`)), dialect);
    const r = spawnSync(process.execPath, ["--import", "tsx", join("conformance/scripts", script), "--out", out], { cwd: REPO, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const committed = join(VECTORS_ROOT, dialect);
    const want = files(committed).map((f) => relative(committed, f)).sort();
    const got = files(out).map((f) => relative(out, f)).sort();
    assert.deepEqual(got, want, "the same files");
    const differing = want.filter((f) => !readFileSync(join(out, f)).equals(readFileSync(join(committed, f))));
    assert.deepEqual(differing, [], "files whose bytes differ from the generator's");
  });
}
