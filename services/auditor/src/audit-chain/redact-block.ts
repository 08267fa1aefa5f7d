import { clone, create } from "@bufbuild/protobuf";
import { AuditBlockSchema, BlockLayout, ClaimEventSchema, OmittedEventSchema, type AuditBlock, type ClaimEvent } from "@tongxing/proto";
import { eventDigest, eventPositions } from "./block-hash.js";

/**
 * A copy of an event-digest block keeping only the events `keep` accepts; each other event is left
 * out as its position and digest, so the copy recomputes the same block hash without showing it.
 * A copy already redacted can be redacted further. Throws for a raw-layout block (its hash covers
 * the events' bytes: it cannot be redacted) and for a copy whose positions do not lay out.
 */
export function redactBlock(block: AuditBlock, keep: (event: ClaimEvent) => boolean): AuditBlock {
  if (block.layout !== BlockLayout.EVENT_DIGESTS) throw new Error(`block ${block.height}: only an event-digest block can leave events out`);
  const laid = eventPositions(block);
  if ("problem" in laid) throw new Error(`block ${block.height}: ${laid.problem}`);
  const events: ClaimEvent[] = [];
  const omittedEvents = laid.positions.flatMap((p, index) => {
    if ("event" in p && keep(p.event)) {
      events.push(clone(ClaimEventSchema, p.event));
      return [];
    }
    return [create(OmittedEventSchema, { index, digest: "event" in p ? eventDigest(block.hash, p.event) : p.digest })];
  });
  return create(AuditBlockSchema, { height: block.height, hash: block.hash, prevHash: block.prevHash, blockHash: block.blockHash, layout: block.layout, events, omittedEvents });
}
