import { createHash } from "node:crypto";
import { fromBinary } from "@bufbuild/protobuf";
import { AuditBlockSchema, ClaimStatus, type AuditBlock } from "@tongxing/proto";
import { blockProblem } from "../../audit-chain/block-hash.js";
import { EVIDENCE_FORMAT, EVIDENCE_FORMATS, evidenceEvent, eventKey } from "./claim-evidence.js";

/**
 * What the file proves of the message as received: its bytes hash to the chained SM3 (`bytes`),
 * only its stated SM3 is the chained one (`digest`: the bytes are not in the file), the bytes are a
 * bounded copy of a larger message and cannot be hashed (`bounded-copy`), nothing because its
 * RECEIVED event's block is withheld from the file (`block-withheld`), or it has none (`none`).
 */
export type ReceivedCheck = "bytes" | "digest" | "bounded-copy" | "block-withheld" | "none";

/**
 * The outcome of checking an evidence file offline. When ok, `unproven` lists the events the file
 * names but cannot prove: their blocks are withheld (raw layout, other claims' events in them, a
 * provincial account's file); everything else in the file verified.
 */
export type EvidenceCheck =
  | { readonly ok: true; readonly claimId: string; readonly blocks: number; readonly events: number; readonly received: ReceivedCheck; readonly unproven: readonly UnprovenEvent[] }
  | { readonly ok: false; readonly problems: readonly string[] };

/** An event in a block the file withholds: named, not proven. */
export interface UnprovenEvent {
  readonly index: number;
  readonly status: string;
  readonly blockHeight: string;
}

interface EvidenceFile {
  format?: unknown;
  claim_id?: unknown;
  timeline?: { status: string; actor: string; detail: string; at_seconds: string; at_nanos: number; block_height: string | null }[];
  chain_only_events?: EvidenceFile["timeline"];
  chain?: { blocks?: { height?: string; block_hash_hex?: string; block_base64?: string }[]; withheld_blocks?: { height?: string }[] };
  received_message?: { sm3_hex?: string | null; truncated?: boolean; payload_base64?: string | null } | null;
}

/**
 * Checks an evidence file without the hub: every chain block's hash recomputes from its content
 * and predecessor hash (a redacted copy from its kept events and the left-out events' digests),
 * adjacent blocks link, the stated heights and hashes are the blocks' own, and every timeline
 * event is one of the claim's events in the block it names, or in a block the file says it
 * withholds (then listed as unproven). The claim's other fields (amounts, findings) are not
 * chained; the timeline is what the chain proves.
 */
export function verifyEvidence(json: unknown): EvidenceCheck {
  const file = json as EvidenceFile;
  const problems: string[] = [];
  if (typeof file?.format !== "string" || !EVIDENCE_FORMATS.includes(file.format)) return { ok: false, problems: [`format is not one of ${EVIDENCE_FORMATS.join(", ")}`] };
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
    const problem = blockProblem(block, block.prevHash);
    if (problem !== undefined) problems.push(`block ${block.height}: its hash does not recompute from its content (${problem})`);
    if (b.height !== block.height.toString()) problems.push(`block #${i}: stated height ${b.height} is not the block's ${block.height}`);
    if (b.block_hash_hex !== Buffer.from(block.blockHash).toString("hex")) problems.push(`block ${block.height}: stated hash is not the block's`);
    blocks.set(block.height.toString(), block);
  }
  for (const block of blocks.values()) {
    const prev = blocks.get((block.height - 1n).toString());
    if (prev !== undefined && !Buffer.from(block.prevHash).equals(Buffer.from(prev.blockHash))) problems.push(`block ${block.height} does not link to block ${prev.height}`);
  }
  const withheld = new Set((file.chain?.withheld_blocks ?? []).map((b) => String(b.height)));
  for (const height of withheld) if (blocks.has(height)) problems.push(`block ${height}: both in the file and said to be withheld`);
  const unproven: UnprovenEvent[] = [];
  const events = [...(file.timeline ?? []), ...(file.chain_only_events ?? [])];
  for (const [i, e] of events.entries()) {
    const block = e.block_height === null ? undefined : blocks.get(e.block_height);
    if (block === undefined && e.block_height !== null && withheld.has(e.block_height)) {
      unproven.push({ index: i, status: e.status, blockHeight: e.block_height });
      continue;
    }
    if (block === undefined) {
      problems.push(`event #${i} (${e.status}): not in any block of the file`);
      continue;
    }
    const found = block.events.some((x) => x.claimId === claimId && eventKey(evidenceEvent(x, undefined)) === eventKey(e));
    if (!found) problems.push(`event #${i} (${e.status}): block ${e.block_height} holds no such event of claim ${claimId}`);
  }
  if (events.length === 0) problems.push("the file has no events");
  const received = checkReceived(file, claimId, blocks, withheld, problems);
  return problems.length === 0 ? { ok: true, claimId, blocks: blocks.size, events: events.length, received, unproven } : { ok: false, problems };
}

/**
 * The message as received against the SM3 its RECEIVED event holds in the chain: the file's stated
 * SM3 must be that one, and its bytes, when the file has them whole, must hash to it.
 */
function checkReceived(file: EvidenceFile, claimId: string, blocks: ReadonlyMap<string, AuditBlock>, withheld: ReadonlySet<string>, problems: string[]): ReceivedCheck {
  const message = file.received_message;
  if (message === undefined || message === null) return "none";
  const event = (file.timeline ?? []).find((e) => e.status === "RECEIVED");
  if (event !== undefined && event.block_height !== null && !blocks.has(event.block_height) && withheld.has(event.block_height)) return "block-withheld";
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
