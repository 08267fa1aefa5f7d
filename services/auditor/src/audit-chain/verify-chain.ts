import { fromBinary } from "@bufbuild/protobuf";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import type { HubVerifyingKeys } from "@tongxing/pki";
import { AuditBlockSchema, type AuditBlock } from "@tongxing/proto";
import { blockProblem } from "./block-hash.js";
import { evidenceSignedBytes } from "./event-evidence.js";
import { periodRootProblem, type PeriodRoot } from "./period-root.js";

/** The outcome of a verification: intact, or the first broken link (and every evidence problem). */
export type ChainVerification =
  | { readonly ok: true; readonly blocks: number; readonly events: number; readonly headHashHex: string; readonly signedEvents: number; readonly rootsChecked: number }
  | { readonly ok: false; readonly blocks: number; readonly brokenAtHeight: bigint; readonly streamSeq: number; readonly reason: string; readonly problems?: readonly string[] };

/** What else to check beyond the hashes: the hub's signatures on events, and exported period roots. */
export interface VerifyChainOptions {
  /** The hub's public keys; with them every hub signature in the chain must verify. */
  readonly hubKeys?: HubVerifyingKeys;
  /** Signed roots exported at period close; each must match the chain at its height. */
  readonly roots?: readonly PeriodRoot[];
}

/**
 * Recomputes a chain from a stream, oldest first, and names the first broken link: a block whose
 * content does not hash to its stored hash (in its own layout: the chain mixes raw blocks written
 * before event digests and event-digest blocks), whose predecessor hash is not the previous
 * block's, whose height skips or repeats, or that leaves events out (only evidence copies may). With options it also checks each hub signature on a verdict
 * or settlement event and each exported period root: a chain rewritten consistently (every hash
 * recomputed) still fails there.
 */
export async function verifyChain(nc: NatsConnection, stream: string, subject: string, options: VerifyChainOptions = {}): Promise<ChainVerification> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream);
  const rootHeights = new Set((options.roots ?? []).map((r) => BigInt(r.height)));
  const hashAtHeight = new Map<bigint, string>();
  const problems: { height: bigint; seq: number; text: string }[] = [];
  let prevHash: Uint8Array = new Uint8Array();
  let expectedHeight = 1n;
  let blocks = 0;
  let events = 0;
  let signedEvents = 0;
  let lastSeq = 0;
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
    if (block.omittedEvents.length > 0) {
      return { ok: false, blocks, brokenAtHeight: block.height, streamSeq: seq, reason: `a stored block must be whole: this one leaves out ${block.omittedEvents.length} events (a copy made for an evidence file)` };
    }
    const problem = blockProblem(block, prevHash);
    if (problem !== undefined) {
      return { ok: false, blocks, brokenAtHeight: block.height, streamSeq: seq, reason: `stored hash does not match the block's content or its predecessor: ${problem}` };
    }
    if (options.hubKeys !== undefined) {
      const checked = checkHubSignatures(block, options.hubKeys);
      signedEvents += checked.signed;
      for (const text of checked.problems) problems.push({ height: block.height, seq, text });
    }
    if (rootHeights.has(block.height)) hashAtHeight.set(block.height, Buffer.from(block.blockHash).toString("hex"));
    prevHash = block.blockHash;
    expectedHeight += 1n;
    blocks += 1;
    events += block.events.length;
    lastSeq = seq;
  }
  for (const root of options.roots ?? []) {
    const text = periodRootProblem(root, hashAtHeight, options.hubKeys);
    if (text !== undefined) problems.push({ height: BigInt(root.height), seq: lastSeq, text });
  }
  const first = problems[0];
  if (first !== undefined) {
    return { ok: false, blocks, brokenAtHeight: first.height, streamSeq: first.seq, reason: problems.map((p) => p.text).join("; "), problems: problems.map((p) => p.text) };
  }
  return { ok: true, blocks, events, headHashHex: Buffer.from(prevHash).toString("hex"), signedEvents, rootsChecked: options.roots?.length ?? 0 };
}

/**
 * Every hub signature in a block verified: a verdict or settlement without one, a signature by a
 * key the verifier does not hold, or one that fails, is a problem.
 */
function checkHubSignatures(block: AuditBlock, keys: HubVerifyingKeys): { signed: number; problems: string[] } {
  let signed = 0;
  const problems: string[] = [];
  for (const event of block.events) {
    const evidence = event.evidence;
    if (evidence === undefined) continue;
    if (evidence.hubSignature.byteLength === 0) {
      // A verdict or settlement (it has their digests) must carry the hub's signature.
      if (evidence.verdictDigest.byteLength > 0 || evidence.ledgerDigest.byteLength > 0) problems.push(`block ${block.height}: claim ${event.claimId}'s verdict or settlement is not signed by the hub`);
      continue;
    }
    const ok = keys.verify(evidence.hubKeyId, evidenceSignedBytes(event), evidence.hubSignature);
    if (ok === undefined) problems.push(`block ${block.height}: claim ${event.claimId}'s event is signed by unknown hub key ${evidence.hubKeyId.slice(0, 40)}`);
    else if (!ok) problems.push(`block ${block.height}: claim ${event.claimId}'s hub signature is invalid (the event's amounts or evidence were altered, or the signature forged)`);
    else signed += 1;
  }
  return { signed, problems };
}
