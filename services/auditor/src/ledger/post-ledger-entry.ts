import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { JetStreamApiCodes, JetStreamApiError, type JetStreamClient } from "@nats-io/jetstream";
import { Streams, Subjects } from "@tongxing/nats";
import { LedgerEntryKind, LedgerEntrySchema, type ClaimRecord, type LedgerEntry } from "@tongxing/proto";

/** "yyyyMM" of an instant in Beijing time: the clearing period an entry belongs to. */
export function clearingPeriod(atMs: number): string {
  return new Date(atMs + 8 * 3_600_000).toISOString().slice(0, 7).replace("-", "");
}

/**
 * What a stay's final settlement nets: the sums of its interim settlements (住院中途结算) already
 * posted, in the ledger's terms (fund without the account). Zero for every other claim.
 */
export interface LedgerNetting {
  readonly medfeeSumamt: bigint;
  readonly fundPaySumamt: bigint;
  readonly acctPay: bigint;
}

/**
 * The ledger entry of a settled claim, or its exact negation for a reversal. The fund amount is
 * always without the personal account (taken out where the platform's convention includes it),
 * so fund + account is what the insured region owes, in every province. A stay's final
 * settlement states the whole stay; its entry is that less the interim settlements (`netted`), so
 * the stay's entries add up to the final's amounts. A settled record always states medfee_sumamt
 * and fund_pay_sumamt (rule A1 rejects an adjudication without them); an acct_pay it does not state
 * is an account that paid nothing, posted as 0.
 */
export function ledgerEntryOf(record: ClaimRecord, kind: LedgerEntryKind, atMs: number, fundIncludesAcct: boolean, netted?: LedgerNetting): LedgerEntry {
  const a = record.adjudication;
  const c = record.claim;
  const sign = kind === LedgerEntryKind.REVERSAL ? -1n : 1n;
  return create(LedgerEntrySchema, {
    claimId: record.claimId,
    kind,
    period: clearingPeriod(atMs),
    insuplcAdmdvs: c?.insuplcAdmdvs ?? "",
    mdtrtareaAdmvs: c?.mdtrtareaAdmvs ?? "",
    setlId: a?.setlId ?? "",
    medfeeSumamt: sign * ((a?.medfeeSumamt ?? 0n) - (netted?.medfeeSumamt ?? 0n)),
    fundPaySumamt: sign * ((a?.fundPaySumamt ?? 0n) - (fundIncludesAcct ? (a?.acctPay ?? 0n) : 0n) - (netted?.fundPaySumamt ?? 0n)),
    acctPay: sign * ((a?.acctPay ?? 0n) - (netted?.acctPay ?? 0n)),
    postedAt: timestampFromMs(atMs),
  });
}

/**
 * The subject of a claim's entry: a settlement's is its (submitter, setl_id), the settlement
 * index a cancel looks it up by; a reversal's (and a settlement's without a setl_id or
 * submitter) is the claim's own.
 */
export function ledgerSubjectOf(record: ClaimRecord, kind: LedgerEntryKind): string {
  if (kind === LedgerEntryKind.REVERSAL) return Subjects.ledger("reversal", record.claimId);
  const submitter = record.claim?.submitterPlatform ?? "";
  const setlId = record.adjudication?.setlId ?? "";
  return submitter !== "" && setlId !== "" ? Subjects.ledgerSettlement(submitter, setlId) : Subjects.ledger("settlement", record.claimId);
}

/**
 * Posts a claim's settlement or reversal entry exactly once, forever: the publish expects its
 * subject ({@link ledgerSubjectOf}) to be empty, so a repeat (a redelivered message, a restarted
 * auditor, long after the duplicate window) is refused by JetStream and treated as already
 * posted. Returns false when it was already there. A settlement id another claim of the same
 * submitter settled under (an insured platform reusing its ids) puts the entry on the claim's own
 * subject instead and calls `onSettlementIdTaken`: never a SETTLED claim without its entry, never a
 * claim stuck retrying. `legacy`: also treat an entry on the claim's own settlement
 * subject (where settlements were posted before the setl_id subject) as posted; for replays of
 * decisions made then.
 */
export async function postLedgerEntry(js: JetStreamClient, record: ClaimRecord, kind: LedgerEntryKind, fundIncludesAcct: boolean, netted?: LedgerNetting, options: { readonly legacy?: boolean; readonly onSettlementIdTaken?: (holder: string) => void } = {}): Promise<boolean> {
  const entry = ledgerEntryOf(record, kind, Date.now(), fundIncludesAcct, netted);
  const subject = ledgerSubjectOf(record, kind);
  // Reads only off the common path (no API check request: the client is already connected).
  const manager = () => js.jetstreamManager(false);
  if (options.legacy === true && kind === LedgerEntryKind.SETTLEMENT) {
    const old = Subjects.ledger("settlement", record.claimId);
    if (old !== subject && (await (await manager()).streams.getMessage(Streams.LEDGER, { last_by_subj: old })) !== null) return false;
  }
  try {
    await js.publish(subject, toBinary(LedgerEntrySchema, entry), { expect: { lastSubjectSequence: 0 } });
    return true;
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamWrongLastSequence)) throw err;
  }
  if (kind === LedgerEntryKind.SETTLEMENT) {
    const there = await (await manager()).streams.getMessage(Streams.LEDGER, { last_by_subj: subject });
    const holder = there === null ? record.claimId : fromBinary(LedgerEntrySchema, there.data).claimId;
    if (holder !== record.claimId) {
      // The insured platform reused a settlement id this submitter already settled under. The
      // record says SETTLED, so the money must be on the ledger: the entry goes on the claim's own
      // subject (once, like any other), and the caller is told so it can say it loudly. A cancel
      // naming that setl_id reaches the first claim and is refused by its mdtrt_id/psn_no check.
      options.onSettlementIdTaken?.(holder);
      return postOnce(js, Subjects.ledger("settlement", record.claimId), entry);
    }
  }
  return false;
}

/** Publishes an entry on a subject that must be empty; false when it already holds one. */
async function postOnce(js: JetStreamClient, subject: string, entry: LedgerEntry): Promise<boolean> {
  try {
    await js.publish(subject, toBinary(LedgerEntrySchema, entry), { expect: { lastSubjectSequence: 0 } });
    return true;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamWrongLastSequence) return false;
    throw err;
  }
}
