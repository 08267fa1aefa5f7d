import { fromBinary } from "@bufbuild/protobuf";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { AuditBlockSchema } from "@tongxing/proto";
import { blockIsIntact } from "./block-hash.js";

/** The outcome of a verification: intact, or the first broken link. */
export type ChainVerification =
  | { readonly ok: true; readonly blocks: number; readonly events: number; readonly headHashHex: string }
  | { readonly ok: false; readonly blocks: number; readonly brokenAtHeight: bigint; readonly streamSeq: number; readonly reason: string };

/**
 * Recomputes a chain from a stream, oldest first, and names the first broken link: a block whose
 * content does not hash to its stored hash, whose predecessor hash is not the previous block's,
 * or whose height skips or repeats.
 */
export async function verifyChain(nc: NatsConnection, stream: string, subject: string): Promise<ChainVerification> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream);
  let prevHash: Uint8Array = new Uint8Array();
  let expectedHeight = 1n;
  let blocks = 0;
  let events = 0;
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (m === null || m.subject !== subject) continue;
    let block;
    try {
      block = fromBinary(AuditBlockSchema, m.data);
    } catch {
      return { ok: false, blocks, brokenAtHeight: expectedHeight, streamSeq: seq, reason: "block is not readable" };
    }
    if (block.height !== expectedHeight) {
      return { ok: false, blocks, brokenAtHeight: expectedHeight, streamSeq: seq, reason: `height ${block.height} where ${expectedHeight} was expected (a block is missing or repeated)` };
    }
    if (!blockIsIntact(block, prevHash)) {
      return { ok: false, blocks, brokenAtHeight: block.height, streamSeq: seq, reason: "stored hash does not match the block's content or its predecessor" };
    }
    prevHash = block.blockHash;
    expectedHeight += 1n;
    blocks += 1;
    events += block.events.length;
  }
  return { ok: true, blocks, events, headHashHex: Buffer.from(prevHash).toString("hex") };
}
