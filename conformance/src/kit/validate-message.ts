import { isInvalidInputError } from "@tongxing/domain";
import type { Dialect } from "@tongxing/dialects";
import type { Claim } from "@tongxing/proto";
import type { CaseFailure } from "./case-outcome.js";
import { checkClaimAmounts } from "./claim-amount-checks.js";

/** What validating one message found: its claim when it decoded, and every violation named by field. */
export interface MessageVerdict {
  readonly claim?: Claim;
  readonly msgid?: string;
  readonly failures: readonly CaseFailure[];
}

/**
 * Decodes `payload` as a settle message of `dialect` (envelope, required fields, code tables:
 * SUB-01, as the dialect's decoder states them) and checks its amounts (SUB-02).
 */
export function validateMessage(dialect: Dialect, payload: Uint8Array): MessageVerdict {
  try {
    const decoded = dialect.decodeClaim(payload);
    return { claim: decoded.claim, msgid: decoded.msgid, failures: checkClaimAmounts(decoded.claim) };
  } catch (err) {
    if (isInvalidInputError(err)) return { failures: err.violations.map((v) => ({ requirement: "SUB-01", why: `${v.field}: ${v.description}` })) };
    return { failures: [{ requirement: "SUB-01", why: `not a ${dialect.name} message: ${err instanceof Error ? err.message : String(err)}` }] };
  }
}
