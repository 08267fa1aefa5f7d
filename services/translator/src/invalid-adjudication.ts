import { InvalidInputError } from "@tongxing/domain";
import { validateAdjudication } from "@tongxing/dialects";
import type { Adjudication } from "@tongxing/proto";

/**
 * The refusal code of a claim (or pre-settlement) whose insured platform answered with a reply the
 * hub cannot settle on (a required amount absent, a field unreadable): the claim is REJECTED with
 * the reason, never settled with the amount read as 0.
 */
export const INVALID_ADJUDICATION = "INVALID_ADJUDICATION";

/**
 * Why a canonical adjudication cannot be settled on ("fund_pay_sumamt: is required"), or "" when
 * it can: it is held to what the dialects require of theirs.
 */
export function adjudicationProblems(adjudication: Adjudication): string {
  const violations = validateAdjudication(adjudication);
  return violations.length === 0 ? "" : new InvalidInputError(violations).message;
}
