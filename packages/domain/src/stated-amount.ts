/**
 * Amounts with field presence (absent is not zero): `undefined` means the sender did not state
 * the amount, `0n` that it stated 0.00. These helpers make every place that combines them say
 * which reading it takes.
 */

/**
 * Amounts every adjudication must state, as [national wire name, canonical field]: the total
 * billed, which the claim's total is checked against, and what the funds pay, which the clearing
 * ledger posts. Absent is not zero, so an adjudication without one is refused (by the dialects
 * while decoding) or rejected (rule A1), never settled with it read as 0. Every other setlinfo
 * amount is a component, absent where the platform does not state it.
 */
export const REQUIRED_ADJUDICATION_AMOUNTS = [
  ["medfee_sumamt", "medfeeSumamt"],
  ["fund_pay_sumamt", "fundPaySumamt"],
] as const;

/**
 * The sum of the amounts that were stated; an absent one contributes nothing. For sums whose
 * documented rule says so (e.g. the components of identities I2–I4, docs/audit-rules.md);
 * `undefined` when none of them was stated.
 */
export function sumStated(parts: readonly (bigint | undefined)[]): bigint | undefined {
  let sum: bigint | undefined;
  for (const p of parts) if (p !== undefined) sum = (sum ?? 0n) + p;
  return sum;
}

/** The negation of an amount, absent staying absent (a reversal negates what was stated). */
export function negateStated(value: bigint | undefined): bigint | undefined {
  return value === undefined ? undefined : -value;
}
