/**
 * The Claim both ways (spec §3): a treatment platform's Claim into the canonical claim, held to
 * the shared claim validation, and a canonical claim into the Claim delivered to an insured
 * platform. decodeClaim(encodeClaim(c)) is c for every claim the dialect can carry.
 */
import { create } from "@bufbuild/protobuf";
import { InvalidInputError } from "@tongxing/domain";
import { ClaimSchema, ClaimTotalsSchema, EncounterSchema, PersonSchema, type Claim } from "@tongxing/proto";
import { validateClaim } from "../claim-validation.js";
import type { DecodedClaim } from "../dialect.js";
import { encodeRules } from "./document-encoder.js";
import type { FhirR4Codec } from "./fhir-r4-codec.js";
import { toJsonBytes } from "./json-text.js";
import { canonicalChain, readResource } from "./resource-reader.js";

/** Reads a Claim; the claim is marked as arrived in `dialect`. InvalidInputError names every problem by FHIR path. */
export function decodeClaimResource(payload: Uint8Array, codec: FhirR4Codec, dialect: string): DecodedClaim {
  const claim = create(ClaimSchema, { person: {}, encounter: {}, totals: {} });
  const read = readResource(payload, codec.claim, claim as unknown as Record<string, unknown>, codec.mapping);
  for (const v of validateClaim(claim)) read.violations.add(canonicalChain(v.field, codec.claim, read), v.description);
  read.violations.throwIfAny();
  claim.dialect = dialect;
  return { claim, msgid: claim.msgid };
}

/** Renders a claim as a Claim; InvalidInputError naming each canonical field it cannot carry. */
export function encodeClaimResource(claim: Claim, codec: FhirR4Codec): Uint8Array {
  const source = {
    ...claim,
    person: claim.person ?? create(PersonSchema),
    encounter: claim.encounter ?? create(EncounterSchema),
    totals: claim.totals ?? create(ClaimTotalsSchema),
  };
  const { json, problems } = encodeRules(codec.claim.rules, source, codec.mapping.currency);
  if (problems.length > 0) throw new InvalidInputError(problems);
  return toJsonBytes(json);
}
