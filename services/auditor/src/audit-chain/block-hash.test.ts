// Both block layouts: blocks stored before event digests (raw bytes) still verify, byte for byte as
// they were written; an event-digest block verifies whole and as a redacted copy, and every edit to
// a copy (a kept event, a digest, an index, a dropped or repeated entry) breaks it.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { clone, create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { AuditBlockSchema, BlockLayout, ChainHash, ClaimEventSchema, ClaimStatus, OmittedEventSchema, type AuditBlock, type ClaimEvent } from "@tongxing/proto";
import { blockHash, blockIsIntact, blockProblem, eventDigest } from "./block-hash.js";
import { redactBlock } from "./redact-block.js";

// Blocks as the chain appender wrote them before event digests (no layout field), SM3 and SHA-256:
// height 41, prev_hash 32 bytes of 0x01 / 0x02, a RECEIVED event of C0123… and a SETTLED one of C89ab….
const STORED_RAW_BLOCKS = {
  sm3: "CCkQARogAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEihQEKGUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1NjcQARoICIC1s8kGEAUiIGFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhKgp0cmFuc2xhdG9yMgluaHNhLWpzb26SAyJKIAcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHImUKGUM4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYQBhoGCIG1s8kGIiBiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYioHYXVkaXRvcjIHc2V0dGxlZJIDCSC5YCiQTjDZAiogqtTDhuJj1FnGzPA1WOEnkPCGTc1930brqbOuvZo8rx0=",
  sha256: "CCkQAhogAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIihQEKGUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1NjcQARoICIC1s8kGEAUiIGFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhKgp0cmFuc2xhdG9yMgluaHNhLWpzb26SAyJKIAcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHImUKGUM4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYQBhoGCIG1s8kGIiBiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYioHYXVkaXRvcjIHc2V0dGxlZJIDCSC5YCiQTjDZAiog+VMXYN9vu29dBzZ74eEo7217di3mzLSEbWuzATtTmd8=",
} as const;

const MINE = "C000000000000000000000mine";
const OTHER = "C00000000000000000000other";

function event(claimId: string, status: ClaimStatus, detail: string): ClaimEvent {
  return create(ClaimEventSchema, { claimId, status, at: { seconds: 1_764_547_200n, nanos: detail.length }, traceId: "c".repeat(32), actor: "auditor", detail });
}

/** A whole event-digest block as the appender writes it: other, mine, other, other, mine. */
function digestBlock(hash = ChainHash.SM3): AuditBlock {
  const events = [
    event(OTHER, ClaimStatus.RECEIVED, "other 1: 王审核 rejected, 4,200.00"),
    event(MINE, ClaimStatus.RECEIVED, "mine received"),
    event(`${OTHER}2`, ClaimStatus.HELD, "other 2 held"),
    event(`${OTHER}3`, ClaimStatus.SETTLED, "other 3 settled"),
    event(MINE, ClaimStatus.SETTLED, "mine settled"),
  ];
  const block = create(AuditBlockSchema, { height: 7n, hash, layout: BlockLayout.EVENT_DIGESTS, prevHash: new Uint8Array(32).fill(9), events });
  block.blockHash = blockHash(block);
  return block;
}

const mineOnly = (e: ClaimEvent) => e.claimId === MINE;

/** A copy through its wire form, as an evidence file carries it. */
function roundTrip(block: AuditBlock): AuditBlock {
  return fromBinary(AuditBlockSchema, toBinary(AuditBlockSchema, block));
}

test("blocks stored before event digests still verify, and their hash is the raw-bytes one", () => {
  for (const [name, base64] of Object.entries(STORED_RAW_BLOCKS)) {
    const block = fromBinary(AuditBlockSchema, Buffer.from(base64, "base64"));
    assert.equal(block.layout, BlockLayout.UNSPECIFIED, `${name}: no layout field`);
    assert.ok(blockIsIntact(block, block.prevHash), name);
    // The raw layout written out: H(prev_hash ‖ height ‖ for each event: len(4B BE) ‖ bytes).
    const h = createHash(name).update(block.prevHash).update(Buffer.from("0000000000000029", "hex"));
    for (const e of block.events) {
      const bytes = toBinary(ClaimEventSchema, e);
      h.update(Buffer.from(bytes.byteLength.toString(16).padStart(8, "0"), "hex")).update(bytes);
    }
    assert.deepEqual(blockHash(block), new Uint8Array(h.digest()), name);
    const edited = clone(AuditBlockSchema, block);
    edited.events[1]!.evidence!.medfeeSumamt += 1n;
    assert.equal(blockIsIntact(edited, edited.prevHash), false, `${name}: an altered amount`);
  }
});

test("a raw-layout block cannot be redacted, and one with left-out entries is not intact", () => {
  const block = fromBinary(AuditBlockSchema, Buffer.from(STORED_RAW_BLOCKS.sm3, "base64"));
  assert.throws(() => redactBlock(block, () => false), /only an event-digest block/);
  const withEntry = clone(AuditBlockSchema, block);
  const dropped = withEntry.events.pop()!;
  withEntry.omittedEvents.push(create(OmittedEventSchema, { index: 1, digest: eventDigest(block.hash, dropped) }));
  assert.equal(blockIsIntact(withEntry, withEntry.prevHash), false);
  assert.match(blockProblem(withEntry, withEntry.prevHash) ?? "", /raw-layout block cannot leave events out/);
});

