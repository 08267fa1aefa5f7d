import { summaryOf, type KitReport } from "../kit/kit-report.js";
import { escapeMarkup } from "./escape-markup.js";

/** JUnit XML for CI: one testsuite per run, one testcase per case, a failure per broken requirement. */
export function renderJunitReport(report: KitReport): string {
  const s = summaryOf(report);
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = report.cases.reduce((sum, c) => sum + c.durationMs, 0);
  const cases = report.cases.map((c) => {
    const failures = c.failures
      .map((f) => `      <failure type="${escapeMarkup(f.requirement)}" message="${escapeMarkup(`${f.requirement}: ${f.why}`)}">${escapeMarkup(f.why)}</failure>\n`)
      .join("");
    const props = `      <properties><property name="requirements" value="${escapeMarkup(c.requirements.join(" "))}"/></properties>\n`;
    return `    <testcase classname="tongxing-conformance.${escapeMarkup(report.mode)}" name="${escapeMarkup(c.id)}" time="${seconds(c.durationMs)}">\n${props}${failures}    </testcase>\n`;
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="tongxing-conformance" tests="${s.total}" failures="${s.failed}" time="${seconds(total)}">\n` +
    `  <testsuite name="${escapeMarkup(report.mode)}" tests="${s.total}" failures="${s.failed}" errors="0" timestamp="${escapeMarkup(report.startedAt)}" time="${seconds(total)}">\n` +
    cases.join("") +
    "  </testsuite>\n</testsuites>\n"
  );
}
