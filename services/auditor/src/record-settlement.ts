import { isInterim, type HistoryRead } from "@tongxing/claim-store";
import { ClaimKind, LedgerEntryKind, type ClaimRecord } from "@tongxing/proto";
import { encounterSpanMs, encounterTimeMs } from "./encounter-time.js";
import { postLedgerEntry, type LedgerNetting } from "./ledger/post-ledger-entry.js";
import type { SettleDeps } from "./settle-deps.js";

/**
 * A settlement's lasting traces besides the record and its indexes (which the claim store
 * writes): the ledger entry (exactly once) and the encounter in the person's history. Both are
 * idempotent, so they are simply redone when a decision is replayed.
 */
export async function recordSettlement(deps: SettleDeps, record: ClaimRecord, historyRead?: HistoryRead, options: { readonly replay?: boolean } = {}): Promise<void> {
  const includesAcct = fundIncludesAcct(deps, record);
  const netted = await interimNetting(deps, record, includesAcct);
  // A replay may be of a decision made when settlements were posted on the claim's own subject.
  await Promise.all([addToHistory(deps, record, historyRead), postLedgerEntry(deps.js, record, LedgerEntryKind.SETTLEMENT, includesAcct, netted, {
      legacy: options.replay === true,
      onSettlementIdTaken: (holder) =>
        deps.log.error({ claim_id: record.claimId, setl_id: record.adjudication?.setlId, holder, insured: record.adjudication?.adjudicatedBy }, "the insured platform reused a settlement id this submitter already settled under: the entry is posted on the claim's own ledger subject; cancels by that setl_id reach the first claim"),
    })]);
}

/**
 * What a stay's final settlement nets in the ledger: its interim settlements (the stay's settled
 * parts that are not final; rule S2 refuses an interim after the final, so the set is fixed once
 * the final settles, and a replay or the reversal nets the same). Undefined for other claims.
 */
export async function interimNetting(deps: SettleDeps, record: ClaimRecord, includesAcct: boolean): Promise<LedgerNetting | undefined> {
  const claim = record.claim;
  if (claim === undefined || claim.kind !== ClaimKind.INPATIENT || isInterim(claim)) return undefined;
  const interims = (await deps.store.readEncounterParts(claim)).filter((p) => !p.final);
  if (interims.length === 0) return undefined;
  // Settled parts state medfee_sumamt and fund_pay_sumamt (rule A1); an acct_pay a part does not
  // state is an account that paid nothing.
  const sum = (f: (p: (typeof interims)[number]) => bigint | undefined) => interims.reduce((s, p) => s + (f(p) ?? 0n), 0n);
  return { medfeeSumamt: sum((p) => p.medfeeSumamt), fundPaySumamt: sum((p) => (p.fundPaySumamt ?? 0n) - (includesAcct ? (p.acctPay ?? 0n) : 0n)), acctPay: sum((p) => p.acctPay) };
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
    { claimId: record.claimId, mdtrtareaAdmvs: claim.mdtrtareaAdmvs, kind, beginMs, endMs, hifpFen: record.adjudication?.hifpPay ?? 0n /* not stated: the pooled fund paid nothing */ },
    historyRead,
  );
}
