import { brokenRequirements, exitCodeOf, summaryOf, type KitReport } from "../kit/kit-report.js";
import type { CaseOutcome } from "../kit/case-outcome.js";
import { escapeMarkup as e } from "./escape-markup.js";

const STYLE = `
body{font:14px/1.45 system-ui,"Noto Sans CJK SC",sans-serif;margin:2em auto;max-width:70em;color:#1b1f24;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}.meta{color:#57606a}
.summary{display:flex;gap:1em;margin:1em 0}.tile{border-radius:8px;padding:.7em 1.2em;background:#f6f8fa;border:1px solid #d0d7de}
.tile b{display:block;font-size:1.6em}.pass{color:#1a7f37}.fail{color:#cf222e}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border-bottom:1px solid #d0d7de;padding:.35em .5em;text-align:left;vertical-align:top}
section.case{border:1px solid #d0d7de;border-radius:8px;margin:1em 0;padding:.6em 1em}section.case.failed{border-color:#cf222e;background:#fff8f8}
h2{font-size:1.1em;margin:.2em 0}.badge{font-weight:600;border-radius:4px;padding:0 .4em;margin-right:.5em}
.badge.pass{background:#dafbe1}.badge.fail{background:#ffebe9}code,pre{font-family:ui-monospace,monospace;font-size:12px}
pre{background:#f6f8fa;padding:.5em;overflow-x:auto;max-height:20em}.why{color:#cf222e}ul{margin:.2em 0}
`;

function list(title: string, items: readonly string[]): string {
  if (items.length === 0) return "";
  return `<div><b>${e(title)}</b><ul>${items.map((i) => `<li><code>${e(i)}</code></li>`).join("")}</ul></div>`;
}

function caseSection(report: KitReport, c: CaseOutcome): string {
  const texts = new Map(report.requirements.map((r) => [r.id, r]));
  const passed = c.status === "passed";
  const failures = c.failures.length === 0 ? "" : `<table><tr><th>requirement</th><th>what it says</th><th>why it failed</th></tr>${c.failures
    .map((f) => `<tr><td><b>${e(f.requirement)}</b> ${e(texts.get(f.requirement)?.level ?? "")}</td><td>${e(texts.get(f.requirement)?.text ?? "")}</td><td class="why">${e(f.why)}</td></tr>`)
    .join("")}</table>`;
  const frames = report.transcript.filter((t) => t.caseId === c.id);
  const transcript = frames.length === 0 ? "" : `<details><summary>${frames.length} frames</summary><pre>${e(frames.map((f) => `${f.at} ${f.direction} ${f.kind} ${JSON.stringify(f.frame)}`).join("\n"))}</pre></details>`;
  return `<section class="case ${passed ? "passed" : "failed"}" id="${e(c.id)}"><h2><span class="badge ${passed ? "pass" : "fail"}">${passed ? "PASS" : "FAIL"}</span>${e(c.id)}</h2>
<div class="meta">${e(c.title)} · verifies ${e(c.requirements.join(", "))} · ${c.durationMs} ms</div>${failures}${list("sent", c.sent)}${list("received", c.received)}${transcript}</section>`;
}

/**
 * One self-contained HTML file: summary first, then each case (failed ones first) with what was
 * sent and received, which requirement failed and why, and its frames.
 */
export function renderHtmlReport(report: KitReport): string {
  const s = summaryOf(report);
  const broken = brokenRequirements(report);
  const verdict = exitCodeOf(report) === 0 ? `<span class="pass">conformant</span>` : `<span class="fail">not conformant</span>`;
  const rows = report.cases
    .map((c) => `<tr><td><a href="#${e(c.id)}">${e(c.id)}</a></td><td class="${c.status === "passed" ? "pass" : "fail"}">${c.status}</td><td>${e(c.requirements.join(", "))}</td><td>${e([...new Set(c.failures.map((f) => f.requirement))].join(", "))}</td></tr>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tongxing conformance: ${e(report.mode)}</title><style>${STYLE}</style></head><body>
<h1>Tongxing conformance report: ${e(report.mode)} — ${verdict}</h1>
<div class="meta">target ${e(report.target)} · ${e(report.startedAt)} → ${e(report.finishedAt)}</div>
<div class="summary"><div class="tile"><b>${s.total}</b>cases</div><div class="tile pass"><b>${s.passed}</b>passed</div><div class="tile fail"><b>${s.failed}</b>failed</div><div class="tile"><b>${broken.length}</b>requirements broken${broken.length === 0 ? "" : `: ${e(broken.map((b) => `${b.id} (${b.level})`).join(", "))}`}</div></div>
<table><tr><th>case</th><th>status</th><th>verifies</th><th>failed</th></tr>${rows}</table>
${[...report.cases.filter((c) => c.status !== "passed"), ...report.cases.filter((c) => c.status === "passed")].map((c) => caseSection(report, c)).join("\n")}
</body></html>
`;
}
