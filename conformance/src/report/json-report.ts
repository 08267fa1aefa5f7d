import { brokenRequirements, exitCodeOf, summaryOf, type KitReport } from "../kit/kit-report.js";

/** The machine-readable report: summary, broken requirements, each case (the transcript is its own file). */
export function renderJsonReport(report: KitReport): string {
  const { transcript: _transcript, ...rest } = report;
  return `${JSON.stringify({ ...rest, summary: { ...summaryOf(report), exitCode: exitCodeOf(report), broken: brokenRequirements(report) } }, null, 2)}\n`;
}
