import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KitReport } from "../kit/kit-report.js";
import { renderHtmlReport } from "./html-report.js";
import { renderJsonReport } from "./json-report.js";
import { renderJunitReport } from "./junit-report.js";

/** The files a run leaves in its report directory. */
export const REPORT_FILES = { json: "report.json", junit: "report.junit.xml", html: "report.html", transcript: "transcript.jsonl" } as const;

/** Writes the JSON, JUnit XML, HTML and transcript files into `dir` (created if needed); returns their paths. */
export function writeReports(report: KitReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    [REPORT_FILES.json, renderJsonReport(report)],
    [REPORT_FILES.junit, renderJunitReport(report)],
    [REPORT_FILES.html, renderHtmlReport(report)],
    [REPORT_FILES.transcript, report.transcript.map((t) => JSON.stringify(t)).join("\n") + "\n"],
  ];
  return files.map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}
