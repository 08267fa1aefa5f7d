import type { JetStreamManager } from "@nats-io/jetstream";
import type { MsgHdrs } from "@nats-io/nats-core";
import { Headers, Streams } from "@tongxing/nats";
import { decodeEnvelopeHead } from "@tongxing/proto/wire";

/** One message of the DEADLETTER stream, with where it came from and why. */
export interface DeadLetter {
  /** Sequence in DEADLETTER. */
  readonly seq: number;
  readonly at: Date;
  /** Last subject token (`tongxing.deadletter.<reason>`). */
  readonly reason: string;
  readonly detail: string;
  /** "" when neither a header nor the envelope names one. */
  readonly claimId: string;
  /** "" for copies made before origins were recorded (and route refusals): not replayable. */
  readonly originalSubject: string;
  readonly originalStream: string;
  readonly originalSeq: number;
  /** The original Nats-Msg-Id (its idempotency key on the hop), "" when it had none. */
  readonly originalMsgId: string;
  readonly deliveries: number;
  readonly data: Uint8Array;
  readonly headers: MsgHdrs | undefined;
}

/** Which dead letters to read; every given field must match. */
export interface DeadLetterSelector {
  readonly claimId?: string;
  readonly reason?: string;
  /** Inclusive. */
  readonly since?: Date;
  /** Exclusive. */
  readonly until?: Date;
}

/**
 * Reads the dead letters that match, oldest first, by sequence (DEADLETTER holds few messages:
 * each is a failure someone must look at). Read-only.
 */
export async function readDeadLetters(jsm: JetStreamManager, selector: DeadLetterSelector): Promise<DeadLetter[]> {
  const state = (await jsm.streams.info(Streams.DEADLETTER)).state;
  const out: DeadLetter[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const stored = await jsm.streams.getMessage(Streams.DEADLETTER, { seq }).catch(() => null);
    if (stored === null) continue; // deleted or expired
    const at = stored.time;
    if (selector.since !== undefined && at < selector.since) continue;
    if (selector.until !== undefined && at >= selector.until) continue;
    const letter = deadLetterOf(seq, at, stored.subject, stored.data, seqHeaders(stored));
    if (selector.reason !== undefined && letter.reason !== selector.reason) continue;
    if (selector.claimId !== undefined && letter.claimId !== selector.claimId) continue;
    out.push(letter);
  }
  return out;
}

function seqHeaders(stored: { header: MsgHdrs }): MsgHdrs | undefined {
  try {
    return stored.header;
  } catch {
    return undefined; // a message stored without headers
  }
}

function deadLetterOf(seq: number, at: Date, subject: string, data: Uint8Array, h: MsgHdrs | undefined): DeadLetter {
  const get = (k: string) => h?.get(k) ?? "";
  return {
    seq,
    at,
    reason: subject.slice(subject.lastIndexOf(".") + 1),
    detail: get(Headers.DEADLETTER_DETAIL),
    claimId: get(Headers.CLAIM_ID) || claimIdOf(data),
    originalSubject: get(Headers.ORIGINAL_SUBJECT),
    originalStream: get(Headers.ORIGINAL_STREAM),
    originalSeq: Number(get(Headers.ORIGINAL_SEQ) || 0),
    originalMsgId: get(Headers.ORIGINAL_MSG_ID),
    deliveries: Number(get(Headers.DELIVERIES) || 0),
    data,
    headers: h,
  };
}

/** The claim id of a hop envelope, "" for anything else (results, undecodable bytes). */
function claimIdOf(data: Uint8Array): string {
  try {
    return decodeEnvelopeHead(data).envelope.claim?.claimId ?? "";
  } catch {
    return "";
  }
}
