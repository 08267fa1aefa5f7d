/**
 * The step boundaries of a regulator's decision, where a testing hook may stop the process
 * (`TONGXING_CRASH_AT`, refused in production) to prove a restarted auditor finishes the step.
 */
export const DecisionFaultPoint = {
  /** The record is APPROVED (or REJECTED) with the decision; nothing else done. */
  AFTER_RECORD: "decision.after-record",
  /** An approval's ledger entry is posted; the record is still APPROVED. */
  AFTER_LEDGER: "decision.after-ledger",
  /** An approval's record is SETTLED; the result is not published yet. */
  AFTER_FINAL: "decision.after-final",
  /** The result is published; the claim is still on the review queue's index. */
  AFTER_RESULT: "decision.after-result",
} as const;
export type DecisionFaultPoint = (typeof DecisionFaultPoint)[keyof typeof DecisionFaultPoint];

/** Every fault point a test may name. */
export const FAULT_POINTS: readonly string[] = Object.values(DecisionFaultPoint);
