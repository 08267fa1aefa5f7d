import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { JetStreamApiCodes, JetStreamApiError, type JetStreamClient } from "@nats-io/jetstream";
import { Subjects } from "@tongxing/nats";
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
 * the stay's entries add up to the final's amounts.
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
 * Posts a claim's settlement or reversal entry exactly once, forever: each claim and kind has
 * its own subject, and the publish expects that subject to be empty, so a repeat (a redelivered
 * message, a restarted auditor, long after the duplicate window) is refused by JetStream and
 * treated as already posted. Returns false when it was already there.
 */
export async function postLedgerEntry(js: JetStreamClient, record: ClaimRecord, kind: LedgerEntryKind, fundIncludesAcct: boolean, netted?: LedgerNetting): Promise<boolean> {
  const entry = ledgerEntryOf(record, kind, Date.now(), fundIncludesAcct, netted);
  const subject = Subjects.ledger(kind === LedgerEntryKind.REVERSAL ? "reversal" : "settlement", record.claimId);
  try {
    await js.publish(subject, toBinary(LedgerEntrySchema, entry), { expect: { lastSubjectSequence: 0 } });
    return true;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamWrongLastSequence) return false;
    throw err;
  }
}
