/**
 * The `fhir-r4` dialect: HL7 FHIR R4 Claim in, ClaimResponse out (docs/dialects/fhir-r4.md). All
 * five directions; the FHIR path ↔ field tables are the mapping (mapping.ts), interpreted
 * generically, so a variant is `createFhirR4Dialect({ name, mapping })` plus its vectors.
 */
import { guardDecode } from "../decode-guard.js";
import type { Dialect } from "../dialect.js";
import { decodeReplyResource, encodeReplyResource } from "./adjudication-reply.js";
import { decodeClaimResource, encodeClaimResource } from "./claim-codec.js";
import { compileFhirR4 } from "./fhir-r4-codec.js";
import type { FhirR4Mapping } from "./mapping-types.js";
import { FHIR_R4_MAPPING } from "./mapping.js";
import { encodeResultResource } from "./result-message.js";
import { preSettlementAsResult } from "../pre-settle-result.js";
import { predeterminationAsClaim, responseAsPredetermination } from "./predetermination.js";
import { create } from "@bufbuild/protobuf";
import { ClaimSchema } from "@tongxing/proto";

/** Options of {@link createFhirR4Dialect}. */
export interface FhirR4DialectOptions {
  /** Dialect name; default "fhir-r4". */
  readonly name?: string;
  /** FHIR path ↔ field mapping; default the specified one. */
  readonly mapping?: FhirR4Mapping;
}

/** A dialect with all five directions (no message security, no cancel message). */
export type FhirR4Dialect = Dialect & Required<Pick<Dialect, "encodeClaim" | "decodeAdjudication" | "encodeAdjudication">>;

/**
 * Creates a fhir-r4 dialect for a mapping, compiling it once (throws Error when it does not fit
 * the canonical schema). Every decode throws only InvalidInputError.
 */
export function createFhirR4Dialect(options: FhirR4DialectOptions = {}): FhirR4Dialect {
  const name = options.name ?? "fhir-r4";
  const codec = compileFhirR4(options.mapping ?? FHIR_R4_MAPPING);
  return {
    name,
    decodeClaim: (payload) => guardDecode(() => decodeClaimResource(payload, codec, name), "could not be read as a FHIR R4 resource"),
    encodeResult: (result, claim) => encodeResultResource(result, claim, codec),
    encodeClaim: (claim) => encodeClaimResource(claim, codec),
    decodeAdjudication: (payload, claim) => guardDecode(() => decodeReplyResource(payload, claim, codec), "could not be read as a FHIR R4 resource"),
    encodeAdjudication: (adjudication, claim) => encodeReplyResource(adjudication, claim, codec),
    decodePreSettle: (payload) => guardDecode(() => decodeClaimResource(predeterminationAsClaim(payload), codec, name), "could not be read as a FHIR R4 resource"),
    encodePreSettleResult: (p) => responseAsPredetermination(encodeResultResource(preSettlementAsResult(p), p.claim ?? create(ClaimSchema), codec)),
  };
}

/** The fhir-r4 dialect as specified. */
export const fhirR4Dialect: FhirR4Dialect = createFhirR4Dialect();
