// The chain in an evidence file: event-digest blocks carry only the claim's events (every account),
// raw blocks written before event digests go whole to a national account and, when they hold other
// claims' events, are withheld from a provincial one; verify-evidence proves what the file holds,
// names what it withholds, and refuses any edit to a kept event, a left-out digest or an index.
import assert from "node:assert/strict";
import { test } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { AuditBlockSchema, BlockLayout, ChainHash, ClaimEventSchema, ClaimRecordSchema, ClaimStatus, type AuditBlock, type ClaimEvent } from "@tongxing/proto";
import { blockHash } from "../../audit-chain/block-hash.js";
import type { Principal } from "../account.js";
import { buildEvidence, type Evidence } from "./claim-evidence.js";
import type { ClaimBlock } from "./find-claim-blocks.js";
import { verifyEvidence } from "./verify-evidence.js";

const MINE = "C0000000000000000000000a01";
const OTHER = "C0000000000000000000000b02";
const OTHER_REASON = "王审核: overturned, 8,800.00 over the cap";

let second = 1_764_547_200n;
function event(claimId: string, status: ClaimStatus, detail: string): ClaimEvent {
  return create(ClaimEventSchema, { claimId, status, at: { seconds: second++, nanos: 0 }, traceId: "e".repeat(32), actor: "auditor", detail });
}

const mine = [event(MINE, ClaimStatus.RECEIVED, "nhsa-json"), event(MINE, ClaimStatus.ROUTED, "to 32"), event(MINE, ClaimStatus.SETTLED, "settled")];
const record = create(ClaimRecordSchema, { claimId: MINE, status: ClaimStatus.SETTLED, events: mine, claim: { mdtrtareaAdmvs: "370102", insuplcAdmdvs: "320100" } });

/**
 * A chain of three blocks holding the claim's events: 1 raw with another claim's event, 2 raw with
 * only the claim's, 3 in event digests between two of another claim's.
 */
function chain(): ClaimBlock[] {
  const contents: [BlockLayout, ClaimEvent[]][] = [
    [BlockLayout.UNSPECIFIED, [mine[0]!, event(OTHER, ClaimStatus.RECEIVED, "other received")]],
    [BlockLayout.UNSPECIFIED, [mine[1]!]],
    [BlockLayout.EVENT_DIGESTS, [event(OTHER, ClaimStatus.REJECTED, OTHER_REASON), mine[2]!, event(`${OTHER}x`, ClaimStatus.HELD, "held")]],
  ];
  let prevHash: Uint8Array = new Uint8Array();
  return contents.map(([layout, events], i) => {
    const block = create(AuditBlockSchema, { height: BigInt(i + 1), hash: ChainHash.SM3, layout, prevHash, events });
    block.blockHash = blockHash(block);
    prevHash = block.blockHash;
    return { streamSeq: i + 1, block };
  });
}

const principal = (scope: string): Principal => ({ user: `u${scope}`, displayName: "测试", role: "viewer", scope });
const evidenceFor = (scope: string): Evidence => JSON.parse(JSON.stringify(buildEvidence(record, chain(), principal(scope), false))) as Evidence;
const blockOf = (file: Evidence, height: string) => fromBinary(AuditBlockSchema, Buffer.from(file.chain.blocks.find((b) => b.height === height)!.block_base64, "base64"));

/** Everything the file says, the blocks' bytes included. */
function fileText(file: Evidence): string {
  return JSON.stringify(file) + file.chain.blocks.map((b) => Buffer.from(b.block_base64, "base64").toString("utf8")).join("");
}

function edited(file: Evidence, height: string, edit: (block: AuditBlock) => void): Evidence {
  const copy = structuredClone(file);
  const entry = copy.chain.blocks.find((b) => b.height === height)! as { block_base64: string };
  const block = fromBinary(AuditBlockSchema, Buffer.from(entry.block_base64, "base64"));
  edit(block);
  entry.block_base64 = Buffer.from(toBinary(AuditBlockSchema, block)).toString("base64");
  return copy;
}

function problems(file: unknown): string {
  const check = verifyEvidence(file);
  assert.equal(check.ok, false);
  return check.ok ? "" : check.problems.join("\n");
}

