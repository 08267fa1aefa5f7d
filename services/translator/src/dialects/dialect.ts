import type { Claim, SettlementResult } from "@tongxing/proto";

/** A claim decoded from a province's message, before the gateway assigns its id. */
export interface DecodedClaim {
  /** claim_id and submitter_platform are left empty; the gateway fills them. */
  readonly claim: Claim;
  /** The sender's own message id: the default idempotency key. */
  readonly msgid: string;
}

/**
 * One province message format, both directions. Implementations are pure and synchronous:
 * no I/O, no clock (times come from the result), so the same bytes always give the same answer.
 */
export interface Dialect {
  /** Name used in SubmitClaimRequest.dialect and in the routing table, e.g. "nhsa-json". */
  readonly name: string;
  /**
   * Decodes a settle message into the canonical claim.
   * @throws InvalidInputError (from @tongxing/domain) naming every offending field; never any
   *   other error for bad input, whatever the bytes.
   */
  decodeClaim(payload: Uint8Array): DecodedClaim;
  /** Renders a final result (SETTLED, REJECTED or HELD) as the submitter expects it. */
  encodeResult(result: SettlementResult, claim: Claim): Uint8Array;
}
