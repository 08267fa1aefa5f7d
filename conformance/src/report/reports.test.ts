import assert from "node:assert/strict";
import { test } from "node:test";
import { CaseStatus, type CaseOutcome } from "../kit/case-outcome.js";
import { ExitCode, exitCodeOf, type KitReport } from "../kit/kit-report.js";
import { loadRequirements } from "../kit/requirement-table.js";
import { renderHtmlReport } from "./html-report.js";
import { renderJsonReport } from "./json-report.js";
import { renderJunitReport } from "./junit-report.js";

function outcome(id: string, failures: { requirement: string; why: string }[]): CaseOutcome {
  return { id, title: id, requirements: ["SUB-01", "SUB-06"], status: failures.length === 0 ? CaseStatus.PASSED : CaseStatus.FAILED, failures, sent: ["<sent>"], received: [], durationMs: 5 };
}

function report(cases: CaseOutcome[]): KitReport {
  return { mode: "submitter", target: "127.0.0.1:1", startedAt: "t0", finishedAt: "t1", cases, requirements: loadRequirements(), transcript: [{ at: "t", caseId: "a", direction: "platform->kit", kind: "SettleClaim", frame: { x: "<script>" } }] };
}

test("a SHOULD failure is reported but the exit code stays 0; a SHALL failure makes it 1", () => {
  assert.equal(exitCodeOf(report([outcome("a", [{ requirement: "SUB-06", why: "no request" }])])), ExitCode.PASSED);
  assert.equal(exitCodeOf(report([outcome("a", [{ requirement: "SUB-01", why: "x" }])])), ExitCode.FAILED);
});

test("JUnit, HTML and JSON carry each failure with its requirement, escaped", () => {
  const r = report([outcome("a", [{ requirement: "SUB-01", why: `person.psn_name: <&"'> bad` }]), outcome("b", [])]);
  const junit = renderJunitReport(r);
  assert.match(junit, /<testsuite name="submitter" tests="2" failures="1"/);
  assert.match(junit, /<failure type="SUB-01" message="SUB-01: person.psn_name: &#60;&#38;&#34;&#39;&#62; bad">/);
  const html = renderHtmlReport(r);
  assert.ok(!html.includes("<script>"), "frames are escaped");
  assert.ok(html.indexOf('id="a"') < html.indexOf('id="b"'), "failed cases first");
  assert.match(html, /not conformant/);
  assert.match(html, /&lt;|&#60;/);
  const json = JSON.parse(renderJsonReport(r));
  assert.deepEqual(json.summary.broken, [{ id: "SUB-01", level: "SHALL" }]);
  assert.equal(json.summary.exitCode, 1);
  assert.equal(json.transcript, undefined);
});