test("a national account's file: raw blocks whole, event-digest blocks redacted to the claim; every event proven", () => {
  const file = evidenceFor("national");
  assert.deepEqual(file.chain.blocks.map((b) => [b.height, b.layout, b.omitted_events]), [["1", "raw", 0], ["2", "raw", 0], ["3", "event-digests", 2]]);
  assert.deepEqual(file.chain.withheld_blocks, []);
  assert.deepEqual(blockOf(file, "3").events.map((e) => e.claimId), [MINE]);
  assert.ok(!fileText(file).includes(OTHER_REASON), "the redacted block shows nothing of the other claims");
  const check = verifyEvidence(file);
  assert.ok(check.ok, JSON.stringify(check));
  assert.equal(check.events, 3);
  assert.deepEqual(check.unproven, []);
});

test("a provincial account's file holds no other claim: a raw block with others' events is withheld and its events named as unproven", () => {
  const file = evidenceFor("37");
  assert.deepEqual(file.chain.blocks.map((b) => [b.height, b.layout]), [["2", "raw"], ["3", "event-digests"]]);
  assert.deepEqual(file.chain.withheld_blocks.map((b) => [b.height, b.layout, b.claim_events, b.other_events]), [["1", "raw", 1, 1]]);
  for (const secret of [OTHER, OTHER_REASON, "other received"]) assert.ok(!fileText(file).includes(secret), `${secret} is not in the file`);
  const check = verifyEvidence(file);
  assert.ok(check.ok, JSON.stringify(check));
  assert.deepEqual(check.unproven, [{ index: 0, status: "RECEIVED", blockHeight: "1" }]);
  assert.equal(check.blocks, 2);
});

test("an edited kept event, left-out digest or index, or a block moved to the withheld list, is caught", () => {
  const file = evidenceFor("37");
  assert.match(problems(edited(file, "3", (b) => (b.events[0]!.detail = "settled twice"))), /block 3: its hash does not recompute/);
  assert.match(problems(edited(file, "3", (b) => (b.omittedEvents[0]!.digest[5]! ^= 0x80))), /block 3: its hash does not recompute/);
  assert.match(problems(edited(file, "3", (b) => (b.omittedEvents[1]!.index = 0))), /block 3: its hash does not recompute[\s\S]*appears twice/);
  assert.match(problems(edited(file, "3", (b) => (b.omittedEvents[1]!.index = 1))), /block 3: its hash does not recompute/);
  assert.match(problems(edited(file, "3", (b) => b.omittedEvents.pop())), /block 3: its hash does not recompute/);
  assert.match(problems(edited(file, "3", (b) => b.events.splice(0, 1))), /block 3: its hash does not recompute[\s\S]*event #2 \(SETTLED\): block 3 holds no such event/);
  const timeline = structuredClone(file);
  timeline.timeline[2] = { ...timeline.timeline[2]!, detail: "settled twice" };
  assert.match(problems(timeline), /event #2 \(SETTLED\): block 3 holds no such event/);
  const both = structuredClone(file);
  both.chain.withheld_blocks.push({ ...both.chain.withheld_blocks[0]!, height: "3" });
  assert.match(problems(both), /block 3: both in the file and said to be withheld/);
  // A block taken out and said to be withheld: nothing it held is proven any more, and the check says so.
  const moved = structuredClone(file);
  moved.chain.blocks = moved.chain.blocks.filter((b) => b.height !== "3");
  moved.chain.withheld_blocks.push({ ...moved.chain.withheld_blocks[0]!, height: "3" });
  const check = verifyEvidence(moved);
  assert.ok(check.ok);
  assert.deepEqual(check.unproven.map((e) => e.status), ["RECEIVED", "SETTLED"]);
});

test("a file of the first format (whole blocks) still verifies", () => {
  const file = { ...evidenceFor("national"), format: "tongxing-evidence/1" } as Record<string, unknown>;
  assert.ok(verifyEvidence(file).ok);
  assert.match(problems({ ...file, format: "tongxing-evidence/9" }), /format is not one of tongxing-evidence\/1, tongxing-evidence\/2/);
});
