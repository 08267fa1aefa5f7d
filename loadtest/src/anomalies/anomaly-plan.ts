import type { Adjudication } from "@tongxing/proto";
import type { NhsaSettleJson } from "../claims/claim-factory.js";
import { createSeededRandom } from "../claims/seeded-random.js";

/**
 * Anomaly categories planted by the anomaly run, each with how it is planted and which audit
 * rule should catch it. Documented in docs/anomalies.md.
 */
export const ANOMALY_CATEGORIES = {
  /** The insured platform overstates the pooled fund by 1 fen (breaks I2/I4, P1). */
  "fund-off-by-one-fen": { plantedBy: "insured platform", caughtBy: "I2, I4, P1" },
  /** The insured platform pays from a personal account for a resident (insutype 390; A1). */
  "account-for-resident": { plantedBy: "insured platform", caughtBy: "A1" },
  /** The insured platform applies a higher pooled ratio than its published policy (P1). */
  "policy-mismatch": { plantedBy: "insured platform", caughtBy: "P1" },
  /** The insured platform pays part of the patient's share from a relative's account with no family-sharing binding (A2). */
  "family-sharing-unbound": { plantedBy: "insured platform", caughtBy: "A2" },
  /** The hospital bills an already settled encounter again under a new message id (D1). */
  "duplicate-billing": { plantedBy: "treatment side", caughtBy: "D1" },
  /** An outpatient claim far above the review threshold (R1). */
  "inflated-outpatient": { plantedBy: "treatment side", caughtBy: "R1" },
  /** A second inpatient stay of a person, overlapping a stay already settled (O1). */
  "overlapping-stay": { plantedBy: "treatment side", caughtBy: "O1" },
  /** The same person treated in another province 30 minutes after a settled visit (T1). */
  "impossible-travel": { plantedBy: "treatment side", caughtBy: "T1" },
  /** A person's third pharmacy purchase on the same day (M1). */
  "pharmacy-repeat": { plantedBy: "treatment side", caughtBy: "M1" },
  /** Another encounter sent under the msgid of a settled claim, with a new idempotency key (D2). */
  "reused-msgid": { plantedBy: "treatment side", caughtBy: "D2" },
  /** Cross-province care without a filing, insured in a pool whose policy requires one (F1). */
  "unfiled-care": { plantedBy: "treatment side", caughtBy: "F1" },
  /** An outpatient claim of 5,000.00 yuan insured in a pool whose annual outpatient quota is 0 (Q1, held). */
  "quota-exceeded": { plantedBy: "treatment side", caughtBy: "Q1" },
  /** A claim from an institution missing from its province's complete networked list (N1). */
  "unlisted-institution": { plantedBy: "treatment side", caughtBy: "N1" },
  /** A claim from an institution the registry shows suspended on the day of care: refused at intake (N1 in the auditor as a second line). */
  "suspended-institution": { plantedBy: "treatment side", caughtBy: "intake (registry), N1" },
  /** Lines sent without their split (fee-upload shape) and the insured platform answers no per-line results (L1). */
  "line-results-missing": { plantedBy: "insured platform", caughtBy: "L1" },
  /** A settled claim is cancelled (reversed), then the treatment side tries to reverse that reversal (a second 2208, or a 2601 of the cancel). */
  "reversal-of-reversal": { plantedBy: "treatment side", caughtBy: "cancel once (repeat answered, 2601 refused), one ledger negation" },
  /** An inpatient stay settled in parts whose final leaves out the interim's fee lines: it does not net the interim (S2). */
  "interim-not-netting": { plantedBy: "treatment side", caughtBy: "S2" },
} as const;

/** Share of clean inpatient claims sent as an interim / final pair (the interim first, the final counted). */
export const CLEAN_INTERIM_SHARE = 0.3;

/** How a claim's fee lines are sent: with their catalogue split, or in the fee-upload shape without it. */
export type LineShape = "split" | "no-split";

/** Share of claims sent in the fee-upload shape (lines without their split); they must settle like the others. */
export const NO_SPLIT_SHARE = 0.4;

/** Categories whose claims are always sent in one shape. */
export const SHAPE_OF_CATEGORY: Partial<Record<PlannedCategory, LineShape>> = { "line-results-missing": "no-split", "inflated-outpatient": "split", "quota-exceeded": "split", "interim-not-netting": "no-split" };

/** Categories planted after phase 1, against a claim that phase 1 settled. */
export const FOLLOW_UP_CATEGORIES: ReadonlySet<PlannedCategory> = new Set(["duplicate-billing", "overlapping-stay", "impossible-travel", "pharmacy-repeat", "reused-msgid", "interim-not-netting"]);
/** Categories planted after the follow-ups, on a claim phase 1 settled: reversals (reversal-of-reversal.ts). */
export const REVERSAL_CATEGORIES: ReadonlySet<PlannedCategory> = new Set(["reversal-of-reversal"]);
export type AnomalyCategory = keyof typeof ANOMALY_CATEGORIES;
export type PlannedCategory = AnomalyCategory | "clean";

