import { createHash } from "node:crypto";
import { fromBinary } from "@bufbuild/protobuf";
import { AuditBlockSchema, ClaimStatus, type AuditBlock } from "@tongxing/proto";
import { blockIsIntact } from "../../audit-chain/block-hash.js";
import { EVIDENCE_FORMAT, evidenceEvent, eventKey } from "./claim-evidence.js";

/** The outcome of checking an evidence file offline. */
/**
 * What the file proves of the message as received: its bytes hash to the chained SM3 (`bytes`),
 * only its stated SM3 is the chained one (`digest`: the bytes are not in the file), the bytes are a
 * bounded copy of a larger message and cannot be hashed (`bounded-copy`), or it has none (`none`).
 */
export type ReceivedCheck = "bytes" | "digest" | "bounded-copy" | "none";

export type EvidenceCheck =
  | { readonly ok: true; readonly claimId: string; readonly blocks: number; readonly events: number; readonly received: ReceivedCheck }
  | { readonly ok: false; readonly problems: readonly string[] };

interface EvidenceFile {
  format?: unknown;
  claim_id?: unknown;
  timeline?: { status: string; actor: string; detail: string; at_seconds: string; at_nanos: number; block_height: string | null }[];
  chain_only_events?: EvidenceFile["timeline"];
  chain?: { blocks?: { height?: string; block_hash_hex?: string; block_base64?: string }[] };
  received_message?: { sm3_hex?: string | null; truncated?: boolean; payload_base64?: string | null } | null;
}

/**
 * Checks an evidence file without the hub: every chain block's hash recomputes from its content
 * and predecessor hash, adjacent blocks link, the stated heights and hashes are the blocks' own,
 * and every timeline event is one of the claim's events in the block it names. The claim's other
 * fields (amounts, findings) are not chained; the timeline is what the chain proves.
 */
export function verifyEvidence(json: unknown): EvidenceCheck {
  const file = json as EvidenceFile;
  const problems: string[] = [];
  if (file?.format !== EVIDENCE_FORMAT) return { ok: false, problems: [`format is not ${EVIDENCE_FORMAT}`] };
  const claimId = String(file.claim_id);
  const blocks = new Map<string, AuditBlock>();
  for (const [i, b] of (file.chain?.blocks ?? []).entries()) {
    let block: AuditBlock;
    try {
      block = fromBinary(AuditBlockSchema, Buffer.from(String(b.block_base64), "base64"));
    } catch {
      problems.push(`block #${i}: not a readable AuditBlock`);
      continue;
    }
    if (!blockIsIntact(block, block.prevHash)) problems.push(`block ${block.height}: its hash does not recompute from its content`);
    if (b.height !== block.height.toString()) problems.push(`block #${i}: stated height ${b.height} is not the block's ${block.height}`);
    if (b.block_hash_hex !== Buffer.from(block.blockHash).toString("hex")) problems.push(`block ${block.height}: stated hash is not the block's`);
    blocks.set(block.height.toString(), block);
  }
  for (const block of blocks.values()) {
    const prev = blocks.get((block.height - 1n).toString());
    if (prev !== undefined && !Buffer.from(block.prevHash).equals(Buffer.from(prev.blockHash))) problems.push(`block ${block.height} does not link to block ${prev.height}`);
  }
  const events = [...(file.timeline ?? []), ...(file.chain_only_events ?? [])];
  for (const [i, e] of events.entries()) {
    const block = e.block_height === null ? undefined : blocks.get(e.block_height);
    if (block === undefined) {
      problems.push(`event #${i} (${e.status}): not in any block of the file`);
      continue;
    }
    const found = block.events.some((x) => x.claimId === claimId && eventKey(evidenceEvent(x, undefined)) === eventKey(e));
    if (!found) problems.push(`event #${i} (${e.status}): block ${e.block_height} holds no such event of claim ${claimId}`);
  }
  if (events.length === 0) problems.push("the file has no events");
  const received = checkReceived(file, claimId, blocks, problems);
  return problems.length === 0 ? { ok: true, claimId, blocks: blocks.size, events: events.length, received } : { ok: false, problems };
}

/**
 * The message as received against the SM3 its RECEIVED event holds in the chain: the file's stated
 * SM3 must be that one, and its bytes, when the file has them whole, must hash to it.
 */
function checkReceived(file: EvidenceFile, claimId: string, blocks: ReadonlyMap<string, AuditBlock>, problems: string[]): ReceivedCheck {
  const message = file.received_message;
  if (message === undefined || message === null) return "none";
  const event = (file.timeline ?? []).find((e) => e.status === "RECEIVED");
  const block = event?.block_height === null || event === undefined ? undefined : blocks.get(event.block_height);
  const chained = block?.events.find((x) => x.claimId === claimId && x.status === ClaimStatus.RECEIVED && eventKey(evidenceEvent(x, undefined)) === eventKey(event!))?.evidence?.receivedDigest;
  if (chained === undefined || chained.byteLength === 0) {
    problems.push("the message as received: its RECEIVED event in the chain holds no digest to check it against");
    return "none";
  }
  const hex = Buffer.from(chained).toString("hex");
  if (message.sm3_hex !== hex) problems.push(`the message as received: the file's SM3 ${String(message.sm3_hex)} is not the one chained with its RECEIVED event (${hex})`);
  if (typeof message.payload_base64 !== "string") return "digest";
  if (message.truncated === true) return "bounded-copy";
  const actual = createHash("sm3").update(Buffer.from(message.payload_base64, "base64")).digest("hex");
  if (actual !== hex) problems.push(`the message as received: its bytes in the file hash to ${actual}, not to the SM3 chained with its RECEIVED event (${hex})`);
  return "bytes";
}
