// The current clearing period (yyyyMM in Beijing time), the default of the ledger pages.
export function currentPeriod() {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7).replace("-", "");
}
