import type { JetStreamClient } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import { Headers } from "@tongxing/nats";
import type { ReplayStep } from "./replay-plan.js";

/** What happened to one replayed dead letter. */
export interface ReplayOutcome {
  readonly step: ReplayStep;
  /** "replayed": stored again at `seq`; "duplicate": JetStream dropped it (same Nats-Msg-Id inside the duplicate window); "failed". */
  readonly result: "replayed" | "duplicate" | "failed";
  readonly stream: string;
  readonly seq: number;
  readonly error: string;
}

/** Headers the dead-letter copy added; the replayed message carries the original's only. */
const ADDED: ReadonlySet<string> = new Set([
  Headers.DEADLETTER_REASON,
  Headers.DEADLETTER_DETAIL,
  Headers.ORIGINAL_SUBJECT,
  Headers.ORIGINAL_STREAM,
  Headers.ORIGINAL_SEQ,
  Headers.ORIGINAL_MSG_ID,
  Headers.DELIVERIES,
]);

/**
 * Publishes each "replay" step's message to its original subject with its original headers and
 * Nats-Msg-Id, so every downstream idempotency guard sees the same message again: a copy of
 * something the hub meanwhile did is dropped (duplicate window) or answered from the claim's
 * record, never settled twice. The dead letters themselves stay (they are the record).
 */
export async function applyReplay(js: JetStreamClient, steps: readonly ReplayStep[]): Promise<ReplayOutcome[]> {
  const out: ReplayOutcome[] = [];
  for (const step of steps) {
    if (step.action !== "replay") continue;
    const { letter } = step;
    const h = natsHeaders();
    for (const [k, values] of letter.headers ?? []) {
      if (ADDED.has(k) || k === Headers.NATS_MSG_ID) continue;
      for (const v of values) h.append(k, v);
    }
    try {
      const ack = await js.publish(letter.originalSubject, letter.data, { headers: h, ...(letter.originalMsgId === "" ? {} : { msgID: letter.originalMsgId }) });
      out.push({ step, result: ack.duplicate ? "duplicate" : "replayed", stream: ack.stream, seq: ack.seq, error: "" });
    } catch (err) {
      out.push({ step, result: "failed", stream: "", seq: 0, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}