/** Which category each of `count` claims gets: `rate` of them anomalous, spread evenly, seeded. */
export function planCategories(count: number, rate: number, seed: number): PlannedCategory[] {
  const rng = createSeededRandom(seed);
  const names = Object.keys(ANOMALY_CATEGORIES) as AnomalyCategory[];
  return Array.from({ length: count }, () => (rng.next() < rate ? names[rng.int(0, names.length - 1)]! : "clean"));
}

const STATED = ["hifpPay", "fundPaySumamt", "psnCashPay", "acctPay", "psnPartAmt", "inscpScpAmt"] as const;

/** How an insured platform's planted anomaly alters its own correct adjudication. */
export function plantInAdjudication(category: PlannedCategory, adjudication: Adjudication): Adjudication {
  // The simulated platform states every amount; read here as it does.
  const out = { ...adjudication } as Adjudication & Record<(typeof STATED)[number], bigint>;
  for (const k of STATED) out[k] = adjudication[k] ?? 0n;
  switch (category) {
    case "fund-off-by-one-fen":
      out.hifpPay += 1n;
      out.fundPaySumamt += 1n;
      return out;
    case "account-for-resident": {
      const acct = out.psnCashPay > 0n ? out.psnCashPay : 0n;
      out.acctPay += acct === 0n ? 1n : acct;
      out.psnCashPay -= acct === 0n ? 0n : acct;
      if (acct === 0n) out.psnPartAmt += 1n;
      return out;
    }
    case "policy-mismatch": {
      const extra = out.inscpScpAmt / 20n + 1n;
      out.hifpPay += extra;
      out.fundPaySumamt += extra;
      out.psnPartAmt -= extra;
      out.psnCashPay -= extra;
      return out;
    }
    case "line-results-missing":
      out.feeLines = [];
      return out;
    case "family-sharing-unbound":
      // A relative's account pays (part of) the cash share; no binding is registered in the run.
      out.acctMulaidPay = out.psnCashPay > 0n ? (out.psnCashPay < 5_000n ? out.psnCashPay : 5_000n) : 1n;
      return out;
    default:
      return out;
  }
}

/** The institution code an "unlisted-institution" claim is sent under: never on its province's list. */
export const unlistedInstitution = (treatmentAdmdvs: string): string => `H${treatmentAdmdvs}99999`;

/** The insured pool of "unfiled-care" claims (Suzhou): the run gives it Jiangsu's policy with filing required; no clean claim is insured there. */
export const FILING_REQUIRED_POOL = "320500";

/** The insured pool of "quota-exceeded" claims (Wenzhou): the run gives it Zhejiang's policy with an outpatient quota of 0. */
export const QUOTA_POOL = "330300";

/** The institution code a "suspended-institution" claim is sent under: registered, suspended since 2020. */
export const suspendedInstitution = (treatmentAdmdvs: string): string => `H${treatmentAdmdvs}88888`;

/**
 * The "quota-exceeded" claim: an outpatient settle message restated as 5,000.00 yuan within policy,
 * without fee lines (below R1's review threshold; its pooled-fund share exceeds a quota of 0).
 */
export function quotaOutpatient(json: NhsaSettleJson): Uint8Array {
  const copy = structuredClone(json) as unknown as { input: Record<string, unknown> & { data: Record<string, unknown> } };
  copy.input.feedetail = [];
  Object.assign(copy.input.data, { medfee_sumamt: "5000.00", inscp_scp_amt: "5000.00", fulamt_ownpay_amt: "0.00", overlmt_selfpay: "0.00", preselfpay_amt: "0.00" });
  return new TextEncoder().encode(JSON.stringify(copy));
}

/**
 * The treatment side's "inflated-outpatient" anomaly: the national settle message of an outpatient
 * claim restated as 30,000.00 yuan without fee lines (above R1's outpatient review threshold, so the
 * claim is held). Returns the new message bytes.
 */
export function inflateOutpatient(json: NhsaSettleJson): Uint8Array {
  const copy = structuredClone(json) as unknown as { input: Record<string, unknown> & { data: Record<string, unknown> } };
  copy.input.feedetail = [];
  Object.assign(copy.input.data, { medfee_sumamt: "30000.00", inscp_scp_amt: "30000.00", fulamt_ownpay_amt: "0.00", overlmt_selfpay: "0.00", preselfpay_amt: "0.00" });
  return new TextEncoder().encode(JSON.stringify(copy));
}
