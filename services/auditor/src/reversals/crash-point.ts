/**
 * The reversal's step boundaries, where a kill test may make the real auditor process die
 * (`TONGXING_CRASH_AT`, honoured only outside production; see docs/reliability.md).
 */
export const ReversalCrashPoints = {
  /** SETTLED → CANCEL_REQUESTED written; the reversal not yet queued for the insured platform. */
  AFTER_CANCEL_REQUESTED: "reversal.after-cancel-requested",
  /** The reversal queued for the insured platform's link; the request not yet acknowledged. */
  AFTER_DELIVERY_QUEUED: "reversal.after-delivery-queued",
  /** The insured side acknowledged; the negated ledger entry posted; the record still CANCEL_REQUESTED. */
  AFTER_LEDGER: "reversal.after-ledger",
  /** CANCELLED written; the submitter's answer not yet published. */
  AFTER_CANCELLED: "reversal.after-cancelled",
} as const;
export type ReversalCrashPoint = (typeof ReversalCrashPoints)[keyof typeof ReversalCrashPoints];

/**
 * Called at each boundary; the testing hook (`TONGXING_CRASH_AT`, review/crash-at-fault-point.ts,
 * refused in production) SIGKILLs the process when its name matches.
 */
export type CrashPoint = (point: ReversalCrashPoint) => void;

/** No crash points (production, and every run without the hook). */
export const noCrashPoints: CrashPoint = () => undefined;
