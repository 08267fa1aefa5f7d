import { DeadLetterReasons, type DeadLetterReason } from "./topology.js";

/**
 * What a handler decided about one JetStream message; mapped once to the ack verbs by the
 * message pump: done → ack, retry → nak(delayMs) (dead letter once the consumer's deliveries
 * are spent), poison → dead letter (`deadLetter` names the reason subject) then term.
 */
export type MessageOutcome =
  | { readonly kind: "done" }
  | { readonly kind: "retry"; readonly delayMs: number; readonly reason: string }
  | { readonly kind: "poison"; readonly reason: string; readonly deadLetter: DeadLetterReason };

export const Outcome = {
  done: (): MessageOutcome => ({ kind: "done" }),
  retry: (reason: string, delayMs = 1_000): MessageOutcome => ({ kind: "retry", delayMs, reason }),
  poison: (reason: string, deadLetter: DeadLetterReason = DeadLetterReasons.POISON): MessageOutcome => ({ kind: "poison", reason, deadLetter }),
} as const;
