import { toBinary } from "@bufbuild/protobuf";
import { AuditBlockSchema, BlockLayout, type AuditBlock } from "@tongxing/proto";
import { redactBlock } from "../../audit-chain/redact-block.js";
import type { Scope } from "../account.js";
import type { ClaimBlock } from "./find-claim-blocks.js";

/** How a block is carried in an evidence file (the `layout` of its entry). */
export const EvidenceBlockLayout = {
  /** Written before event digests: whole, every event in it, as stored. */
  RAW: "raw",
  /** Only this claim's events kept; every other event left out by position and digest. */
  EVENT_DIGESTS: "event-digests",
} as const;
export type EvidenceBlockLayout = (typeof EvidenceBlockLayout)[keyof typeof EvidenceBlockLayout];

/** A chain block in an evidence file, its protobuf (base64) enough to recompute its hash. */
export interface EvidenceBlock {
  readonly stream_seq: number;
  readonly height: string;
  readonly block_hash_hex: string;
  readonly layout: EvidenceBlockLayout;
  /** Other claims' events left out of this copy (event-digests only). */
  readonly omitted_events: number;
  readonly block_base64: string;
}

/**
 * A block that holds this claim's events but is not in the file: a raw-layout block (its hash
 * covers every event's bytes, so it cannot be redacted) that also holds other claims' events,
 * in a provincial account's file. The claim's events in it are named but not proven by the file.
 */
export interface WithheldBlock {
  readonly stream_seq: number;
  readonly height: string;
  readonly block_hash_hex: string;
  readonly layout: typeof EvidenceBlockLayout.RAW;
  /** This claim's events the block holds. */
  readonly claim_events: number;
  /** Other claims' events, the reason it is withheld. */
  readonly other_events: number;
}

/**
 * The chain blocks of an evidence file, holding no event of another claim wherever the layout
 * allows: every event-digest block is copied with only `claimId`'s events kept, for every account.
 * A raw-layout block (written before event digests) cannot be redacted: a national account gets
 * it whole; a provincial account gets it whole only when it holds nothing but this claim's events,
 * and is otherwise told of it in `withheld` (another province's claims must not reach it).
 */
export function evidenceBlocks(claimId: string, blocks: readonly ClaimBlock[], scope: Scope): { blocks: EvidenceBlock[]; withheld: WithheldBlock[] } {
  const out: EvidenceBlock[] = [];
  const withheld: WithheldBlock[] = [];
  const entry = (b: ClaimBlock, block: AuditBlock, layout: EvidenceBlockLayout): EvidenceBlock => ({
    stream_seq: b.streamSeq,
    height: block.height.toString(),
    block_hash_hex: Buffer.from(block.blockHash).toString("hex"),
    layout,
    omitted_events: block.omittedEvents.length,
    block_base64: Buffer.from(toBinary(AuditBlockSchema, block)).toString("base64"),
  });
  for (const b of blocks) {
    const layout = b.block.layout;
    switch (layout) {
      case BlockLayout.EVENT_DIGESTS:
        out.push(entry(b, redactBlock(b.block, (e) => e.claimId === claimId), EvidenceBlockLayout.EVENT_DIGESTS));
        break;
      case BlockLayout.UNSPECIFIED: {
        const claimEvents = b.block.events.filter((e) => e.claimId === claimId).length;
        const otherEvents = b.block.events.length - claimEvents;
        if (scope === "national" || otherEvents === 0) out.push(entry(b, b.block, EvidenceBlockLayout.RAW));
        else withheld.push({ stream_seq: b.streamSeq, height: b.block.height.toString(), block_hash_hex: Buffer.from(b.block.blockHash).toString("hex"), layout: EvidenceBlockLayout.RAW, claim_events: claimEvents, other_events: otherEvents });
        break;
      }
      default: {
        const unknown: never = layout;
        throw new Error(`block ${b.block.height}: unknown block layout ${String(unknown)}`);
      }
    }
  }
  return { blocks: out, withheld };
}
