/** Time kept back from the caller's deadline to answer before it passes. */
const DEADLINE_MARGIN_MS = 50;
/** Longest wait whatever deadline the caller sets. */
const MAX_WAIT_MS = 10 * 60_000;

/**
 * How long a waiting RPC (SettleClaim, CancelSettlement) may wait for a claim's result: the
 * caller's deadline less a margin, at most 10 minutes, or `defaultMs` when the call has none.
 */
export function waitBudgetMs(deadline: Date | number, defaultMs: number): number {
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  if (!Number.isFinite(deadlineMs)) return defaultMs;
  return Math.max(0, Math.min(MAX_WAIT_MS, deadlineMs - Date.now() - DEADLINE_MARGIN_MS));
}
