import type { JetStreamClient } from "@nats-io/jetstream";
import { headers as natsHeaders, type MsgHdrs } from "@nats-io/nats-core";
import { Headers, MsgIds, Subjects, type DeadLetterReason } from "./topology.js";

/** One stream message about to be dead-lettered, as a consumer or a stream read sees it. */
export interface DeadLetterSource {
  readonly subject: string;
  readonly stream: string;
  /** Stream sequence. */
  readonly seq: number;
  readonly data: Uint8Array;
  readonly headers?: MsgHdrs | undefined;
  /** Deliveries so far (0 when unknown). */
  readonly deliveries: number;
}

/** Longest detail text kept in a header. */
const MAX_DETAIL_CHARS = 500;

/**
 * Copies a message to `tongxing.deadletter.<reason>` with where it came from (subject, stream,
 * sequence, its Nats-Msg-Id) and why, so nothing is dropped without a copy and `replay` can put
 * it back with the same idempotency key. The copy's own Nats-Msg-Id is per stream message, so a
 * copy made twice (a crash between copy and term) is kept once. Throws when JetStream did not
 * take it: the caller must then not drop the original.
 */
export async function publishDeadLetter(js: JetStreamClient, source: DeadLetterSource, reason: DeadLetterReason | string, detail: string): Promise<void> {
  const h = natsHeaders();
  for (const [k, values] of source.headers ?? []) {
    if (k === Headers.NATS_MSG_ID) continue;
    for (const v of values) h.append(k, v);
  }
  const originalMsgId = source.headers?.get(Headers.NATS_MSG_ID) ?? "";
  h.set(Headers.DEADLETTER_REASON, reason);
  h.set(Headers.DEADLETTER_DETAIL, oneLine(detail));
  h.set(Headers.ORIGINAL_SUBJECT, source.subject);
  h.set(Headers.ORIGINAL_STREAM, source.stream);
  h.set(Headers.ORIGINAL_SEQ, String(source.seq));
  if (originalMsgId !== "") h.set(Headers.ORIGINAL_MSG_ID, originalMsgId);
  h.set(Headers.DELIVERIES, String(source.deliveries));
  await js.publish(Subjects.deadletter(reason), source.data, { msgID: MsgIds.deadletterOf(source.stream, source.seq), headers: h });
}

function oneLine(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ").trim();
  return flat.length > MAX_DETAIL_CHARS ? `${flat.slice(0, MAX_DETAIL_CHARS)}…` : flat === "" ? "(no detail)" : flat;
}
