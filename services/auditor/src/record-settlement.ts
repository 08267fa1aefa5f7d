import type { HistoryRead } from "@tongxing/claim-store";
import { ClaimKind, LedgerEntryKind, type ClaimRecord } from "@tongxing/proto";
import { encounterSpanMs, encounterTimeMs } from "./encounter-time.js";
import { postLedgerEntry } from "./ledger/post-ledger-entry.js";
import type { SettleDeps } from "./settle-deps.js";

/**
 * A settlement's lasting traces besides the record and its indexes (which the claim store
 * writes): the ledger entry (exactly once) and the encounter in the person's history. Both are
 * idempotent, so they are simply redone when a decision is replayed.
 */
export async function recordSettlement(deps: SettleDeps, record: ClaimRecord, historyRead?: HistoryRead, options: { readonly replay?: boolean } = {}): Promise<void> {
  // A replay may be of a decision made when settlements were posted on the claim's own subject.
  await Promise.all([addToHistory(deps, record, historyRead), postLedgerEntry(deps.js, record, LedgerEntryKind.SETTLEMENT, fundIncludesAcct(deps, record), { legacy: options.replay === true })]);
}

/** The convention of the platform that adjudicated the claim (identities I2/I4). */
export function fundIncludesAcct(deps: SettleDeps, record: ClaimRecord): boolean {
  return deps.routing.platform(record.adjudication?.adjudicatedBy ?? "")?.fundIncludesAcct ?? false;
}

/** The settled encounter into the person's history (what the history rules compare with). */
async function addToHistory(deps: SettleDeps, record: ClaimRecord, historyRead: HistoryRead | undefined): Promise<void> {
  const claim = record.claim;
  if (claim === undefined) return;
  const [beginMs, endMs] = encounterSpanMs(claim, encounterTimeMs(claim));
  const kind = claim.kind === ClaimKind.INPATIENT ? "inpatient" : claim.kind === ClaimKind.PHARMACY ? "pharmacy" : "outpatient";
  await deps.store.recordEncounter(
    claim.insuplcAdmdvs,
    claim.person?.psnNo ?? "",
    { claimId: record.claimId, mdtrtareaAdmvs: claim.mdtrtareaAdmvs, kind, beginMs, endMs, hifpFen: record.adjudication?.hifpPay ?? 0n },
    historyRead,
  );
}
