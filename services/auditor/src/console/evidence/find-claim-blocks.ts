import { fromBinary } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { DeliverPolicy, type JetStreamClient } from "@nats-io/jetstream";
import { Streams, Subjects } from "@tongxing/nats";
import { AuditBlockSchema, type AuditBlock, type ClaimRecord } from "@tongxing/proto";

/** A chain block holding at least one of a claim's events, with its stream sequence. */
export interface ClaimBlock {
  readonly streamSeq: number;
  readonly block: AuditBlock;
}

/** Blocks read at most per lookup, so one claim page cannot scan a whole day's chain. */
const MAX_BLOCKS_SCANNED = 20_000;

/**
 * The audit-chain blocks that hold a claim's events: an ordered consumer starts a few seconds
 * before the claim's first event and reads to the chain's head (later events such as unmasks
 * belong to the claim too). `truncated` says the scan stopped at its limit.
 */
export async function findClaimBlocks(js: JetStreamClient, record: ClaimRecord): Promise<{ blocks: ClaimBlock[]; truncated: boolean }> {
  const first = record.events[0]?.at;
  const startMs = first === undefined ? 0 : timestampDate(first).getTime() - 5_000;
  const consumer = await js.consumers.get(Streams.AUDIT_CHAIN, {
    filter_subjects: Subjects.auditChain,
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: new Date(Math.max(0, startMs)).toISOString(),
  });
  const head = (await (await js.jetstreamManager()).streams.info(Streams.AUDIT_CHAIN)).state.last_seq;
  const blocks: ClaimBlock[] = [];
  let scanned = 0;
  let lastSeq = 0;
  try {
    while (lastSeq < head && scanned < MAX_BLOCKS_SCANNED) {
      const before = scanned;
      const batch = await consumer.fetch({ max_messages: 500, expires: 1_000 });
      for await (const m of batch) {
        scanned += 1;
        lastSeq = m.seq;
        const block = fromBinary(AuditBlockSchema, m.data);
        if (block.events.some((e) => e.claimId === record.claimId)) blocks.push({ streamSeq: m.seq, block });
        if (lastSeq >= head) break;
      }
      if (scanned === before) break; // nothing after the start time
    }
    return { blocks, truncated: lastSeq < head && scanned >= MAX_BLOCKS_SCANNED };
  } finally {
    await consumer.delete().catch(() => false); // ordered consumers are ephemeral; deleting early only frees it sooner
  }
}
