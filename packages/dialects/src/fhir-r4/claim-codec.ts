/**
 * The Claim both ways (spec §3): a treatment platform's Claim into the canonical claim, held to
 * the shared claim validation, and a canonical claim into the Claim delivered to an insured
 * platform. decodeClaim(encodeClaim(c)) is c for every claim the dialect can carry.
 */
import { create } from "@bufbuild/protobuf";
import { InvalidInputError } from "@tongxing/domain";
import { ClaimSchema, ClaimTotalsSchema, EncounterSchema, LateSettlementSchema, PersonSchema, type Claim } from "@tongxing/proto";
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
  if (claim.lateSettlement !== undefined) {
    // A late claim's block (spec §3.5): read as sub-extensions, required as a whole.
    const late = create(LateSettlementSchema, claim.lateSettlement);
    claim.lateSettlement = late;
    const missing = (field: string, what: string) => read.violations.add(canonicalChain(`late_settlement.${field}`, codec.claim, read), `is required in a late-settlement extension (${what})`);
    if (late.outageEnd === "") missing("outage_end", "when the outage ended");
    if (late.cashPaidAmt === undefined) missing("cash_paid_amt", "what the patient paid in cash");
    else if (late.cashPaidAmt < 0n) read.violations.add(canonicalChain("late_settlement.cash_paid_amt", codec.claim, read), "must not be negative");
    if (late.outageBegin !== "" && late.outageEnd !== "" && late.outageBegin > late.outageEnd) read.violations.add(canonicalChain("late_settlement.outage_end", codec.claim, read), "must not be before outage-begin");
  }
  for (const v of validateClaim(claim)) read.violations.add(canonicalChain(v.field, codec.claim, read), v.description);
  read.violations.throwIfAny();
  claim.dialect = dialect;
  return { claim, msgid: claim.msgid };
}

/**
 * Renders a claim as a Claim; InvalidInputError naming each canonical field it cannot carry. A
 * late claim's block is not written: the insured side adjudicates the care as any claim.
 */
export function encodeClaimResource(claim: Claim, codec: FhirR4Codec): Uint8Array {
  const source = {
    ...claim,
    lateSettlement: undefined,
    person: claim.person ?? create(PersonSchema),
    encounter: claim.encounter ?? create(EncounterSchema),
    totals: claim.totals ?? create(ClaimTotalsSchema),
  };
  const { json, problems } = encodeRules(codec.claim.rules, source, codec.mapping.currency);
  if (problems.length > 0) throw new InvalidInputError(problems);
  return toJsonBytes(json);
}
