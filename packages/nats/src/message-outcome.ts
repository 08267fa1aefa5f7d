/**
 * What a handler decided about one JetStream message; mapped once to the ack verbs:
 * done → ack, retry → nak(delayMs), poison → term(reason) (the caller dead-letters first).
 */
export type MessageOutcome =
  | { readonly kind: "done" }
  | { readonly kind: "retry"; readonly delayMs: number; readonly reason: string }
  | { readonly kind: "poison"; readonly reason: string };

export const Outcome = {
  done: (): MessageOutcome => ({ kind: "done" }),
  retry: (reason: string, delayMs = 1_000): MessageOutcome => ({ kind: "retry", delayMs, reason }),
  poison: (reason: string): MessageOutcome => ({ kind: "poison", reason }),
} as const;
