/**
 * The part of a claim envelope that a hop routing or delivering it reads: the envelope's own
 * fields and the claim's head (ids, regions, person, encounter), without the fee lines that are
 * the bulk of a claim nor the message as received (which only the record keeps); and the claim's
 * bytes, to pass on or decode whole where needed.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { ClaimEnvelopeSchema, ClaimSchema, type ClaimEnvelope } from "../gen/mod.js";
import { messageFieldValue, withoutFields } from "./field-bytes.js";

export interface EnvelopeHead {
  /** The envelope, its claim (if any) without fee lines, and without `received`. */
  readonly envelope: ClaimEnvelope;
  /** The claim's encoding as it came (undefined: the envelope has no claim). */
  readonly claimBytes: Uint8Array | undefined;
}

/** Throws, as fromBinary does, on bytes that are not a claim envelope. */
export function decodeEnvelopeHead(bytes: Uint8Array): EnvelopeHead {
  const CLAIM = ClaimEnvelopeSchema.field.claim.number;
  const envelope = fromBinary(ClaimEnvelopeSchema, withoutFields(bytes, [CLAIM, ClaimEnvelopeSchema.field.received.number]));
  const claimBytes = messageFieldValue(bytes, CLAIM);
  if (claimBytes !== undefined) envelope.claim = fromBinary(ClaimSchema, withoutFields(claimBytes, [ClaimSchema.field.feeLines.number]));
  return { envelope, claimBytes };
}
