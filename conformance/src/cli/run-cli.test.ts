import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createDialectRegistry } from "@tongxing/dialects";
import { ClaimKind } from "@tongxing/proto";
import { scriptedClaim } from "../kit/scripted-claims.js";
import { ADJUDICATOR_CASES } from "../kit/adjudicator-cases.js";
import { selectCases } from "../kit/run-cases.js";
import { parseCli } from "./parse-cli.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tongxing-conformance-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const nhsa = createDialectRegistry().get("nhsa-json");
function nhsaFile(name: string, change: (json: Record<string, unknown>) => void = () => {}): string {
  const json = JSON.parse(Buffer.from(nhsa.encodeClaim?.(scriptedClaim({ kind: ClaimKind.OUTPATIENT, serial: 1 })) ?? []).toString("utf8"));
  change(json);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(json));
  return path;
}

test("validate: a valid message passes (exit 0) and the four report files are written", async () => {
  const reports = join(dir, "ok");
  const r = await cli("validate", "--dialect", "nhsa-json", "--report-dir", reports, nhsaFile("ok.json"));
  assert.equal(r.code, 0, r.out + r.err);
  const report = JSON.parse(readFileSync(join(reports, "report.json"), "utf8"));
  assert.equal(report.summary.passed, 1);
  assert.match(readFileSync(join(reports, "report.junit.xml"), "utf8"), /<testcase classname="tongxing-conformance.validate" name="ok.json"/);
  assert.match(readFileSync(join(reports, "report.html"), "utf8"), /conformant/);
  assert.match(readFileSync(join(reports, "transcript.jsonl"), "utf8"), /"direction":"platform->kit"/);
});

test("validate: every violation is named by field (code table, required field, I1), exit 1", async () => {
  const bad = nhsaFile("bad.json", (j) => {
    const input = j["input"] as { data: Record<string, unknown> };
    const data = input.data;
    data["insutype"] = "999";
    delete data["psn_no"];
  });
  const amounts = nhsaFile("amounts.json", (j) => {
    const data = (j["input"] as { data: Record<string, unknown> }).data;
    data["medfee_sumamt"] = "1281.00";
  });
  const reports = join(dir, "bad");
  const r = await cli("validate", "--dialect", "nhsa-json", "--report-dir", reports, bad, amounts);
  assert.equal(r.code, 1, r.out + r.err);
  const report = JSON.parse(readFileSync(join(reports, "report.json"), "utf8"));
  const whys = (id: string) => report.cases.find((c: { id: string }) => c.id === id).failures.map((f: { requirement: string; why: string }) => `${f.requirement} ${f.why}`).join("\n");
  assert.match(whys("bad.json"), /SUB-01 .*insutype/);
  assert.match(whys("bad.json"), /SUB-01 .*psn_no/);
  assert.match(whys("amounts.json"), /SUB-02 totals.medfee_sumamt: 128100 fen/);
  assert.match(readFileSync(join(reports, "report.junit.xml"), "utf8"), /<failure type="SUB-01"/);
  assert.match(readFileSync(join(reports, "report.html"), "utf8"), /not conformant/);
});

test("usage errors exit 2: unknown mode, no TLS choice, unknown case, unknown dialect", async () => {
  assert.equal((await cli("frobnicate")).code, 2);
  const noTls = await cli("adjudicator");
  assert.equal(noTls.code, 2);
  assert.match(noTls.err, /--insecure/);
  assert.equal((await cli("adjudicator", "--insecure", "--case", "no-such-case")).code, 2);
  assert.equal((await cli("validate", "--dialect", "klingon", nhsaFile("k.json"))).code, 2);
  assert.equal((await cli("adjudicator", "--insecure", "--ca", "x")).code, 2);
});

test("a platform that never connects exits 3", async () => {
  const r = await cli("adjudicator", "--insecure", "--listen", "127.0.0.1:0", "--connect-wait-ms", "200", "--report-dir", join(dir, "never"));
  assert.equal(r.code, 3);
  assert.match(r.err, /never connected/);
  const s = await cli("submitter", "--insecure", "--listen", "127.0.0.1:0", "--connect-wait-ms", "200", "--report-dir", join(dir, "never2"));
  assert.equal(s.code, 3);
});

test("--case and --requirement select cases; --list shows each case with its requirements", async () => {
  const byRequirement = parseCli(["adjudicator", "--insecure", "--requirement", "LINK-02", "--case", "result-ack"]);
  assert.ok(byRequirement.mode === "adjudicator");
  assert.deepEqual(selectCases(ADJUDICATOR_CASES, byRequirement.selection).map((c) => c.id), ["stream-reset-mid-claim", "oversized-frame", "result-ack"]);
  const r = await cli("adjudicator", "--list");
  assert.match(r.out, /same-claim-twice\s+ADJ-09/);
});

test("the bin runs as an installed command would", () => {
  const bin = fileURLToPath(new URL("../../bin/tongxing-conformance.mjs", import.meta.url));
  const r = spawnSync(process.execPath, [bin, "validate", "--dialect", "nhsa-json", "--report-dir", join(dir, "bin"), nhsaFile("bin.json")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /1\/1 cases passed/);
});
