/**
 * FHIR's pre-settlement form (spec §7): a Claim with `use` = `predetermination` asks what would
 * be paid; the ClaimResponse answering it says `use` = `predetermination` too. Otherwise both are
 * the settle forms, so they are read and written by the same mapping with `use` swapped.
 */
import { isLosslessNumber, parse, stringify } from "lossless-json";
import { InvalidInputError } from "@tongxing/domain";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** A JSON object's text with `use` replaced, numbers kept as written. */
function withUse(payload: Uint8Array, expected: string | undefined, use: string): Uint8Array {
  let root: unknown;
  try {
    root = parse(decoder.decode(payload));
  } catch (err) {
    throw new InvalidInputError([{ field: "payload", description: "is not valid JSON" }], { cause: err });
  }
  if (typeof root !== "object" || root === null || Array.isArray(root) || isLosslessNumber(root)) {
    throw InvalidInputError.of("payload", "must be a FHIR R4 Claim resource (a JSON object)");
  }
  const resource = root as Record<string, unknown>;
  if (expected !== undefined && resource.use !== expected) {
    throw InvalidInputError.of("use", `must be "${expected}" for a pre-settlement (got ${JSON.stringify(String(resource.use ?? "")).slice(0, 40)})`);
  }
  resource.use = use;
  return encoder.encode(stringify(resource) ?? "{}");
}

/** The settle-form Claim of a predetermination Claim; InvalidInputError on `use` when it is not one. */
export function predeterminationAsClaim(payload: Uint8Array): Uint8Array {
  return withUse(payload, "predetermination", "claim");
}

/** A ClaimResponse rendered in the settle form, marked as answering a predetermination. */
export function responseAsPredetermination(response: Uint8Array): Uint8Array {
  return withUse(response, undefined, "predetermination");
}
