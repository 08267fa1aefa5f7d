import { fromBinary } from "@bufbuild/protobuf";
import { DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { Streams } from "@tongxing/nats";
import { LedgerEntrySchema, type LedgerEntry } from "@tongxing/proto";

/**
 * How far an entry's `posted_at` (the auditor's clock, just before it publishes) may lie from the
 * time the stream stored it (the server's clock): the window is read this much wider on each side,
 * and callers still filter by `posted_at`, so a skew within it changes nothing.
 */
export const LEDGER_CLOCK_MARGIN_MS = 15 * 60_000;

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** [from, to) in epoch ms of a Beijing-time day "yyyy-MM-dd". */
export function dayWindowMs(day: string): { fromMs: number; toMs: number } {
  const fromMs = Date.parse(`${day}T00:00:00Z`) - BEIJING_OFFSET_MS;
  if (!Number.isFinite(fromMs) || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not a day yyyy-MM-dd: ${day}`);
  return { fromMs, toMs: fromMs + 86_400_000 };
}

/** [from, to) in epoch ms of a Beijing-time clearing period "yyyyMM". */
export function periodWindowMs(period: string): { fromMs: number; toMs: number } {
  const m = /^(\d{4})(\d{2})$/.exec(period);
  if (m === null) throw new RangeError(`not a period yyyyMM: ${period}`);
  const y = Number(m[1]);
  const month = Number(m[2]) - 1;
  return { fromMs: Date.UTC(y, month, 1) - BEIJING_OFFSET_MS, toMs: Date.UTC(y, month + 1, 1) - BEIJING_OFFSET_MS };
}

/**
 * The ledger entries the stream stored within [fromMs − margin, toMs + margin), oldest first.
 * An ordered consumer starts at that time (JetStream finds the first message by time, so the
 * entries before the window are never read) and stops at the first entry stored after it, so
 * the cost follows the window's entries, not the ledger's history. Every entry ever written is
 * on the stream in the same form, so entries from before this reader are read alike.
 */
export async function* readLedgerWindow(nc: NatsConnection, fromMs: number, toMs: number, marginMs = LEDGER_CLOCK_MARGIN_MS): AsyncGenerator<LedgerEntry> {
  const startMs = fromMs - marginMs;
  const endMs = toMs + marginMs;
  const info = await (await jetstreamManager(nc)).streams.info(Streams.LEDGER);
  // nothing stored at or after the start: an ordered consumer would only wait
  if (info.state.messages === 0 || Date.parse(info.state.last_ts) < startMs) return;
  const consumer = await jetstream(nc).consumers.get(Streams.LEDGER, { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(startMs).toISOString() });
  const messages = await consumer.consume({ max_messages: 1024 });
  try {
    for await (const m of messages) {
      if (m.info.timestampNanos / 1e6 >= endMs) break;
      yield fromBinary(LedgerEntrySchema, m.data);
      if (m.info.pending === 0) break;
    }
  } finally {
    await messages.close();
  }
}

/**
 * The entries stored around a clearing period (yyyyMM), margin included: the caller still keeps
 * those whose `period` is the one asked for. Costs what the period holds, not the whole ledger.
 */
export function readLedgerPeriod(nc: NatsConnection, period: string): AsyncGenerator<LedgerEntry> {
  const { fromMs, toMs } = periodWindowMs(period);
  return readLedgerWindow(nc, fromMs, toMs);
}
