import { CaseStatus, type CaseOutcome } from "./case-outcome.js";
import type { Requirement } from "./requirement-table.js";
import type { TranscriptEntry } from "./transcript.js";

/** Everything one kit run found: what the report files are made of. */
export interface KitReport {
  readonly mode: string;
  /** Address served (adjudicator, submitter) or files read (validate). */
  readonly target: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly cases: readonly CaseOutcome[];
  /** The requirements the cases name, from the table. */
  readonly requirements: readonly Requirement[];
  readonly transcript: readonly TranscriptEntry[];
}

/** Exit codes of the CLI. */
export const ExitCode = { PASSED: 0, FAILED: 1, USAGE: 2, NEVER_CONNECTED: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Requirement ids broken by some case, with their level. */
export function brokenRequirements(report: KitReport): { id: string; level: string }[] {
  const levels = new Map(report.requirements.map((r) => [r.id, r.level]));
  const ids = new Set(report.cases.flatMap((c) => c.failures.map((f) => f.requirement)));
  return [...ids].sort().map((id) => ({ id, level: levels.get(id) ?? "SHALL" }));
}

/** 0 when no SHALL requirement is broken (SHOULD failures are reported only), else 1. */
export function exitCodeOf(report: KitReport): ExitCode {
  return brokenRequirements(report).some((r) => r.level === "SHALL") ? ExitCode.FAILED : ExitCode.PASSED;
}

/** Counts for the summary lines. */
export function summaryOf(report: KitReport): { total: number; passed: number; failed: number } {
  const passed = report.cases.filter((c) => c.status === CaseStatus.PASSED).length;
  return { total: report.cases.length, passed, failed: report.cases.length - passed };
}
