import type { ClaimStore } from "@tongxing/claim-store";
import { isFinalStatus, statusName } from "@tongxing/lifecycle";
import { Streams } from "@tongxing/nats";
import type { DeadLetter } from "./read-dead-letters.js";

/** What `replay` will do with one dead letter. */
export interface ReplayStep {
  readonly letter: DeadLetter;
  /** The claim's status now ("" when no record, or no claim). */
  readonly claimStatus: string;
  readonly action: "replay" | "skip";
  /** Why it is skipped. */
  readonly why: string;
}

/** Streams whose messages move a claim forward: pointless to replay once the claim is final. */
const CLAIM_HOPS: ReadonlySet<string> = new Set([Streams.CLAIMS, Streams.DELIVERY, Streams.ADJUDICATIONS]);

/**
 * Decides, for each dead letter, whether to put it back: only copies that know their origin,
 * once per original message, and, for a claim hop, only while the claim is not final (a settled
 * claim needs nothing more; replaying it would only be answered from its record).
 */
export async function planReplay(letters: readonly DeadLetter[], claims: ClaimStore): Promise<ReplayStep[]> {
  const seen = new Set<string>();
  const steps: ReplayStep[] = [];
  for (const letter of letters) {
    const status = letter.claimId === "" ? undefined : await claimStatusOf(claims, letter.claimId);
    const claimStatus = status === undefined ? "" : statusName(status);
    const origin = `${letter.originalStream}/${letter.originalSeq}`;
    let why = "";
    if (letter.originalSubject === "") why = "origin not recorded (a route refusal, or copied before replay existed)";
    else if (seen.has(origin)) why = `same message as an earlier dead letter (${origin})`;
    else if (status !== undefined && CLAIM_HOPS.has(letter.originalStream) && isFinalStatus(status)) why = `claim already ${claimStatus}`;
    if (letter.originalSubject !== "") seen.add(origin);
    steps.push({ letter, claimStatus, action: why === "" ? "replay" : "skip", why });
  }
  return steps;
}

async function claimStatusOf(claims: ClaimStore, claimId: string) {
  // A record that cannot be read is treated as absent: the plan then shows the letter for replay.
  const stored = await claims.read(claimId).catch(() => undefined);
  return stored?.record.status;
}
