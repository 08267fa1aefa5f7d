import type { Adjudication, Claim, PreSettlement, SettlementCancel, SettlementResult } from "@tongxing/proto";

/** A claim decoded from a province's message, before the gateway assigns its id. */
export interface DecodedClaim {
  /** claim_id and submitter_platform are left empty; the gateway fills them. */
  readonly claim: Claim;
  /** The sender's own message id: the default idempotency key. */
  readonly msgid: string;
}

/** A cancellation decoded from a province's message (2208 / 2305 / 2103). */
export interface DecodedCancel {
  readonly cancel: SettlementCancel;
  /** The sender's own message id: the default idempotency key. */
  readonly msgid: string;
}

/** Key material for dialects with message security (e.g. the national interface's SM2/SM4). */
export interface PlatformSecurity {
  /** The platform's symmetric key (hex), e.g. SM4: decrypts its messages, encrypts answers to it. */
  readonly symmetricKeyHex?: string;
  /** The platform's public key (PEM), e.g. SM2: verifies its signatures. */
  readonly peerPublicKeyPem?: string;
  /** The hub's private key (PEM): signs answers. */
  readonly hubPrivateKeyPem?: string;
}

/**
 * One province message format, both directions. Implementations are pure and synchronous:
 * no I/O, no clock (times come from the message or the result), so the same input always gives
 * the same bytes. Every decode throws InvalidInputError (from @tongxing/domain) naming each
 * offending field, and never any other error, whatever the bytes.
 *
 * Treatment side:  decodeClaim (its settle message in)  →  encodeResult (its answer out).
 * Insured side:    encodeClaim (the claim delivered to it)  →  decodeAdjudication (its reply in).
 * The inverse functions (encodeClaim / encodeAdjudication) also serve the conformance kit, the
 * simulators and the round-trip property tests: decodeClaim(encodeClaim(c)) equals c.
 */
export interface Dialect {
  /** Name used in SubmitClaimRequest.dialect and in the routing table, e.g. "nhsa-json". */
  readonly name: string;
  /** Decodes a settle message into the canonical claim. */
  decodeClaim(payload: Uint8Array): DecodedClaim;
  /** Renders a final result (SETTLED, REJECTED or HELD) as the submitter expects it. */
  encodeResult(result: SettlementResult, claim: Claim): Uint8Array;
  /** Renders a canonical claim as this dialect's settle message. */
  encodeClaim?(claim: Claim): Uint8Array;
  /** Decodes an insured platform's adjudication reply for `claim`. */
  decodeAdjudication?(payload: Uint8Array, claim: Claim): Adjudication;
  /** Renders an adjudication as this dialect's reply (the insured side's view). */
  encodeAdjudication?(adjudication: Adjudication, claim: Claim): Uint8Array;
  /** Decodes a cancellation of an earlier settlement. */
  decodeCancel?(payload: Uint8Array): DecodedCancel;
  /**
   * Decodes a pre-settlement request (national 2206 / 2303 / 2101; FHIR Claim.use =
   * predetermination) into the claim it asks about. Absent: the dialect has no pre-settle form.
   */
  decodePreSettle?(payload: Uint8Array): DecodedClaim;
  /** Renders a pre-settlement's answer (what would be paid, or the refusal) as the submitter expects it. */
  encodePreSettleResult?(preSettlement: PreSettlement): Uint8Array;
  /** The same dialect bound to one platform's keys (dialects with message security only). */
  withSecurity?(security: PlatformSecurity): Dialect;
}
