import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { createDialectRegistry } from "@tongxing/dialects";
import { CaseStatus, type CaseOutcome } from "./case-outcome.js";
import type { KitReport } from "./kit-report.js";
import { loadRequirements } from "./requirement-table.js";
import { FrameDirection, Transcript } from "./transcript.js";
import { validateMessage } from "./validate-message.js";

/** Validates each file as one message of `dialectName`, offline: one case per file. */
export function runValidate(dialectName: string, files: readonly string[], progress: (line: string) => void = () => {}): KitReport {
  const dialect = createDialectRegistry().get(dialectName);
  const transcript = new Transcript();
  const startedAt = new Date().toISOString();
  const cases: CaseOutcome[] = files.map((file, i) => {
    const started = performance.now();
    const bytes = readFileSync(file);
    transcript.caseId = basename(file);
    transcript.add(FrameDirection.PLATFORM_TO_KIT, dialectName, { file, bytes: bytes.length });
    const verdict = validateMessage(dialect, bytes);
    const outcome: CaseOutcome = {
      id: basename(file),
      title: `${file} as ${dialectName}`,
      requirements: ["SUB-01", "SUB-02"],
      status: verdict.failures.length === 0 ? CaseStatus.PASSED : CaseStatus.FAILED,
      failures: verdict.failures,
      sent: [],
      received: [`${file} (${bytes.length} bytes)${verdict.msgid === undefined ? "" : `, msgid ${verdict.msgid}`}`],
      durationMs: Math.round(performance.now() - started),
    };
    progress(`[${i + 1}/${files.length}] ${outcome.status === CaseStatus.PASSED ? "PASS" : "FAIL"} ${file}`);
    for (const f of outcome.failures) progress(`      ${f.requirement}: ${f.why}`);
    return outcome;
  });
  const requirements = loadRequirements().filter((r) => r.id === "SUB-01" || r.id === "SUB-02");
  return { mode: "validate", target: files.join(" "), startedAt, finishedAt: new Date().toISOString(), cases, requirements, transcript: transcript.entries };
}
