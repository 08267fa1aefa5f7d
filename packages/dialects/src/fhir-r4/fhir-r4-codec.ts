/**
 * A fhir-r4 mapping compiled for its two resources: the Claim against the canonical Claim and the
 * ClaimResponse against the response view. Compiled once per dialect; a mapping that does not fit
 * throws Error then, never while a message is read.
 */
import { ClaimSchema } from "@tongxing/proto";
import { compileResource, messageShape, type CompiledResource } from "./compiled-mapping.js";
import type { FhirR4Mapping } from "./mapping-types.js";
import { RESPONSE_VIEW_SHAPE } from "./response-view.js";

/** A mapping and its compiled resources. */
export interface FhirR4Codec {
  readonly mapping: FhirR4Mapping;
  readonly claim: CompiledResource;
  readonly claimResponse: CompiledResource;
}

/** Compiles `mapping`; throws Error naming the first rule that does not fit. */
export function compileFhirR4(mapping: FhirR4Mapping): FhirR4Codec {
  return {
    mapping,
    claim: compileResource(mapping.claim, messageShape(ClaimSchema), mapping.extensionBase),
    claimResponse: compileResource(mapping.claimResponse, RESPONSE_VIEW_SHAPE, mapping.extensionBase),
  };
}
