// A chain written across the change of block layout: blocks stored in the raw-bytes layout, then
// the appender's event-digest blocks on top, verify as one chain; an edit in either kind is caught
// at its block; and a stored block that leaves events out (an evidence copy put in the stream) is
// broken, though its hash recomputes.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { blockHash, blockIsIntact, ChainAppender, redactBlock, verifyChain } from "@tongxing/auditor";
import { Actor, claimEvent } from "@tongxing/lifecycle";
import { connectNats, Streams, Subjects } from "@tongxing/nats";
import { AuditBlockSchema, BlockLayout, ChainHash, ClaimStatus, type AuditBlock } from "@tongxing/proto";
import { createLogger } from "@tongxing/telemetry";
import { startTestNats, type TestNats } from "@tongxing/testkit";

let nats: TestNats;
let nc: NatsConnection;

before(async () => {
  nats = await startTestNats();
  nc = await connectNats({ servers: nats.url, name: "chain-layouts-test" });
});

after(async () => {
  await nc.drain();
  await nats.stop();
});

const claimId = (n: number) => `C${String(n).padStart(24, "0")}`;
const event = (n: number, detail: string) => claimEvent(claimId(n), ClaimStatus.RECEIVED, "d".repeat(32), Actor.AUDITOR, detail);

async function addStream(name: string, subject: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name, subjects: [subject], storage: StorageType.Memory, retention: RetentionPolicy.Limits });
}

async function readBlocks(stream: string): Promise<AuditBlock[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream);
  const out: AuditBlock[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) out.push(fromBinary(AuditBlockSchema, (await jsm.streams.getMessage(stream, { seq }))!.data));
  return out;
}

async function copyChain(name: string, blocks: readonly AuditBlock[]): Promise<string> {
  const subject = `copy.${name}`;
  await addStream(name, subject);
  const js = jetstream(nc);
  for (const b of blocks) await js.publish(subject, toBinary(AuditBlockSchema, b));
  return subject;
}

test("raw blocks written before event digests and the appender's event-digest blocks verify as one chain; a stored block with left-out events is broken", async () => {
  // Two blocks as the chain held them before this change: the raw layout, no layout field.
  await addStream(Streams.AUDIT_CHAIN, Subjects.auditChain);
  const js = jetstream(nc);
  let prevHash: Uint8Array = new Uint8Array();
  for (const height of [1n, 2n]) {
    const raw = create(AuditBlockSchema, { height, hash: ChainHash.SM3, prevHash, events: [event(Number(height) * 10, "raw a"), event(Number(height) * 10 + 1, "raw b")] });
    raw.blockHash = blockHash(raw);
    await js.publish(Subjects.auditChain, toBinary(AuditBlockSchema, raw));
    prevHash = raw.blockHash;
  }
  const appender = new ChainAppender({ nc, js, log: createLogger({ service: "test", level: "silent" }) });
  await appender.append([event(30, "digest a"), event(31, "digest b"), event(32, "digest c")]);
  await appender.append([event(40, "digest d")]);

  const blocks = await readBlocks(Streams.AUDIT_CHAIN);
  assert.deepEqual(blocks.map((b) => b.layout), [BlockLayout.UNSPECIFIED, BlockLayout.UNSPECIFIED, BlockLayout.EVENT_DIGESTS, BlockLayout.EVENT_DIGESTS]);
  assert.ok(blocks.every((b) => b.omittedEvents.length === 0), "stored blocks are whole");
  const verified = await verifyChain(nc, Streams.AUDIT_CHAIN, Subjects.auditChain);
  assert.ok(verified.ok, JSON.stringify(verified, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
  assert.equal(verified.blocks, 4);
  assert.equal(verified.events, 8);

  const editedRaw = blocks.map((b) => fromBinary(AuditBlockSchema, toBinary(AuditBlockSchema, b)));
  editedRaw[1]!.events[0]!.detail = "raw a, edited";
  const r1 = await verifyChain(nc, "EDITED_RAW", await copyChain("EDITED_RAW", editedRaw));
  assert.ok(!r1.ok);
  assert.equal(r1.brokenAtHeight, 2n);
  assert.match(r1.reason, /does not match/);

  const editedDigest = blocks.map((b) => fromBinary(AuditBlockSchema, toBinary(AuditBlockSchema, b)));
  editedDigest[2]!.events[1]!.detail = "digest b, edited";
  const r2 = await verifyChain(nc, "EDITED_DIGEST", await copyChain("EDITED_DIGEST", editedDigest));
  assert.ok(!r2.ok);
  assert.equal(r2.brokenAtHeight, 3n);
  assert.match(r2.reason, /does not match/);

  // Block 3 replaced by its evidence copy keeping claim 31's event: its hash still recomputes and
  // block 4 still links to it, but a stored block must be whole.
  const redacted = [...blocks];
  redacted[2] = redactBlock(blocks[2]!, (e) => e.claimId === claimId(31));
  assert.ok(blockIsIntact(redacted[2], blocks[1]!.blockHash), "the copy's hash recomputes");
  const r3 = await verifyChain(nc, "REDACTED_STORED", await copyChain("REDACTED_STORED", redacted));
  assert.ok(!r3.ok);
  assert.equal(r3.brokenAtHeight, 3n);
  assert.match(r3.reason, /a stored block must be whole: this one leaves out 2 events/);
});
