import { ScalarType } from "@bufbuild/protobuf";
import { AdjudicationSchema, type Adjudication } from "@tongxing/proto";

/**
 * A settlement's exact negation, field by field, as a cancel's answer carries it: every amount
 * (int64 fen) negated, absent amounts left absent; `balc` is a balance, not a payment, so after
 * the reversal the account holds its money again (balc + acct_pay; an absent acct_pay means the
 * account paid nothing, an absent balc stays absent).
 */
export function negatedAdjudication(a: Adjudication): Adjudication {
  const out = { ...a } as unknown as Record<string, unknown>;
  const source = a as unknown as Record<string, unknown>;
  for (const field of AdjudicationSchema.fields) {
    if (field.fieldKind !== "scalar" || field.scalar !== ScalarType.INT64 || field.localName === "balc") continue;
    const value = source[field.localName];
    if (typeof value === "bigint") out[field.localName] = -value;
  }
  out.balc = a.balc === undefined ? undefined : a.balc + (a.acctPay ?? 0n);
  return out as unknown as Adjudication;
}
