import { createHash } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { receivedContentType } from "@tongxing/dialects";
import { ReceivedMessageSchema, type ReceivedMessage } from "@tongxing/proto";
import { sealReceivedPayload } from "@tongxing/privacy";

/** The most of a message a claim record keeps (larger messages keep their first bytes). */
export const RECEIVED_COPY_MAX_BYTES = 256 * 1024;
/** Room a record keeps beside its claim and received copy for what later steps add (events, verdict, review). */
const RECORD_HEADROOM_BYTES = 64 * 1024;

/** A message as received, ready for the intake record, and the SM3 digest of the whole message. */
export interface ReceivedCopy {
  readonly message: ReceivedMessage;
  readonly digest: Uint8Array;
}

/**
 * What the intake record keeps of the message a platform sent: dialect, media type, size and its
 * bytes sealed (they hold personal identifiers). A record must stay under the bucket's largest
 * value (`maxRecordBytes`), and the adjudication it gains later can be as large as the claim (one
 * result per fee line), so the copy is at most {@link RECEIVED_COPY_MAX_BYTES} and at most what
 * is left after twice the claim and a headroom; a larger message keeps its first bytes
 * (`truncated`). The digest is always of the whole message.
 */
export function receivedCopyOf(payload: Uint8Array, dialect: string, claimBytes: number, maxRecordBytes: number): ReceivedCopy {
  const room = Math.max(0, Math.min(RECEIVED_COPY_MAX_BYTES, maxRecordBytes - 2 * claimBytes - RECORD_HEADROOM_BYTES));
  const kept = payload.byteLength <= room ? payload : payload.subarray(0, room);
  return {
    message: create(ReceivedMessageSchema, {
      dialect,
      contentType: receivedContentType(dialect),
      sizeBytes: BigInt(payload.byteLength),
      sealedPayload: sealReceivedPayload(kept),
      truncated: kept.byteLength < payload.byteLength,
    }),
    digest: new Uint8Array(createHash("sm3").update(payload).digest()),
  };
}
