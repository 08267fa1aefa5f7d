import { fromBinary } from "@bufbuild/protobuf";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { Streams } from "@tongxing/nats";
import { LedgerEntrySchema, type LedgerEntry } from "@tongxing/proto";

/** Every ledger entry, oldest first (the clearing step filters by period). */
export async function* readLedger(nc: NatsConnection): AsyncGenerator<LedgerEntry> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(Streams.LEDGER);
  if (info.state.messages === 0) return;
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(Streams.LEDGER, { seq }).catch(() => null);
    if (m !== null) yield fromBinary(LedgerEntrySchema, m.data);
  }
}
