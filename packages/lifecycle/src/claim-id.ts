import { createHash } from "node:crypto";

/**
 * The claim id is derived from the submitting platform and its idempotency key, so every
 * resubmission of the same claim maps to the same id and the store's create-if-absent is the
 * idempotency check. "C" + 24 hex characters (96 bits).
 */
export function deriveClaimId(submitterPlatform: string, idempotencyKey: string): string {
  const digest = createHash("sha256").update(submitterPlatform).update("\n").update(idempotencyKey).digest("hex");
  return `C${digest.slice(0, 24)}`;
}

const CLAIM_ID = /^C[0-9a-f]{24}$/;

export function isClaimId(text: string): boolean {
  return CLAIM_ID.test(text);
}
