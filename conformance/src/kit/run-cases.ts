import { CaseRecorder, CaseStatus, type CaseOutcome, type KitCase } from "./case-outcome.js";
import type { Transcript } from "./transcript.js";

/** Which cases to run: by id, by a requirement they verify, or all when both are empty. */
export interface CaseSelection {
  readonly caseIds: readonly string[];
  readonly requirementIds: readonly string[];
}

/** Thrown when a selection names no known case or requirement: a usage error. */
export class SelectionError extends Error {
  override readonly name = "SelectionError";
}

/** The cases `selection` picks, in their defined order; SelectionError on an unknown id. */
export function selectCases<C>(cases: readonly KitCase<C>[], selection: CaseSelection): KitCase<C>[] {
  const known = new Set(cases.map((c) => c.id));
  for (const id of selection.caseIds) if (!known.has(id)) throw new SelectionError(`unknown case "${id}"; known: ${[...known].join(", ")}`);
  const covered = new Set(cases.flatMap((c) => c.requirements));
  for (const r of selection.requirementIds) if (!covered.has(r)) throw new SelectionError(`no case of this mode verifies requirement "${r}"`);
  if (selection.caseIds.length === 0 && selection.requirementIds.length === 0) return [...cases];
  return cases.filter((c) => selection.caseIds.includes(c.id) || c.requirements.some((r) => selection.requirementIds.includes(r)));
}

/** Runs `cases` one after another, printing one progress line per case through `progress`. */
export async function runCases<C>(cases: readonly KitCase<C>[], ctx: C, transcript: Transcript, progress: (line: string) => void): Promise<CaseOutcome[]> {
  const outcomes: CaseOutcome[] = [];
  for (const [i, c] of cases.entries()) {
    transcript.caseId = c.id;
    const rec = new CaseRecorder(c.requirements);
    const started = performance.now();
    try {
      await c.run(ctx, rec);
    } catch (err) {
      // A case that throws found something its own checks did not name: blame its first requirement.
      rec.fail(c.requirements[0] as string, `the case stopped: ${err instanceof Error ? err.message : String(err)}`);
    }
    const outcome: CaseOutcome = {
      id: c.id,
      title: c.title,
      requirements: c.requirements,
      status: rec.failures.length === 0 ? CaseStatus.PASSED : CaseStatus.FAILED,
      failures: rec.failures,
      sent: rec.sent,
      received: rec.received,
      durationMs: Math.round(performance.now() - started),
    };
    outcomes.push(outcome);
    const mark = outcome.status === CaseStatus.PASSED ? "PASS" : "FAIL";
    progress(`[${i + 1}/${cases.length}] ${mark} ${c.id} (${outcome.durationMs} ms)`);
    for (const f of outcome.failures) progress(`      ${f.requirement}: ${f.why}`);
  }
  transcript.caseId = "";
  return outcomes;
}