test("an event-digest block's hash is H(prev_hash ‖ height ‖ H(event) for each event), SM3 or SHA-256", () => {
  for (const [hash, name] of [[ChainHash.SM3, "sm3"], [ChainHash.SHA256, "sha256"]] as const) {
    const block = digestBlock(hash);
    const h = createHash(name).update(block.prevHash).update(Buffer.from("0000000000000007", "hex"));
    for (const e of block.events) h.update(createHash(name).update(toBinary(ClaimEventSchema, e)).digest());
    assert.deepEqual(block.blockHash, new Uint8Array(h.digest()), name);
    assert.ok(blockIsIntact(roundTrip(block), block.prevHash), `${name}: whole`);
    assert.equal(blockIsIntact(block, new Uint8Array(32)), false, `${name}: another predecessor`);
    const edited = clone(AuditBlockSchema, block);
    edited.events[2]!.detail = "other 2 approved";
    assert.equal(blockIsIntact(edited, edited.prevHash), false, `${name}: an altered event`);
  }
});

test("a redacted copy keeps only the claim's events, lists the others by position and digest, and verifies", () => {
  const block = digestBlock();
  const copy = roundTrip(redactBlock(block, mineOnly));
  assert.deepEqual(copy.events.map((e) => e.detail), ["mine received", "mine settled"]);
  assert.deepEqual(copy.omittedEvents.map((o) => o.index), [0, 2, 3]);
  assert.deepEqual(copy.omittedEvents[0]!.digest, eventDigest(ChainHash.SM3, block.events[0]!));
  const wire = Buffer.from(toBinary(AuditBlockSchema, copy)).toString("latin1");
  for (const secret of [OTHER, "王审核", "other 2 held", "4,200.00"]) assert.ok(!wire.includes(Buffer.from(secret).toString("latin1")), `${secret} is not in the copy`);
  assert.deepEqual(copy.blockHash, block.blockHash);
  assert.ok(blockIsIntact(copy, block.prevHash));
  // A copy redacted further, and one with nothing kept, still verify.
  const fewer = redactBlock(copy, (e) => e.status === ClaimStatus.SETTLED);
  assert.deepEqual(fewer.omittedEvents.map((o) => o.index), [0, 1, 2, 3]);
  assert.ok(blockIsIntact(fewer, block.prevHash));
  assert.ok(blockIsIntact(redactBlock(block, () => false), block.prevHash));
  // The left-out entries' order in the copy does not matter: each names its position.
  const shuffled = clone(AuditBlockSchema, copy);
  shuffled.omittedEvents.reverse();
  assert.ok(blockIsIntact(shuffled, block.prevHash));
});

test("every edit to a redacted copy breaks it", () => {
  const copy = redactBlock(digestBlock(), mineOnly);
  const broken = (name: string, edit: (b: AuditBlock) => void, reason = /does not match its content/) => {
    const b = clone(AuditBlockSchema, copy);
    edit(b);
    assert.equal(blockIsIntact(b, b.prevHash), false, name);
    assert.match(blockProblem(b, b.prevHash) ?? "", reason, name);
  };
  broken("a kept event's detail", (b) => (b.events[1]!.detail = "mine settled, 1 fen more"));
  broken("a kept event's time", (b) => (b.events[0]!.at!.nanos += 1));
  broken("the kept events' order", (b) => b.events.reverse());
  broken("a digest's byte", (b) => (b.omittedEvents[1]!.digest[0]! ^= 1));
  broken("two digests swapped", (b) => ([b.omittedEvents[0]!.digest, b.omittedEvents[1]!.digest] = [b.omittedEvents[1]!.digest, b.omittedEvents[0]!.digest]));
  broken("an index moved", (b) => (b.omittedEvents[2]!.index = 4));
  broken("an entry dropped", (b) => b.omittedEvents.splice(1, 1));
  broken("the last entry dropped", (b) => b.omittedEvents.pop());
  broken("a kept event dropped", (b) => b.events.pop());
  broken("a kept event replaced by another event's digest", (b) => {
    b.events.pop();
    b.omittedEvents.push(create(OmittedEventSchema, { index: 4, digest: eventDigest(b.hash, event(MINE, ClaimStatus.SETTLED, "mine settled twice")) }));
  });
  broken("an index repeated", (b) => (b.omittedEvents[1]!.index = 0), /appears twice/);
  broken("an index out of range", (b) => (b.omittedEvents[2]!.index = 99), /beyond the block's 5 events/);
  broken("a digest one byte short, its neighbour one longer", (b) => {
    const [first, second] = [b.omittedEvents[1]!.digest, b.omittedEvents[2]!.digest];
    b.omittedEvents[1]!.digest = first.slice(0, 31);
    b.omittedEvents[2]!.digest = Buffer.concat([first.slice(31), second]);
  }, /31 bytes, not 32/);
  broken("the layout changed to raw", (b) => (b.layout = BlockLayout.UNSPECIFIED), /raw-layout block cannot leave events out/);
  broken("an unknown layout", (b) => (b.layout = 9 as BlockLayout), /unknown block layout 9/);
  assert.throws(() => blockHash({ ...copy, omittedEvents: [...copy.omittedEvents, copy.omittedEvents[0]!] }), /block 7: left-out event index 0 appears twice/);
});
