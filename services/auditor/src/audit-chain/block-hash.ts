import { createHash } from "node:crypto";
import { toBinary } from "@bufbuild/protobuf";
import { BlockLayout, ChainHash, ClaimEventSchema, type AuditBlock, type ClaimEvent } from "@tongxing/proto";

/** The hash algorithms a chain may use; SM3 (the national standard) by default. */
export function hashName(hash: ChainHash): "sm3" | "sha256" {
  switch (hash) {
    case ChainHash.SHA256:
      return "sha256";
    case ChainHash.SM3:
    case ChainHash.UNSPECIFIED:
      return "sm3";
    default: {
      const unknown: never = hash;
      throw new Error(`unknown chain hash ${String(unknown)}`);
    }
  }
}

/** Bytes of an event digest: SM3 and SHA-256 both give 32. */
export const EVENT_DIGEST_BYTES = 32;

/** What a block's hash is computed from: the block less its stored hash. */
export type BlockContent = Pick<AuditBlock, "hash" | "layout" | "prevHash" | "height" | "events" | "omittedEvents">;

/** One position of an event-digest block: an event this copy keeps, or the digest it gives for one it left out. */
export type EventPosition = { readonly event: ClaimEvent } | { readonly digest: Uint8Array };

/** An event's digest in an event-digest block: H(its protobuf encoding) with the chain's hash. */
export function eventDigest(hash: ChainHash, event: ClaimEvent): Uint8Array {
  return new Uint8Array(createHash(hashName(hash)).update(toBinary(ClaimEventSchema, event)).digest());
}

/**
 * An event-digest block's positions 0…n-1 (n = kept + left-out events): each left-out entry at
 * its index, the kept events in order in the positions left. Why not, when an index repeats or
 * lies beyond n, or a digest is not {@link EVENT_DIGEST_BYTES} long (digests of other lengths could
 * shift bytes between neighbours and still hash the same).
 */
export function eventPositions(block: Pick<AuditBlock, "events" | "omittedEvents">): { readonly positions: EventPosition[] } | { readonly problem: string } {
  const total = block.events.length + block.omittedEvents.length;
  const omitted = new Map<number, Uint8Array>();
  for (const o of block.omittedEvents) {
    if (o.index >= total) return { problem: `left-out event index ${o.index} is beyond the block's ${total} events` };
    if (omitted.has(o.index)) return { problem: `left-out event index ${o.index} appears twice` };
    if (o.digest.byteLength !== EVENT_DIGEST_BYTES) return { problem: `left-out event ${o.index}'s digest is ${o.digest.byteLength} bytes, not ${EVENT_DIGEST_BYTES}` };
    omitted.set(o.index, o.digest);
  }
  const positions: EventPosition[] = [];
  let kept = 0;
  for (let i = 0; i < total; i++) {
    const digest = omitted.get(i);
    positions.push(digest === undefined ? { event: block.events[kept++]! } : { digest });
  }
  return { positions };
}

function heightBytes(height: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(height);
  return bytes;
}

/**
 * A block's hash as its layout says, or why it has none:
 * - raw (BLOCK_LAYOUT_UNSPECIFIED, every block written before event digests): H(prev_hash ‖ height
 *   as 8 bytes big-endian ‖ for each event: its length as 4 bytes big-endian ‖ its protobuf
 *   encoding). It covers the events' bytes, so it recomputes only from the whole block: one with
 *   left-out events has no hash.
 * - event digests: H(prev_hash ‖ height as 8 bytes big-endian ‖ for each event in order:
 *   {@link eventDigest}), each left-out event standing by its digest.
 * Any change to an event, a digest, the order, the height or the link to the previous block
 * changes it.
 */
export function computeBlockHash(block: BlockContent): { readonly hash: Uint8Array } | { readonly problem: string } {
  const h = createHash(hashName(block.hash));
  h.update(block.prevHash);
  h.update(heightBytes(block.height));
  const layout = block.layout;
  switch (layout) {
    case BlockLayout.UNSPECIFIED:
      if (block.omittedEvents.length > 0) return { problem: `a raw-layout block cannot leave events out (it leaves out ${block.omittedEvents.length})` };
      for (const event of block.events) {
        const bytes = toBinary(ClaimEventSchema, event);
        const len = Buffer.alloc(4);
        len.writeUInt32BE(bytes.byteLength);
        h.update(len);
        h.update(bytes);
      }
      break;
    case BlockLayout.EVENT_DIGESTS: {
      const laid = eventPositions(block);
      if ("problem" in laid) return laid;
      for (const p of laid.positions) h.update("event" in p ? eventDigest(block.hash, p.event) : p.digest);
      break;
    }
    default: {
      const unknown: never = layout;
      return { problem: `unknown block layout ${String(unknown)}` };
    }
  }
  return { hash: new Uint8Array(h.digest()) };
}

/** A block's hash as its layout says (see {@link computeBlockHash}); throws for a block that has none. */
export function blockHash(block: BlockContent): Uint8Array {
  const computed = computeBlockHash(block);
  if ("problem" in computed) throw new Error(`block ${block.height}: ${computed.problem}`);
  return computed.hash;
}

/** Why a block (stored, or a copy with events left out) does not verify against its predecessor's hash, or undefined when it does. */
export function blockProblem(block: AuditBlock, prevHash: Uint8Array): string | undefined {
  if (!Buffer.from(block.prevHash).equals(Buffer.from(prevHash))) return "its predecessor hash is not the previous block's";
  const computed = computeBlockHash(block);
  if ("problem" in computed) return computed.problem;
  if (!Buffer.from(computed.hash).equals(Buffer.from(block.blockHash))) return "its stored hash does not match its content";
  return undefined;
}

/** Whether a block's hash matches its content (kept events and left-out digests) and its predecessor. */
export function blockIsIntact(block: AuditBlock, prevHash: Uint8Array): boolean {
  return blockProblem(block, prevHash) === undefined;
}
