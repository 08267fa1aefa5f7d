import type { ReplayOutcome } from "./apply-replay.js";
import type { ReplayStep } from "./replay-plan.js";

/** The plan, one line per dead letter, then a summary line. */
export function formatReplayPlan(steps: readonly ReplayStep[]): string[] {
  const lines = steps.map((s) => {
    const l = s.letter;
    const what = s.action === "replay" ? `REPLAY → ${l.originalSubject} (Nats-Msg-Id ${l.originalMsgId || "none"})` : `skip: ${s.why}`;
    const claim = l.claimId === "" ? "-" : `${l.claimId}${s.claimStatus === "" ? "" : ` [${s.claimStatus}]`}`;
    return `#${l.seq} ${l.at.toISOString()} ${l.reason} claim ${claim} from ${l.originalStream || "?"}/${l.originalSeq || "?"} after ${l.deliveries} deliveries (${l.detail || "no detail"}): ${what}`;
  });
  const replay = steps.filter((s) => s.action === "replay").length;
  lines.push(`${steps.length} dead letters matched: ${replay} to replay, ${steps.length - replay} skipped`);
  return lines;
}

/** One line per replayed message, then a summary line. */
export function formatReplayOutcomes(outcomes: readonly ReplayOutcome[]): string[] {
  const lines = outcomes.map((o) => {
    const l = o.step.letter;
    switch (o.result) {
      case "replayed":
        return `#${l.seq} replayed → ${o.stream} seq ${o.seq}`;
      case "duplicate":
        return `#${l.seq} dropped by JetStream as a duplicate: its Nats-Msg-Id ${l.originalMsgId} is still inside the duplicate window; run again after it`;
      case "failed":
        return `#${l.seq} FAILED: ${o.error}`;
      default: {
        const unknown: never = o.result;
        return unknown;
      }
    }
  });
  const count = (r: ReplayOutcome["result"]) => outcomes.filter((o) => o.result === r).length;
  lines.push(`replayed ${count("replayed")}, duplicates ${count("duplicate")}, failed ${count("failed")}`);
  return lines;
}
