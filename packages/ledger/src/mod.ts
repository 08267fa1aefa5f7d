export { readLedger } from "./read-ledger.js";
export { dayWindowMs, LEDGER_CLOCK_MARGIN_MS, periodWindowMs, readLedgerWindow, readLedgerPeriod } from "./read-ledger-window.js";
export { hubDay, detailDifferences, totalsEqual, postingDay } from "./reconcile-day.js";
