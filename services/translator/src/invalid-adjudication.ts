import { InvalidInputError } from "@tongxing/domain";
import { readImplicitRequiredAmounts, validateAdjudication } from "@tongxing/dialects";
import type { Adjudication } from "@tongxing/proto";

/**
 * The refusal code of a claim (or pre-settlement) whose insured platform answered with a reply the
 * hub cannot settle on (a required amount absent, a field unreadable): the claim is REJECTED with
 * the reason, never settled with the amount read as 0.
 */
export const INVALID_ADJUDICATION = "INVALID_ADJUDICATION";

/**
 * Why a canonical adjudication cannot be settled on ("fee_lines[0].feedetl_sn: is required"), or
 * "" when it can: it is held to what the dialects require of theirs. Its required amounts are read
 * first as proto3's implicit presence gives them (an absent one is the 0 an older sender meant:
 * readImplicitRequiredAmounts, filled in place).
 */
export function adjudicationProblems(adjudication: Adjudication): string {
  const violations = validateAdjudication(readImplicitRequiredAmounts(adjudication));
  return violations.length === 0 ? "" : new InvalidInputError(violations).message;
}
