export { readLedger } from "./read-ledger.js";
export { dayWindowMs, LEDGER_CLOCK_MARGIN_MS, periodWindowMs, readLedgerWindow, readLedgerPeriod } from "./read-ledger-window.js";
export { hubDay, detailDifferences, totalsEqual, postingDay } from "./reconcile-day.js";
export { openReconciliationLog, readReconciliations, recordReconciliation, summariseReconciliations } from "./reconciliation-log.js";
export type { ReconciliationOutcome, ReconciliationSide, ReconciliationSummary } from "./reconciliation-log.js";
