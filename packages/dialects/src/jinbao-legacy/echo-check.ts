/**
 * Checks of fields that repeat a value held elsewhere (`echo` roles): the trailer's control total,
 * the response's person and transaction code.
 */
import { formatScaledDecimal } from "@tongxing/domain";
import type { CompiledField } from "./compiled-mapping.js";
import { IMPLIED_DECIMALS } from "./mapping-types.js";

/** A value as a message shows it: numbers in units with their decimals, strings quoted. */
export function showValue(field: CompiledField, value: string | bigint): string {
  const type = field.spec.type;
  if (typeof value === "bigint" && (type === "amount" || type === "cnt" || type === "pric")) return formatScaledDecimal(value, IMPLIED_DECIMALS[type]);
  return `"${String(value).slice(0, 60)}"`;
}

/** Why the echoed `value` does not match `expected` (described as held by `holder`), or undefined when it does. */
export function echoProblem(field: CompiledField, value: string | bigint, expected: string | bigint, holder: string): string | undefined {
  const check = field.spec.role?.kind === "echo" ? field.spec.role.check : "none";
  if (check === "none" || value === expected) return undefined;
  if (check === "equal-if-present" && value === "") return undefined;
  return `says ${showValue(field, value)}, ${holder} says ${showValue(field, expected)}`;
}
