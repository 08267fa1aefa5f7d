export { readLedger } from "./read-ledger.js";
export { hubDay, detailDifferences, totalsEqual, postingDay } from "./reconcile-day.js";
