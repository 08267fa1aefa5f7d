/**
 * The settle request (spec §3) both ways: the treatment side's message into the canonical claim,
 * and the canonical claim into the message delivered to an insured side's bus.
 */
import { create } from "@bufbuild/protobuf";
import { InvalidInputError } from "@tongxing/domain";
import { ClaimSchema, type Claim } from "@tongxing/proto";
import type { DecodedClaim } from "../dialect.js";
import { readDocument } from "./document-reader.js";
import { encodeDocument } from "./mapping-encoder.js";
import type { XmlEsbMapping } from "./mapping-types.js";

const TEXT_ENCODER = new TextEncoder();

/** Reads a settle request; the claim is marked as arrived in `dialect`. */
export function decodeClaimMessage(payload: Uint8Array, mapping: XmlEsbMapping, dialect: string): DecodedClaim {
  const claim = create(ClaimSchema);
  readDocument(payload, mapping.claim, claim as unknown as Record<string, unknown>, mapping.limits).throwIfAny();
  claim.dialect = dialect;
  return { claim, msgid: claim.msgid };
}

/**
 * Renders a claim as a settle request; InvalidInputError naming each canonical field it cannot
 * carry. A late claim's `LateSetl` is not written: it is the hub's audit input (rule LS1, the
 * refund in the answer), and the insured side adjudicates the care as any claim (as in nhsa-json).
 */
export function encodeClaimMessage(claim: Claim, mapping: XmlEsbMapping): Uint8Array {
  const delivered = claim.lateSettlement === undefined ? claim : { ...claim, lateSettlement: undefined };
  const { xml, problems } = encodeDocument(mapping.claim, delivered as unknown as Record<string, unknown>);
  if (problems.length > 0) throw new InvalidInputError(problems);
  return TEXT_ENCODER.encode(xml);
}
