/**
 * The step boundaries of a regulator's decision, on a held claim or a held reversal, where a
 * testing hook may stop the process (`TONGXING_CRASH_AT`, refused in production) to prove a
 * restarted auditor finishes the step.
 */
export const DecisionFaultPoint = {
  /**
   * The record carries the decision; nothing else done. A held claim: APPROVED (or REJECTED). A
   * held reversal: CANCEL_REQUESTED (approved) or SETTLED (rejected).
   */
  AFTER_RECORD: "decision.after-record",
  /** An approval's ledger entry (a settlement, or a reversal's negation) is posted; the record is still APPROVED (CANCEL_REQUESTED). */
  AFTER_LEDGER: "decision.after-ledger",
  /** An approval's record is SETTLED (a reversal's CANCELLED); the result is not published yet. */
  AFTER_FINAL: "decision.after-final",
  /** The result is published; the claim is still on the review queue's index. */
  AFTER_RESULT: "decision.after-result",
} as const;
export type DecisionFaultPoint = (typeof DecisionFaultPoint)[keyof typeof DecisionFaultPoint];

/** Every fault point a test may name. */
export const FAULT_POINTS: readonly string[] = Object.values(DecisionFaultPoint);
