import { clone, toJson } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { statusName } from "@tongxing/lifecycle";
import { ClaimRecordSchema, type ClaimEvent, type ClaimRecord } from "@tongxing/proto";
import { maskIdNumber, maskName } from "@tongxing/telemetry";
import { blockIsIntact, hashName } from "../../audit-chain/block-hash.js";
import type { Principal } from "../account.js";
import { claimView } from "../claim-view.js";
import { receivedBytes, receivedView } from "../received-view.js";
import { evidenceBlocks } from "./evidence-blocks.js";
import type { ClaimBlock } from "./find-claim-blocks.js";

/**
 * The evidence file's format: /2 carries event-digest blocks redacted to the claim's events and
 * names the blocks it withholds; /1 (before event digests) carried whole blocks. verify-evidence
 * reads both.
 */
export const EVIDENCE_FORMAT = "tongxing-evidence/2";
export const EVIDENCE_FORMATS: readonly string[] = ["tongxing-evidence/1", EVIDENCE_FORMAT];

/** One event as the evidence file and the timeline show it, with the block that chains it. */
export interface EvidenceEvent {
  readonly status: string;
  readonly actor: string;
  readonly detail: string;
  /** ISO instant (nanosecond precision kept in `at_nanos`). */
  readonly at: string;
  readonly at_seconds: string;
  readonly at_nanos: number;
  /** The chain block holding it, or null when it is not (yet) found in the chain. */
  readonly block_height: string | null;
  readonly block_hash_hex: string | null;
  /** Whether that block's hash recomputes from its content. */
  readonly block_intact: boolean;
}

export function eventKey(e: { status: string; actor: string; detail: string; at_seconds: string; at_nanos: number }): string {
  return JSON.stringify([e.status, e.actor, e.detail, e.at_seconds, e.at_nanos]);
}

export function evidenceEvent(e: ClaimEvent, holder: ClaimBlock | undefined): EvidenceEvent {
  return {
    status: statusName(e.status),
    actor: e.actor,
    detail: e.detail,
    at: e.at === undefined ? "" : timestampDate(e.at).toISOString(),
    at_seconds: (e.at?.seconds ?? 0n).toString(),
    at_nanos: e.at?.nanos ?? 0,
    block_height: holder === undefined ? null : holder.block.height.toString(),
    block_hash_hex: holder === undefined ? null : Buffer.from(holder.block.blockHash).toString("hex"),
    block_intact: holder === undefined ? false : blockIsIntact(holder.block, holder.block.prevHash),
  };
}

/**
 * A claim's timeline: the record's events, then events only the chain holds (first approvals,
 * unmasks), each with the block that chains it and whether that block verifies.
 */
export function claimTimeline(record: ClaimRecord, blocks: readonly ClaimBlock[]): { events: EvidenceEvent[]; chainOnly: EvidenceEvent[] } {
  const chained: { event: ClaimEvent; holder: ClaimBlock; key: string }[] = [];
  for (const holder of blocks) for (const event of holder.block.events) if (event.claimId === record.claimId) chained.push({ event, holder, key: eventKey(evidenceEvent(event, undefined)) });
  const used = new Set<string>();
  const events = record.events.map((e) => {
    const key = eventKey(evidenceEvent(e, undefined));
    used.add(key);
    return evidenceEvent(e, chained.find((c) => c.key === key)?.holder);
  });
  const chainOnly = chained.filter((c) => !used.has(c.key)).map((c) => evidenceEvent(c.event, c.holder));
  return { events, chainOnly };
}

/**
 * A copy of the record with the person's identifiers masked (the claim page, the evidence file),
 * without the sealed copy of the message as received (shown decoded on its own).
 */
export function maskedRecord(record: ClaimRecord): ClaimRecord {
  const masked = clone(ClaimRecordSchema, record);
  masked.received = undefined;
  const person = masked.claim?.person;
  if (person !== undefined) {
    person.psnNo = maskIdNumber(person.psnNo);
    person.psnName = maskName(person.psnName);
    person.certno = maskIdNumber(person.certno);
    person.mdtrtCertNo = maskIdNumber(person.mdtrtCertNo);
    person.cardSn = maskIdNumber(person.cardSn);
  }
  return masked;
}

/**
 * The message as received in an evidence file: what the console shows of it (identifiers masked)
 * and its SM3 as chained, for everyone; its bytes (base64) only when `withPayload` (an auditor who
 * unmasked), so the file proves the bytes are the ones received. Null when the record keeps none.
 */
function receivedEvidence(record: ClaimRecord, withPayload: boolean) {
  const view = receivedView(record);
  if (view === null) return null;
  const bytes = withPayload && view.unreadable === null ? receivedBytes(record) : undefined;
  return { ...view, payload_base64: bytes === undefined ? null : Buffer.from(bytes).toString("base64") };
}

/**
 * The evidence file of one claim: its canonical record (personal identifiers masked), verdict and
 * findings, settlement, the message as received (decoded and masked, its chained SM3, and with
 * `withPayload` its bytes), the timeline, and the chain blocks (protobuf, base64) that hold its
 * events, so `npm run verify-evidence` can recompute every block hash offline. The blocks hold no
 * other claim's events where their layout allows it (see {@link evidenceBlocks}); raw-layout
 * blocks a provincial account may not see whole are named in `chain.withheld_blocks`.
 */
export function buildEvidence(record: ClaimRecord, blocks: readonly ClaimBlock[], who: Principal, truncated: boolean, withPayload = false) {
  const masked = maskedRecord(record);
  const timeline = claimTimeline(record, blocks);
  const chain = evidenceBlocks(record.claimId, blocks, who.scope);
  return {
    format: EVIDENCE_FORMAT,
    claim_id: record.claimId,
    exported_at: new Date().toISOString(),
    exported_by: `${who.displayName} (${who.user})`,
    summary: claimView(record),
    canonical_record: toJson(ClaimRecordSchema, masked),
    received_message: receivedEvidence(record, withPayload),
    timeline: timeline.events,
    chain_only_events: timeline.chainOnly,
    chain: {
      hash: hashName(blocks[0]?.block.hash ?? 0),
      scan_truncated: truncated,
      blocks: chain.blocks,
      withheld_blocks: chain.withheld,
    },
  };
}
export type Evidence = ReturnType<typeof buildEvidence>;
