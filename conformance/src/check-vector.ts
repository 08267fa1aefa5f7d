import { fromJsonString, toJson } from "@bufbuild/protobuf";
import { isDeepStrictEqual } from "node:util";
import { isInvalidInputError } from "@tongxing/domain";
import { ClaimSchema, SettlementResultSchema } from "@tongxing/proto";
import type { Dialect } from "@tongxing/dialects";
import type { GoldenVector } from "./golden-vectors.js";

/** Why a vector failed, or undefined when the dialect reproduces it exactly. */
export function checkVector(dialect: Dialect, vector: GoldenVector): string | undefined {
  if (vector.kind === "invalid") {
    try {
      dialect.decodeClaim(vector.input);
      return "decoded, but the vector expects a rejection";
    } catch (err) {
      if (!isInvalidInputError(err)) return `threw ${err instanceof Error ? err.name : typeof err}, not InvalidInputError`;
      const want = vector.error;
      const hit = err.violations.find((v) => v.field === want?.field && new RegExp(want.description).test(v.description));
      return hit === undefined ? `violations ${JSON.stringify(err.violations)} do not include ${JSON.stringify(want)}` : undefined;
    }
  }
  let claim;
  try {
    claim = dialect.decodeClaim(vector.input).claim;
  } catch (err) {
    return `decode failed: ${err instanceof Error ? err.message : String(err)}`;
  }
  const expected = JSON.parse(vector.claimJson ?? "{}") as unknown;
  const actual = toJson(ClaimSchema, claim);
  if (!isDeepStrictEqual(actual, expected)) return `canonical claim differs:\n got ${JSON.stringify(actual)}\nwant ${JSON.stringify(expected)}`;
  const result = fromJsonString(SettlementResultSchema, vector.resultJson ?? "{}");
  const rendered = dialect.encodeResult(result, claim);
  if (!Buffer.from(rendered).equals(Buffer.from(vector.expectedResult ?? new Uint8Array()))) {
    return `rendered result differs:\n got ${Buffer.from(rendered).toString("utf8").slice(0, 400)}\nwant ${Buffer.from(vector.expectedResult ?? []).toString("utf8").slice(0, 400)}`;
  }
  return undefined;
}
