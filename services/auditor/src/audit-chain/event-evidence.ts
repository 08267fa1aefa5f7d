import { createHash } from "node:crypto";
import { clone, create, toBinary } from "@bufbuild/protobuf";
import type { HubSigningKey } from "@tongxing/pki";
import { AdjudicationSchema, AuditVerdictSchema, ClaimEventSchema, ClaimStatus, EventEvidenceSchema, LedgerEntryKind, LedgerEntrySchema, type ClaimEvent, type ClaimRecord, type EventEvidence } from "@tongxing/proto";
import { ledgerEntryOf } from "../ledger/post-ledger-entry.js";

const EVIDENCE_DOMAIN = Buffer.from("tongxing-evidence-v1\n", "utf8");

function sm3(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sm3").update(bytes).digest());
}

/** Which events stand for money, and whether the hub signs them (its verdicts and settlements). */
function evidenceKind(status: ClaimStatus): "adjudication" | "verdict" | "settlement" | "reversal" | undefined {
  switch (status) {
    case ClaimStatus.ADJUDICATED:
      return "adjudication";
    case ClaimStatus.APPROVED:
    case ClaimStatus.REJECTED:
    case ClaimStatus.HELD:
      return "verdict";
    case ClaimStatus.SETTLED:
      return "settlement";
    case ClaimStatus.CANCELLED:
      return "reversal";
    default:
      return undefined;
  }
}

/** The ledger entry's digest: its encoding without posting time and period (known before it is posted). */
export function ledgerDigest(record: ClaimRecord, kind: LedgerEntryKind, fundIncludesAcct: boolean): Uint8Array {
  const entry = ledgerEntryOf(record, kind, 0, fundIncludesAcct);
  entry.period = "";
  entry.postedAt = undefined;
  return sm3(toBinary(LedgerEntrySchema, entry));
}

/** What a hub signature on an event covers: a domain tag and the event with the signature left empty. */
export function evidenceSignedBytes(event: ClaimEvent): Uint8Array {
  const unsigned = clone(ClaimEventSchema, event);
  if (unsigned.evidence !== undefined) unsigned.evidence.hubSignature = new Uint8Array();
  return Buffer.concat([EVIDENCE_DOMAIN, toBinary(ClaimEventSchema, unsigned)]);
}

/** Options of {@link withEvidence}. */
export interface EvidenceOptions {
  /** The hub's key; without it verdicts and settlements are chained unsigned (development only). */
  readonly hubKey: HubSigningKey | undefined;
  /** The adjudicating platform's convention (identities I2/I4), as the ledger entry applies it. */
  readonly fundIncludesAcct: (record: ClaimRecord) => boolean;
}

/**
 * The events as the audit chain holds them: each event that stands for money gets its evidence
 * (the amounts and digests of the adjudication, verdict and ledger entry behind it), and the hub
 * signs verdicts, settlements and reversals. The record's own events are left as they are.
 */
export function withEvidence(events: readonly ClaimEvent[], record: ClaimRecord, options: EvidenceOptions): ClaimEvent[] {
  return events.map((event) => {
    const kind = evidenceKind(event.status);
    const a = record.adjudication;
    if (kind === undefined || a === undefined || (kind === "verdict" && record.verdict === undefined)) return event;
    const evidence: EventEvidence = create(EventEvidenceSchema, {
      adjudicationDigest: sm3(toBinary(AdjudicationSchema, a)),
      ...(kind !== "adjudication" && record.verdict !== undefined ? { verdictDigest: sm3(toBinary(AuditVerdictSchema, record.verdict)) } : {}),
      ...(kind === "settlement" || kind === "reversal" ? { ledgerDigest: ledgerDigest(record, kind === "settlement" ? LedgerEntryKind.SETTLEMENT : LedgerEntryKind.REVERSAL, options.fundIncludesAcct(record)) } : {}),
      medfeeSumamt: a.medfeeSumamt,
      fundPaySumamt: a.fundPaySumamt,
      acctPay: a.acctPay,
    });
    const stamped = create(ClaimEventSchema, { ...event, evidence });
    const stampedEvidence = stamped.evidence;
    if (kind === "adjudication" || options.hubKey === undefined || stampedEvidence === undefined) return stamped;
    stampedEvidence.hubKeyId = options.hubKey.keyId;
    stampedEvidence.hubSignature = options.hubKey.sign(evidenceSignedBytes(stamped));
    return stamped;
  });
}
