import { createHash } from "node:crypto";
import { toBinary } from "@bufbuild/protobuf";
import { ChainHash, ClaimEventSchema, type AuditBlock, type ClaimEvent } from "@tongxing/proto";

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

/**
 * A block's hash: H(prev_hash ‖ height as 8 bytes big-endian ‖ for each event: its length as
 * 4 bytes big-endian ‖ its protobuf encoding). Any change to an event, the order, the height or
 * the link to the previous block changes it.
 */
export function blockHash(hash: ChainHash, prevHash: Uint8Array, height: bigint, events: readonly ClaimEvent[]): Uint8Array {
  const h = createHash(hashName(hash));
  h.update(prevHash);
  const heightBytes = Buffer.alloc(8);
  heightBytes.writeBigUInt64BE(height);
  h.update(heightBytes);
  for (const event of events) {
    const bytes = toBinary(ClaimEventSchema, event);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.byteLength);
    h.update(len);
    h.update(bytes);
  }
  return new Uint8Array(h.digest());
}

/** Whether a stored block's hash matches its content and its predecessor. */
export function blockIsIntact(block: AuditBlock, prevHash: Uint8Array): boolean {
  return Buffer.from(block.prevHash).equals(Buffer.from(prevHash)) && Buffer.from(blockHash(block.hash, block.prevHash, block.height, block.events)).equals(Buffer.from(block.blockHash));
}
